/* printf-family formatting. The formatter writes through a small sink so
 * the same code serves printf (stdout buffer) and snprintf (caller buffer).
 * Supported: %d %i %u %x %X %o %p %s %c %% %f %F %e %E %g %G, flags - 0 +
 * space #, width and precision (numbers or *), length hh h l ll z j t L. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include "stdout_buffer.h"

struct sink
{
  void (*put)(struct sink *s, char c);
  char *buf;       /* snprintf: destination */
  size_t cap;      /* snprintf: room including the terminating NUL */
  size_t count;    /* characters produced so far (also beyond cap) */
};

static void
emit(struct sink *s, char c)
{
  s->put(s, c);
  s->count++;
}

static void
emit_repeat(struct sink *s, char c, int n)
{
  while (n-- > 0)
    emit(s, c);
}

enum
{
  F_LEFT = 1,
  F_ZERO = 2,
  F_PLUS = 4,
  F_SPACE = 8,
  F_ALT = 16,
  F_UPPER = 32,
};

/* Digits of v in `base`, least significant first; returns their count.
 * 32-bit values avoid the 64-bit division helpers (faster when emulated). */
static int
to_digits(char *out, unsigned long long v, unsigned base, int upper)
{
  char const *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  if ((v >> 32) == 0)
    {
      unsigned long w = (unsigned long)v;
      do
        {
          out[n++] = digits[w % base];
          w /= base;
        }
      while (w);
      return n;
    }
  do
    {
      out[n++] = digits[v % base];
      v /= base;
    }
  while (v);
  return n;
}

static void
format_number(struct sink *s, unsigned long long v, int negative,
              unsigned base, int flags, int width, int prec)
{
  char digits[24];
  char prefix[2];
  int nd = 0, np = 0, zeros = 0, len, i;

  if (!(prec == 0 && v == 0))
    nd = to_digits(digits, v, base, flags & F_UPPER);

  if (negative)
    prefix[np++] = '-';
  else if (flags & F_PLUS)
    prefix[np++] = '+';
  else if (flags & F_SPACE)
    prefix[np++] = ' ';

  if ((flags & F_ALT) && base == 16 && v != 0)
    {
      prefix[np++] = '0';
      prefix[np++] = (flags & F_UPPER) ? 'X' : 'x';
    }
  if ((flags & F_ALT) && base == 8 && (prec <= nd))
    prec = nd + 1; /* octal alternate form: a leading 0 */

  if (prec > nd)
    zeros = prec - nd;
  len = np + zeros + nd;
  if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 && width > len)
    {
      zeros += width - len;
      len = width;
    }

  if (!(flags & F_LEFT))
    emit_repeat(s, ' ', width - len);
  for (i = 0; i < np; ++i)
    emit(s, prefix[i]);
  emit_repeat(s, '0', zeros);
  while (nd > 0)
    emit(s, digits[--nd]);
  if (flags & F_LEFT)
    emit_repeat(s, ' ', width - len);
}

static void
format_string(struct sink *s, char const *str, int flags, int width, int prec)
{
  int len = 0;
  if (!str)
    str = "(null)";
  while (str[len] && (prec < 0 || len < prec))
    ++len;
  if (!(flags & F_LEFT))
    emit_repeat(s, ' ', width - len);
  for (int i = 0; i < len; ++i)
    emit(s, str[i]);
  if (flags & F_LEFT)
    emit_repeat(s, ' ', width - len);
}

/* Most digits a %f/%e conversion computes; more precision prints zeros. */
enum { MAX_FLOAT_PREC = 40 };

/* Writes digits of 0 <= v < 1e18 with `prec` decimals (v already rounded);
 * returns the length. */
static int
fixed_digits(char *out, double v, int prec)
{
  char tmp[24];
  long long ip = (long long)v;
  double frac = v - (double)ip;
  int n = 0, k = to_digits(tmp, (unsigned long long)ip, 10, 0);
  while (k > 0)
    out[n++] = tmp[--k];
  if (prec > 0)
    out[n++] = '.';
  for (int i = 0; i < prec; ++i)
    {
      int d;
      frac *= 10;
      d = (int)frac;
      if (d > 9)
        d = 9;
      out[n++] = (char)('0' + d);
      frac -= d;
    }
  return n;
}

static double
power10(int n)
{
  double p = 1;
  while (n-- > 0)
    p *= 10;
  return p;
}

