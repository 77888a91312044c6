/* exp, log, log10, log2 and pow in double-double arithmetic: with about
 * 100 correct bits before the final rounding, results are the correctly
 * rounded ones except in astronomically rare cases, i.e. what glibc gives.
 * (The x87 f2xm1/fyl2x would be shorter, but their results depend on the
 * FPU's internal precision.) */
#include <errno.h>
#include <math.h>
#include "double_double.h"
#include "math_bits.h"

static dd_t
ln2(void)
{
  dd_t r;
  r.hi = DD_LN2_HI;
  r.lo = DD_LN2_LO;
  return r;
}

/* log(x) for finite x > 0: x = m * 2^e with m in [sqrt(1/2), sqrt(2)),
 * log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172. */
dd_t
__dd_log(double x)
{
  int e = 0, k;
  double m;
  dd_t s, s2, sum;
  if (x < 0x1p-1022)
    {
      x *= 0x1p54; /* subnormal: make it normal */
      e = -54;
    }
  e += exponent_of(x);
  m = double_of((bits_of(x) & 0x000fffffffffffffULL) | (1023ULL << 52));
  if (m > 1.4142135623730951)
    {
      m *= 0.5;
      ++e;
    }
  s = dd_div(dd_from(m - 1.0), dd_two_sum(m, 1.0)); /* m - 1 is exact */
  s2 = dd_mul(s, s);
  /* atanh(s)/s = sum s^(2k) / (2k + 1); s^2 < 0.0295, 22 terms reach 2^-110. */
  sum = dd_div(dd_from(1.0), dd_from(45.0));
  for (k = 21; k >= 0; --k)
    sum = dd_add(dd_mul(sum, s2), dd_div(dd_from(1.0), dd_from(2.0 * k + 1.0)));
  sum = dd_mul_d(dd_mul(sum, s), 2.0);
  return dd_add(dd_mul_d(ln2(), (double)e), sum);
}

/* exp(x) for |x.hi| <= 709.8: x = k ln2 + r, exp(r) from its Taylor series
 * on r / 256 and eight squarings, then scaled by 2^k. */
dd_t
__dd_exp(dd_t x)
{
  double k = round(x.hi / DD_LN2_HI);
  dd_t r = dd_sub(x, dd_mul_d(ln2(), k));
  dd_t term, sum;
  int n;
  r.hi = ldexp(r.hi, -8);
  r.lo = ldexp(r.lo, -8);
  /* |r| < 0.0014: 11 terms reach 2^-110. */
  sum = dd_from(1.0);
  term = dd_from(1.0);
  for (n = 1; n <= 12; ++n)
    {
      term = dd_div(dd_mul(term, r), dd_from((double)n));
      sum = dd_add(sum, term);
    }
  for (n = 0; n < 8; ++n)
    sum = dd_mul(sum, sum);
  sum.hi = ldexp(sum.hi, (int)k);
  sum.lo = ldexp(sum.lo, (int)k);
  return sum;
}

/* Rounds exp(x) to a double, keeping the last scaling for the rounding when
 * the result is subnormal. */
static double
exp_of(dd_t x)
{
  if (x.hi > 709.782712893384)
    {
      errno = ERANGE;
      return HUGE_VAL;
    }
  if (x.hi < -745.1332191019412)
    {
      errno = ERANGE;
      return 0.0;
    }
  if (x.hi < -708.0)
    {
      /* Compute exp(x + 64 ln2) in the normal range, then one rounding
       * scale. */
      dd_t y = __dd_exp(dd_add(x, dd_mul_d(ln2(), 64.0)));
      return dd_to_double(y) * 0x1p-64;
    }
  return dd_to_double(__dd_exp(x));
}

double
exp(double x)
{
  if (isnan(x))
    return x;
  if (isinf(x))
    return x > 0 ? x : 0.0;
  return exp_of(dd_from(x));
}

static double
log_domain(double x)
{
  if (isnan(x))
    return x;
  if (x == 0.0)
    {
      errno = ERANGE;
      return -HUGE_VAL;
    }
  errno = EDOM;
  return NAN;
}

double
log(double x)
{
  if (isnan(x) || x <= 0.0)
    return log_domain(x);
  if (isinf(x))
    return x;
  return dd_to_double(__dd_log(x));
}

double
log10(double x)
{
  dd_t ln10;
  if (isnan(x) || x <= 0.0)
    return log_domain(x);
  if (isinf(x))
    return x;
  ln10.hi = DD_LN10_HI;
  ln10.lo = DD_LN10_LO;
  return dd_to_double(dd_div(__dd_log(x), ln10));
}

double
log2(double x)
{
  if (isnan(x) || x <= 0.0)
    return log_domain(x);
  if (isinf(x))
    return x;
  return dd_to_double(dd_div(__dd_log(x), ln2()));
}

/* 0 for a non-integer, 1 for an odd integer, 2 for an even integer. */
static int
integer_kind(double y)
{
  if (trunc(y) != y || isinf(y))
    return isinf(y) ? 2 : 0;
  if (fabs(y) >= 0x1p53)
    return 2;
  return fmod(y, 2.0) != 0.0 ? 1 : 2;
}

double
pow(double x, double y)
{
  int kind;
  double r;
  dd_t t;
  if (y == 0.0 || x == 1.0)
    return 1.0;
  if (isnan(x) || isnan(y))
    return x + y;
  kind = integer_kind(y);
  if (isinf(y))
    {
      double ax = fabs(x);
      if (ax == 1.0)
        return 1.0;
      return (ax > 1.0) == (y > 0) ? HUGE_VAL : 0.0;
    }
  if (x == 0.0 || isinf(x))
    {
      int neg = signbit(x) && kind == 1;
      int big = (x == 0.0) == (y < 0); /* 0^-y and inf^y are infinite */
      if (x == 0.0 && y < 0)
        errno = ERANGE;
      r = big ? HUGE_VAL : 0.0;
      return neg ? -r : r;
    }
  if (x < 0.0 && kind == 0)
    {
      errno = EDOM;
      return NAN;
    }
  t = dd_mul_d(__dd_log(fabs(x)), y);
  r = exp_of(t);
  return x < 0.0 && kind == 1 ? -r : r;
}

/* 10^n, exact for 0 <= n <= 22 and to double-double precision beyond. */
dd_t
__dd_pow10(int n)
{
  dd_t r = dd_from(1.0), b = dd_from(10.0);
  unsigned u = (unsigned)(n < 0 ? -n : n);
  for (; u; u >>= 1)
    {
      if (u & 1)
        r = dd_mul(r, b);
      b = dd_mul(b, b);
    }
  return n < 0 ? dd_div(dd_from(1.0), r) : r;
}
