/* A program whose name is longer than the 13 characters l4re names a task with (l4re_itas main.cc: "#"
 * and the name in a 15-byte buffer): the test reads the task's name in the kernel. */
#include <stdio.h>

int main(void)
{
  printf("verdict: pass\n");
  return 0;
}
