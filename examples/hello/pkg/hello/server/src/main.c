/* The first program: print a greeting through the C library, which sends
 * it to the log capability of the L4Re environment. */
#include <stdio.h>

int main(void)
{
  puts("hello");
  return 0;
}
