/* Ticks five times, 1 ms apart, then exits: the task that runs on while
 * another one stops with a fault (fault containment in the debugger). */
#include <l4/sys/ipc.h>
#include <stdio.h>

int main(void)
{
  for (int i = 1; i <= 5; ++i)
    {
      l4_ipc_sleep_ms(1);
      printf("tick %d\n", i);
    }
  return 0;
}
