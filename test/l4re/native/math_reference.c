/* Host reference for the math-check guest program: the same expressions
 * (math_cases.h) computed with glibc's libm and strtod, printed the same
 * way. Built by test/l4re/math.test.ts with the host compiler. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "math_cases.h"

static void
show(char const *expr, double v)
{
  unsigned long long u;
  memcpy(&u, &v, sizeof u);
  printf("%s = %016llx\n", expr, u);
}

#define SHOW(e) show(#e, e);

int main(void)
{
  MATH_CASES(SHOW)
  printf("end of cases\n");
  return 0;
}
