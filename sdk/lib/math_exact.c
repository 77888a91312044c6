/* The exactly computable functions: fabs, rounding to integers, fmod,
 * modf, frexp, ldexp, fmin, fmax. Pure bit manipulation, so the result is
 * the same on any FPU. */
#include <errno.h>
#include <math.h>
#include "math_bits.h"

double
fabs(double x)
{
  return double_of(bits_of(x) & ~(1ULL << 63));
}

double
trunc(double x)
{
  int e = exponent_of(x);
  if (e >= 52)
    return x; /* already an integer, or inf/nan */
  if (e < 0)
    return double_of(bits_of(x) & (1ULL << 63)); /* ±0 */
  return double_of(bits_of(x) & ~(0x000fffffffffffffULL >> e));
}

double
floor(double x)
{
  double t = trunc(x);
  return t > x ? t - 1.0 : t;
}

double
ceil(double x)
{
  double t = trunc(x);
  return t < x ? t + 1.0 : t;
}

/* Halfway cases away from zero. */
double
round(double x)
{
  double t = trunc(x);
  double d = x - t; /* exact: x and t share the exponent range */
  if (d >= 0.5)
    return t + 1.0;
  if (d <= -0.5)
    return t - 1.0;
  return t;
}

double
modf(double x, double *ipart)
{
  double t = trunc(x);
  *ipart = t;
  if (isinf(x))
    return double_of(bits_of(x) & (1ULL << 63));
  return double_of((bits_of(x - t) & ~(1ULL << 63)) | (bits_of(x) & (1ULL << 63)));
}

/* The significand (with the hidden bit) and exponent of a finite non-zero
 * |x|, so that |x| = m * 2^(e - 52). */
static void
unpack(double x, uint64_t *m, int *e)
{
  uint64_t b = bits_of(x) & ~(1ULL << 63);
  int ef = (int)(b >> 52);
  *m = b & 0x000fffffffffffffULL;
  if (ef)
    {
      *m |= 1ULL << 52;
      *e = ef - 1023;
    }
  else
    {
      *e = -1022;
      while (!(*m & (1ULL << 52)))
        {
          *m <<= 1;
          --*e;
        }
    }
}

/* m * 2^(e - 52) with m in [2^52, 2^53), exact (subnormal results of fmod
 * are exact too: they are shorter than the operands). */
static double
pack(uint64_t m, int e, int negative)
{
  uint64_t sign = negative ? 1ULL << 63 : 0;
  if (e < -1022)
    {
      m >>= (-1022 - e);
      return double_of(sign | m);
    }
  return double_of(sign | ((uint64_t)(e + 1023) << 52) | (m & 0x000fffffffffffffULL));
}

double
fmod(double x, double y)
{
  uint64_t mx, my;
  int ex, ey, neg = signbit(x) != 0;
  if (isnan(x) || isnan(y) || isinf(x) || y == 0.0)
    {
      if (!isnan(x) && !isnan(y))
        errno = EDOM;
      return (x * y) / (x * y);
    }
  if (isinf(y) || fabs(x) < fabs(y) || x == 0.0)
    return x;
  unpack(x, &mx, &ex);
  unpack(y, &my, &ey);
  /* Long division, one bit at a time; only the remainder is kept. */
  for (; ex > ey; --ex)
    {
      if (mx >= my)
        mx -= my;
      mx <<= 1;
    }
  if (mx >= my)
    mx -= my;
  if (mx == 0)
    return neg ? -0.0 : 0.0;
  while (!(mx & (1ULL << 52)))
    {
      mx <<= 1;
      --ex;
    }
  return pack(mx, ex, neg);
}

double
frexp(double x, int *e)
{
  uint64_t m;
  int ex;
  if (x == 0.0 || isnan(x) || isinf(x))
    {
      *e = 0;
      return x;
    }
  unpack(x, &m, &ex);
  *e = ex + 1;
  return pack(m, -1, signbit(x) != 0);
}

double
ldexp(double x, int e)
{
  if (x == 0.0 || isnan(x) || isinf(x))
    return x;
  /* Scale in steps that stay exact until the final rounding. */
  while (e > 1000)
    {
      x *= 0x1p1000;
      e -= 1000;
      if (isinf(x))
        break;
    }
  while (e < -1000)
    {
      x *= 0x1p-1000;
      e += 1000;
      if (x == 0.0)
        break;
    }
  if (e > 0)
    x *= double_of((uint64_t)(e + 1023) << 52);
  else if (e < 0)
    {
      if (e < -1022)
        {
          x *= 0x1p-1022;
          e += 1022;
        }
      x *= double_of((uint64_t)(e + 1023) << 52); /* e >= -1022 here */
    }
  if (isinf(x) || x == 0.0)
    errno = ERANGE;
  return x;
}

double fmin(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a < b ? a : b; }
double fmax(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a > b ? a : b; }