/* v >= 0 as d.ddd with `prec` decimals and its decimal exponent. */
static int
exp_digits(char *out, double v, int prec, int upper)
{
  int e10 = 0, n;
  if (v != 0)
    {
      while (v >= 10)
        {
          v /= 10;
          ++e10;
        }
      while (v < 1)
        {
          v *= 10;
          --e10;
        }
      v += 0.5 / power10(prec);
      if (v >= 10)
        {
          v /= 10;
          ++e10;
        }
    }
  n = fixed_digits(out, v, prec);
  out[n++] = upper ? 'E' : 'e';
  out[n++] = e10 < 0 ? '-' : '+';
  if (e10 < 0)
    e10 = -e10;
  if (e10 >= 100)
    out[n++] = (char)('0' + e10 / 100);
  out[n++] = (char)('0' + e10 / 10 % 10);
  out[n++] = (char)('0' + e10 % 10);
  return n;
}

/* The decimal exponent %e would print for v > 0 at precision prec. */
static int
decimal_exponent(double v, int prec)
{
  int e10 = 0;
  if (v == 0)
    return 0;
  while (v >= 10)
    {
      v /= 10;
      ++e10;
    }
  while (v < 1)
    {
      v *= 10;
      --e10;
    }
  if (v + 0.5 / power10(prec) >= 10)
    ++e10;
  return e10;
}

/* Drops trailing zeros of the fraction (and a bare '.') before any exponent. */
static int
strip_zeros(char *buf, int n)
{
  int dot = -1, exp = n, i, j;
  for (i = 0; i < n; ++i)
    {
      if (buf[i] == '.')
        dot = i;
      if (buf[i] == 'e' || buf[i] == 'E')
        {
          exp = i;
          break;
        }
    }
  if (dot < 0)
    return n;
  for (i = exp; i > dot + 1 && buf[i - 1] == '0'; --i)
    ;
  if (i == dot + 1)
    i = dot;
  for (j = exp; j < n; ++j)
    buf[i++] = buf[j];
  return i;
}

static void
format_double(struct sink *s, double v, char conv, int flags, int width,
              int prec)
{
  union { double d; unsigned long long u; } bits = { v };
  int negative = (int)(bits.u >> 63);
  int upper = conv == 'F' || conv == 'E' || conv == 'G';
  int exponent_bits = (int)((bits.u >> 52) & 0x7ff);
  char buf[MAX_FLOAT_PREC + 32];
  char sign = 0;
  int n, zeros = 0, len;

  if (negative)
    v = -v;
  if (prec < 0)
    prec = 6;
  if (prec > MAX_FLOAT_PREC)
    prec = MAX_FLOAT_PREC;
  if (negative)
    sign = '-';
  else if (flags & F_PLUS)
    sign = '+';
  else if (flags & F_SPACE)
    sign = ' ';

  if (exponent_bits == 0x7ff)
    {
      char const *word = (bits.u << 12) ? (upper ? "NAN" : "nan")
                                        : (upper ? "INF" : "inf");
      for (n = 0; word[n]; ++n)
        buf[n] = word[n];
      flags &= ~F_ZERO;
    }
  else if (conv == 'e' || conv == 'E')
    n = exp_digits(buf, v, prec, upper);
  else if (conv == 'g' || conv == 'G')
    {
      int p = prec == 0 ? 1 : prec;
      int x = decimal_exponent(v, p - 1);
      if (x < p && x >= -4 && v < 1e18)
        n = fixed_digits(buf, v + 0.5 / power10(p - 1 - x), p - 1 - x);
      else
        n = exp_digits(buf, v, p - 1, upper);
      if (!(flags & F_ALT))
        n = strip_zeros(buf, n);
    }
  else if (v < 1e18)
    n = fixed_digits(buf, v + 0.5 / power10(prec), prec);
  else
    n = exp_digits(buf, v, prec, upper); /* too large for the fixed form here */

  len = n + (sign ? 1 : 0);
  if ((flags & F_ZERO) && !(flags & F_LEFT) && width > len)
    zeros = width - len;
  if (!(flags & F_LEFT) && !zeros)
    emit_repeat(s, ' ', width - len);
  if (sign)
    emit(s, sign);
  emit_repeat(s, '0', zeros);
  for (int i = 0; i < n; ++i)
    emit(s, buf[i]);
  if (flags & F_LEFT)
    emit_repeat(s, ' ', width - len);
}

