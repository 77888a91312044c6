/* strtod, strtof and atof. Decimal input keeps up to 19 significant digits
 * and scales them by a power of ten in double-double arithmetic, so the
 * result is the correctly rounded double except for inputs extremely close
 * to halfway between two doubles (or with more than 19 digits). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "double_double.h"

static int
prefix_nocase(char const *s, char const *word)
{
  for (; *word; ++s, ++word)
    if (tolower((unsigned char)*s) != *word)
      return 0;
  return 1;
}

/* An unsigned 64-bit integer as an exact double-double. */
static dd_t
dd_from_u64(unsigned long long v)
{
  double hi = (double)(unsigned)(v >> 32) * 4294967296.0; /* both exact */
  double lo = (double)(unsigned)v;
  return dd_two_sum(hi, lo);
}

static double
scale_decimal(unsigned long long mant, int e10)
{
  dd_t v = dd_from_u64(mant);
  double scale = 1.0;
  /* Two steps keep 10^|e| finite for the extreme exponents; near the top of
   * the range the products are computed 2^64 smaller (the error terms of
   * double-double products would overflow) and scaled back exactly. */
  if (e10 > 280)
    {
      v.hi *= 0x1p-64;
      v.lo *= 0x1p-64;
      scale = 0x1p64;
      v = dd_mul(v, __dd_pow10(e10 - 280));
      e10 = 280;
    }
  else if (e10 < -280)
    {
      v = dd_div(v, __dd_pow10(280));
      e10 += 280;
    }
  if (e10 >= 0)
    v = dd_mul(v, __dd_pow10(e10));
  else
    v = dd_div(v, __dd_pow10(-e10));
  return dd_to_double(v) * scale;
}

static double
parse_hex(char const *s, char const **end)
{
  unsigned long long mant = 0;
  int exp2 = 0, any = 0, dot = 0;
  for (;; ++s)
    {
      int d;
      if (*s == '.' && !dot)
        {
          dot = 1;
          continue;
        }
      if (!isxdigit((unsigned char)*s))
        break;
      d = isdigit((unsigned char)*s) ? *s - '0' : tolower((unsigned char)*s) - 'a' + 10;
      any = 1;
      if (mant >> 56)
        {
          /* Further digits only matter as sticky bits. */
          if (!dot)
            exp2 += 4;
          if (d)
            mant |= 1;
        }
      else
        {
          mant = mant * 16 + (unsigned)d;
          if (dot)
            exp2 -= 4;
        }
    }
  if (!any)
    return -1.0;
  if ((*s == 'p' || *s == 'P')
      && (isdigit((unsigned char)s[1])
          || ((s[1] == '+' || s[1] == '-') && isdigit((unsigned char)s[2]))))
    {
      int neg = s[1] == '-', e = 0;
      s += (s[1] == '+' || s[1] == '-') ? 2 : 1;
      for (; isdigit((unsigned char)*s); ++s)
        if (e < 100000)
          e = e * 10 + (*s - '0');
      exp2 += neg ? -e : e;
    }
  *end = s;
  return ldexp(dd_to_double(dd_from_u64(mant)), exp2);
}

double
strtod(char const *str, char **endp)
{
  char const *s = str;
  unsigned long long mant = 0;
  int neg = 0, digits = 0, e10 = 0, any = 0, dot = 0;
  double r;

  while (isspace((unsigned char)*s))
    ++s;
  if (*s == '+' || *s == '-')
    neg = *s++ == '-';

  if (prefix_nocase(s, "inf"))
    {
      s += prefix_nocase(s, "infinity") ? 8 : 3;
      r = HUGE_VAL;
      goto done;
    }
  if (prefix_nocase(s, "nan"))
    {
      s += 3;
      if (*s == '(')
        {
          char const *p = s + 1;
          while (isalnum((unsigned char)*p) || *p == '_')
            ++p;
          if (*p == ')')
            s = p + 1;
        }
      r = NAN;
      goto done;
    }
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    {
      char const *end = s + 1; /* "0x" without digits is just the 0 */
      r = parse_hex(s + 2, &end);
      if (r < 0)
        r = 0.0;
      s = end;
      goto done;
    }

  for (;; ++s)
    {
      if (*s == '.' && !dot)
        {
          dot = 1;
          continue;
        }
      if (!isdigit((unsigned char)*s))
        break;
      any = 1;
      if (mant == 0 && *s == '0')
        {
          if (dot)
            --e10; /* leading zeros after the point */
          continue;
        }
      if (digits < 19)
        {
          mant = mant * 10 + (unsigned)(*s - '0');
          ++digits;
          if (dot)
            --e10;
        }
      else if (!dot)
        ++e10; /* digits beyond 19 only scale */
    }
  if (!any)
    {
      if (endp)
        *endp = (char *)str;
      return 0.0;
    }
  if ((*s == 'e' || *s == 'E')
      && (isdigit((unsigned char)s[1])
          || ((s[1] == '+' || s[1] == '-') && isdigit((unsigned char)s[2]))))
    {
      int eneg = s[1] == '-', e = 0;
      s += (s[1] == '+' || s[1] == '-') ? 2 : 1;
      for (; isdigit((unsigned char)*s); ++s)
        if (e < 100000)
          e = e * 10 + (*s - '0');
      e10 += eneg ? -e : e;
    }
  if (mant == 0)
    r = 0.0;
  else if (e10 + digits > 310)
    r = HUGE_VAL;
  else if (e10 + digits < -330)
    r = 0.0;
  else
    r = scale_decimal(mant, e10);
  if (isinf(r) || (r == 0.0 && mant != 0))
    errno = ERANGE;

done:
  if (endp)
    *endp = (char *)s;
  return neg ? -r : r;
}

float
strtof(char const *s, char **end)
{
  return (float)strtod(s, end);
}

double
atof(char const *s)
{
  return strtod(s, 0);
}
