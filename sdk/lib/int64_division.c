/* 64-bit division helpers that gcc calls on ia32 for `/` and `%` on
 * (unsigned) long long. Normally these come from libgcc; the SDK brings its
 * own so that no 32-bit libgcc (multilib) is needed. Only 64-bit shifts,
 * compares and subtractions are used here, which gcc emits inline, and
 * 32-bit division for the common small case. */

typedef unsigned long long u64;
typedef long long s64;

u64 __udivmoddi4(u64 n, u64 d, u64 *rem);
s64 __divmoddi4(s64 a, s64 b, s64 *rem);
u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
s64 __divdi3(s64 a, s64 b);
s64 __moddi3(s64 a, s64 b);

static int
leading_zeros32(unsigned x)
{
  int n = 0;
  if (x == 0)
    return 32;
  if (!(x & 0xffff0000u)) { n += 16; x <<= 16; }
  if (!(x & 0xff000000u)) { n += 8;  x <<= 8; }
  if (!(x & 0xf0000000u)) { n += 4;  x <<= 4; }
  if (!(x & 0xc0000000u)) { n += 2;  x <<= 2; }
  if (!(x & 0x80000000u)) { n += 1; }
  return n;
}

static int
leading_zeros64(u64 x)
{
  unsigned hi = (unsigned)(x >> 32);
  return hi ? leading_zeros32(hi) : 32 + leading_zeros32((unsigned)x);
}

u64
__udivmoddi4(u64 n, u64 d, u64 *rem)
{
  u64 q = 0;
  int shift, i;

  if (d == 0)
    {
      /* Divide by zero: raise the CPU's divide error like hardware would. */
      volatile unsigned zero = 0;
      return 1u / zero;
    }
  if ((n >> 32) == 0 && (d >> 32) == 0)
    {
      if (rem)
        *rem = (unsigned)n % (unsigned)d;
      return (unsigned)n / (unsigned)d;
    }
  if (d > n)
    {
      if (rem)
        *rem = n;
      return 0;
    }

  /* Long division, one quotient bit per step, starting with d aligned to
   * the most significant bit of n. */
  shift = leading_zeros64(d) - leading_zeros64(n);
  d <<= shift;
  for (i = 0; i <= shift; ++i)
    {
      q <<= 1;
      if (n >= d)
        {
          n -= d;
          q |= 1;
        }
      d >>= 1;
    }
  if (rem)
    *rem = n;
  return q;
}

u64
__udivdi3(u64 n, u64 d)
{
  return __udivmoddi4(n, d, 0);
}

u64
__umoddi3(u64 n, u64 d)
{
  u64 r;
  __udivmoddi4(n, d, &r);
  return r;
}

/* Signed forms: divide magnitudes; the quotient is negative when the signs
 * differ, the remainder takes the sign of the dividend (C semantics). */
s64
__divmoddi4(s64 a, s64 b, s64 *rem)
{
  int neg_a = a < 0, neg_b = b < 0;
  u64 ua = neg_a ? 0 - (u64)a : (u64)a;
  u64 ub = neg_b ? 0 - (u64)b : (u64)b;
  u64 r;
  u64 q = __udivmoddi4(ua, ub, &r);
  if (rem)
    *rem = neg_a ? -(s64)r : (s64)r;
  return neg_a != neg_b ? -(s64)q : (s64)q;
}

s64
__divdi3(s64 a, s64 b)
{
  return __divmoddi4(a, b, 0);
}

s64
__moddi3(s64 a, s64 b)
{
  s64 r;
  __divmoddi4(a, b, &r);
  return r;
}
