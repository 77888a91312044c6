/* Double-double arithmetic: a value is hi + lo with |lo| <= ulp(hi)/2, about
 * 106 bits of precision from plain doubles. exp, log, pow and strtod use it
 * to get results that round like glibc's. Every operation is a separate
 * store to a volatile double, so x87 excess precision cannot creep into the
 * error terms. */
#ifndef SDK_DOUBLE_DOUBLE_H
#define SDK_DOUBLE_DOUBLE_H

typedef struct
{
  double hi, lo;
} dd_t;

static inline dd_t
dd_two_sum(double a, double b)
{
  volatile double s = a + b;
  volatile double bb = s - a;
  volatile double t1 = s - bb;
  volatile double t2 = a - t1;
  volatile double t3 = b - bb;
  dd_t r;
  r.hi = s;
  r.lo = t2 + t3;
  return r;
}

static inline dd_t
dd_fast_two_sum(double a, double b) /* |a| >= |b| */
{
  volatile double s = a + b;
  volatile double t = s - a;
  dd_t r;
  r.hi = s;
  r.lo = b - t;
  return r;
}

static inline void
dd_split(double a, double *hi, double *lo)
{
  volatile double c, d, h;
  if (a > 0x1p995 || a < -0x1p995)
    {
      /* 2^27 a would overflow: split a smaller copy (exact scaling). */
      dd_split(a * 0x1p-28, hi, lo);
      *hi *= 0x1p28;
      *lo *= 0x1p28;
      return;
    }
  c = 134217729.0 * a; /* 2^27 + 1 */
  d = c - a;
  h = c - d;
  *hi = h;
  *lo = a - h;
}

static inline dd_t
dd_two_prod(double a, double b)
{
  double ah, al, bh, bl;
  volatile double p = a * b;
  volatile double e;
  dd_t r;
  dd_split(a, &ah, &al);
  dd_split(b, &bh, &bl);
  e = ah * bh - p;
  e = e + ah * bl;
  e = e + al * bh;
  e = e + al * bl;
  r.hi = p;
  r.lo = e;
  return r;
}

static inline dd_t
dd_make(double hi, double lo)
{
  return dd_fast_two_sum(hi, lo);
}

static inline dd_t
dd_add(dd_t a, dd_t b)
{
  dd_t s = dd_two_sum(a.hi, b.hi);
  dd_t t = dd_two_sum(a.lo, b.lo);
  volatile double lo = s.lo + t.hi;
  s = dd_fast_two_sum(s.hi, lo);
  lo = s.lo + t.lo;
  return dd_fast_two_sum(s.hi, lo);
}

static inline dd_t
dd_neg(dd_t a)
{
  a.hi = -a.hi;
  a.lo = -a.lo;
  return a;
}

static inline dd_t
dd_sub(dd_t a, dd_t b)
{
  return dd_add(a, dd_neg(b));
}

static inline dd_t
dd_mul(dd_t a, dd_t b)
{
  dd_t p = dd_two_prod(a.hi, b.hi);
  volatile double lo = p.lo + a.hi * b.lo;
  lo = lo + a.lo * b.hi;
  return dd_fast_two_sum(p.hi, lo);
}

static inline dd_t
dd_mul_d(dd_t a, double b)
{
  dd_t p = dd_two_prod(a.hi, b);
  volatile double lo = p.lo + a.lo * b;
  return dd_fast_two_sum(p.hi, lo);
}

static inline dd_t
dd_div(dd_t a, dd_t b)
{
  /* Two Newton-like correction steps on the quotient. */
  volatile double q1 = a.hi / b.hi;
  dd_t r = dd_sub(a, dd_mul_d(b, q1));
  volatile double q2 = r.hi / b.hi;
  dd_t q;
  r = dd_sub(r, dd_mul_d(b, q2));
  {
    volatile double q3 = r.hi / b.hi;
    q = dd_fast_two_sum(q1, q2);
    return dd_add(q, dd_make(q3, 0.0));
  }
}

static inline dd_t
dd_from(double a)
{
  dd_t r;
  r.hi = a;
  r.lo = 0.0;
  return r;
}

static inline double
dd_to_double(dd_t a)
{
  volatile double r = a.hi + a.lo;
  return r;
}

/* log(2) and log(10) to double-double precision. */
#define DD_LN2_HI 0x1.62e42fefa39efp-1
#define DD_LN2_LO 0x1.abc9e3b39803fp-56
#define DD_LN10_HI 0x1.26bb1bbb55516p+1
#define DD_LN10_LO -0x1.f48ad494ea3e9p-53

/* exp and log of double-double values (defined in math_exp_log.c). */
dd_t __dd_log(double x);
dd_t __dd_exp(dd_t x);
/* 10^n as a double-double (defined in math_exp_log.c). */
dd_t __dd_pow10(int n);

#endif