static void
vformat(struct sink *s, char const *fmt, va_list ap)
{
  while (*fmt)
    {
      char const *start = fmt;
      int flags = 0, width = 0, prec = -1, lng = 0, shrt = 0, ldbl = 0;
      char conv;

      if (*fmt != '%')
        {
          emit(s, *fmt++);
          continue;
        }
      ++fmt;

      for (;; ++fmt)
        {
          if (*fmt == '-')      flags |= F_LEFT;
          else if (*fmt == '0') flags |= F_ZERO;
          else if (*fmt == '+') flags |= F_PLUS;
          else if (*fmt == ' ') flags |= F_SPACE;
          else if (*fmt == '#') flags |= F_ALT;
          else break;
        }

      if (*fmt == '*')
        {
          width = va_arg(ap, int);
          if (width < 0)
            {
              flags |= F_LEFT;
              width = -width;
            }
          ++fmt;
        }
      else
        while (*fmt >= '0' && *fmt <= '9')
          width = width * 10 + (*fmt++ - '0');

      if (*fmt == '.')
        {
          ++fmt;
          prec = 0;
          if (*fmt == '*')
            {
              prec = va_arg(ap, int);
              if (prec < 0)
                prec = -1;
              ++fmt;
            }
          else
            while (*fmt >= '0' && *fmt <= '9')
              prec = prec * 10 + (*fmt++ - '0');
        }

      /* Length modifiers: lng counts 'l's, shrt counts 'h's. On ia32 long,
       * size_t, ptrdiff_t and intmax_t-as-long are all 32 bits wide except
       * intmax_t (64). */
      for (;; ++fmt)
        {
          if (*fmt == 'l')      ++lng;
          else if (*fmt == 'h') ++shrt;
          else if (*fmt == 'z' || *fmt == 't') lng = 1;
          else if (*fmt == 'j') lng = 2;
          else if (*fmt == 'L') ldbl = 1;
          else break;
        }

      conv = *fmt;
      if (!conv)
        break;
      ++fmt;

      switch (conv)
        {
        case 'd':
        case 'i':
          {
            long long v;
            if (lng >= 2)
              v = va_arg(ap, long long);
            else if (lng == 1)
              v = va_arg(ap, long);
            else
              v = va_arg(ap, int);
            if (shrt == 1)
              v = (short)v;
            else if (shrt >= 2)
              v = (signed char)v;
            format_number(s, v < 0 ? 0ULL - (unsigned long long)v
                                   : (unsigned long long)v,
                          v < 0, 10, flags, width, prec);
            break;
          }
        case 'u':
        case 'x':
        case 'X':
        case 'o':
          {
            unsigned long long v;
            unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
            if (lng >= 2)
              v = va_arg(ap, unsigned long long);
            else if (lng == 1)
              v = va_arg(ap, unsigned long);
            else
              v = va_arg(ap, unsigned int);
            if (shrt == 1)
              v = (unsigned short)v;
            else if (shrt >= 2)
              v = (unsigned char)v;
            if (conv == 'X')
              flags |= F_UPPER;
            format_number(s, v, 0, base, flags & ~(F_PLUS | F_SPACE), width,
                          prec);
            break;
          }
        case 'p':
          {
            void *p = va_arg(ap, void *);
            if (!p)
              format_string(s, "(nil)", flags, width, -1);
            else
              format_number(s, (unsigned long)p, 0, 16, flags | F_ALT, width,
                            prec);
            break;
          }
        case 's':
          format_string(s, va_arg(ap, char const *), flags, width, prec);
          break;
        case 'c':
          {
            char c = (char)va_arg(ap, int);
            if (!(flags & F_LEFT))
              emit_repeat(s, ' ', width - 1);
            emit(s, c);
            if (flags & F_LEFT)
              emit_repeat(s, ' ', width - 1);
            break;
          }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
          {
            double v = ldbl ? (double)va_arg(ap, long double)
                            : va_arg(ap, double);
            format_double(s, v, conv, flags, width, prec);
            break;
          }
        case '%':
          emit(s, '%');
          break;
        default:
          /* Unknown conversion: print it as written. */
          while (start < fmt)
            emit(s, *start++);
          break;
        }
    }
}

static void
put_buffer(struct sink *s, char c)
{
  if (s->count + 1 < s->cap)
    s->buf[s->count] = c;
}

int
vsnprintf(char *buf, size_t size, char const *fmt, va_list ap)
{
  struct sink s = { put_buffer, buf, size, 0 };
  vformat(&s, fmt, ap);
  if (size)
    buf[s.count < size ? s.count : size - 1] = 0;
  return (int)s.count;
}

int
snprintf(char *buf, size_t size, char const *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int
vsprintf(char *buf, char const *fmt, va_list ap)
{
  return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int
sprintf(char *buf, char const *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsprintf(buf, fmt, ap);
  va_end(ap);
  return n;
}

static void
put_stdout(struct sink *s, char c)
{
  (void)s;
  __stdout_putc(c);
}

/* Provided by libc_lock.c when the whole libc is linked (see there). */
void __stdout_lock(void) __attribute__((weak));
void __stdout_unlock(void) __attribute__((weak));

int
vprintf(char const *fmt, va_list ap)
{
  struct sink s = { put_stdout, 0, 0, 0 };
  if (__stdout_lock)
    __stdout_lock();
  vformat(&s, fmt, ap);
  if (__stdout_unlock)
    __stdout_unlock();
  return (int)s.count;
}

int
printf(char const *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}
