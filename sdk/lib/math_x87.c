/* sqrt and the trigonometric functions on the x87 instructions (fsqrt,
 * fsin, fcos, fptan, fpatan). fsin/fcos/fptan take |x| < 2^63 only; larger
 * arguments are first reduced modulo 2 pi with fprem1. */
#include <errno.h>
#include <math.h>

double
sqrt(double x)
{
  double r;
  if (x < 0.0)
    {
      errno = EDOM;
      return NAN;
    }
  __asm__("fsqrt" : "=t"(r) : "0"(x));
  return r;
}

/* x modulo 2 pi (in the FPU's precision) when fsin cannot take x. */
static double
reduce(double x)
{
  double r;
  if (fabs(x) < 0x1p62)
    return x;
  __asm__("fldpi\n\t"
          "fadd %%st(0), %%st(0)\n\t"
          "fxch %%st(1)\n"
          "1:\n\t"
          "fprem1\n\t"
          "fnstsw %%ax\n\t"
          "testb $4, %%ah\n\t"
          "jnz 1b\n\t"
          "fstp %%st(1)"
          : "=t"(r) : "0"(x) : "ax", "cc");
  return r;
}

static double
domain_error(double x)
{
  if (isinf(x))
    errno = EDOM;
  return x - x; /* nan for inf and nan */
}

double
sin(double x)
{
  double r;
  if (isnan(x) || isinf(x))
    return domain_error(x);
  __asm__("fsin" : "=t"(r) : "0"(reduce(x)));
  return r;
}

double
cos(double x)
{
  double r;
  if (isnan(x) || isinf(x))
    return domain_error(x);
  __asm__("fcos" : "=t"(r) : "0"(reduce(x)));
  return r;
}

double
tan(double x)
{
  double r;
  if (isnan(x) || isinf(x))
    return domain_error(x);
  /* fptan pushes 1.0 after the result; pop it. */
  __asm__("fptan\n\tfstp %%st(0)" : "=t"(r) : "0"(reduce(x)));
  return r;
}

double
atan2(double y, double x)
{
  double r;
  /* fpatan: st(0) = atan(st(1) / st(0)) with the quadrant of both. */
  __asm__("fpatan" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
  return r;
}

double
atan(double x)
{
  return atan2(x, 1.0);
}

double
asin(double x)
{
  if (fabs(x) > 1.0)
    {
      errno = EDOM;
      return NAN;
    }
  return atan2(x, sqrt((1.0 - x) * (1.0 + x)));
}

double
acos(double x)
{
  if (fabs(x) > 1.0)
    {
      errno = EDOM;
      return NAN;
    }
  return atan2(sqrt((1.0 - x) * (1.0 + x)), x);
}

double
hypot(double x, double y)
{
  double ax = fabs(x), ay = fabs(y), t;
  if (isinf(x) || isinf(y))
    return HUGE_VAL;
  if (ax < ay)
    {
      t = ax;
      ax = ay;
      ay = t;
    }
  if (ax == 0.0)
    return 0.0;
  t = ay / ax;
  return ax * sqrt(1.0 + t * t);
}
