/* math.h, strtod/atof and sscanf. Prints the bits of each math result for
 * the test to compare with glibc's (math_cases.h), then sscanf results. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "math_cases.h"

static void
show(char const *expr, double v)
{
  union { double d; unsigned long long u; } b;
  b.d = v;
  printf("%s = %08x%08x\n", expr, (unsigned)(b.u >> 32), (unsigned)b.u);
}

#define SHOW(e) show(#e, e);

int main(void)
{
  int d, x, n, r;
  unsigned u;
  long l;
  short h;
  float f;
  double g, v;
  char s[32], c[3], set[16];
  char *end;

  MATH_CASES(SHOW)
  printf("end of cases\n");

  errno = 0;
  g = sqrt(-1.0);
  printf("sqrt(-1) nan %d EDOM %d\n", isnan(g), errno == EDOM);
  errno = 0;
  g = log(0.0);
  printf("log(0) -inf %d ERANGE %d\n", isinf(g) && g < 0, errno == ERANGE);
  errno = 0;
  g = exp(1000.0);
  printf("exp(1000) inf %d ERANGE %d\n", isinf(g) > 0, errno == ERANGE);
  errno = 0;
  g = pow(-2.0, 0.5);
  printf("pow(-2, 0.5) nan %d EDOM %d\n", isnan(g), errno == EDOM);
  printf("pow(0, -1) %f, pow(-0.0, -3) %f, pow(2, inf) %f, pow(nan, 0) %f\n",
         pow(0.0, -1.0), pow(-0.0, -3.0), pow(2.0, INFINITY), pow(NAN, 0.0));
  printf("fmod(1, 0) nan %d, sin(inf) nan %d\n", isnan(fmod(1.0, 0.0)), isnan(sin(INFINITY)));
  g = frexp(48.0, &n);
  printf("frexp %f %d, ldexp %g\n", g, n, ldexp(0.75, 10));
  g = modf(-3.75, &v);
  printf("modf %f int part %f\n", g, v);
  printf("printf of results: %.15f %.10e %g\n", M_PI, exp(1.0), pow(2.0, 0.5));

  g = strtod("12.5kg", &end);
  printf("strtod rest '%s' value %g\n", end, g);
  {
    char const *text = "abc";
    g = strtod(text, &end);
    printf("strtod no number: %g, end at the start %d\n", g, end == text);
  }
  errno = 0;
  g = strtod("1e999", 0);
  printf("strtod 1e999 inf %d ERANGE %d; inf %f nan %d\n", isinf(g) > 0, errno == ERANGE,
         strtod("-Infinity", 0), isnan(strtod("nan", 0)));

  r = sscanf("  42 0x1f -7", "%d %x %ld", &d, &x, &l);
  printf("sscanf %d: %d %d %ld\n", r, d, x, l);
  r = sscanf("3.75 2.5e2 word!", "%f %lf %s", &f, &g, s);
  printf("sscanf %d: %g %g '%s'\n", r, (double)f, g, s);
  r = sscanf("key=value;rest", "%15[^=]=%15[a-z]%n", s, set, &n);
  printf("sscanf %d: '%s' '%s' consumed %d\n", r, s, set, n);
  r = sscanf("12345", "%3d%2hd", &d, &h);
  printf("sscanf widths %d: %d %d\n", r, d, h);
  r = sscanf("ab 77", "%2c %*d", c);
  c[2] = 0;
  printf("sscanf %%c and %%*d: %d '%s'\n", r, c);
  r = sscanf("10 apples", "%d pears", &d);
  printf("sscanf literal mismatch: %d %d\n", r, d);
  r = sscanf("x", "%d", &d);
  printf("sscanf no number: %d\n", r);
  r = sscanf("", "%d", &d);
  printf("sscanf empty input: %d\n", r);
  r = sscanf("-12 4000000000 077 100%", "%i %u %o %d%%", &d, &u, &x, &n);
  printf("sscanf %d: %d %u %d %d\n", r, d, u, x, n);
  return 0;
}
