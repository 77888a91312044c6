/* Waiting for time to pass: l4_sleep blocks the thread in an IPC that can
 * only end with its timeout. The kernel clock (in the KIP) shows how long
 * the thread slept; the emulated clock makes the numbers exact. */
#include <l4/sys/kip.h>
#include <l4/util/util.h>
#include <stdio.h>

int main(void)
{
  for (int ms = 100; ms <= 300; ms += 100)
    {
      l4_cpu_time_t before = l4_kip_clock(l4_kip());
      l4_sleep(ms);
      l4_cpu_time_t after = l4_kip_clock(l4_kip());
      printf("l4_sleep(%d) returned after %llu ms\n", ms, (after - before) / 1000);
    }
  printf("done sleeping\n");
  return 0;
}
