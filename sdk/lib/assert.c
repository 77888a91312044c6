/* The failure path of assert(), in glibc's wording. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void
__assert_fail(char const *expr, char const *file, unsigned line,
              char const *function)
{
  printf("%s:%u: %s: Assertion `%s' failed.\n", file, line, function, expr);
  abort();
}
