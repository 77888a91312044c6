/* The first program: print a greeting through the C library, which sends
 * it to the log capability of the L4Re environment. */
#include <stdio.h>

int main(int argc, char **argv)
{
  (void)argc;
  printf("Hello World!\n");
  printf("I am %s, started by moe.\n", argv[0]);
  return 0;
}
