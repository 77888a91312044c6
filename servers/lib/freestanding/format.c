/* printf-style formatting for the servers, which link no C library (see format.h). */
#include "format.h"
struct out { char *buf; size_t size, len; };

static void put(struct out *o, char c)
{
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  ++o->len;
}

static void put_number(struct out *o, unsigned long v, unsigned base, int width, char pad, int negative)
{
  char digits[12];
  int n = 0;
  do
    {
      digits[n++] = "0123456789abcdef"[v % base];
      v /= base;
    }
  while (v);
  if (negative)
    {
      if (pad == '0')
        put(o, '-');
      --width;
    }
  for (int i = n; i < width; ++i)
    put(o, pad);
  if (negative && pad != '0')
    put(o, '-');
  while (n)
    put(o, digits[--n]);
}

int fmt_vsnprintf(char *buf, size_t size, char const *fmt, va_list ap)
{
  struct out o = { buf, size, 0 };
  for (; *fmt; ++fmt)
    {
      if (*fmt != '%')
        {
          put(&o, *fmt);
          continue;
        }
      ++fmt;
      char pad = ' ';
      int width = 0, prec = -1;
      if (*fmt == '0')
        {
          pad = '0';
          ++fmt;
        }
      while (*fmt >= '0' && *fmt <= '9')
        width = width * 10 + (*fmt++ - '0');
      if (*fmt == '.' && fmt[1] == '*')
        {
          prec = va_arg(ap, int);
          fmt += 2;
        }
      while (*fmt == 'l')
        ++fmt;
      switch (*fmt)
        {
        case 's':
          {
            char const *s = va_arg(ap, char const *);
            if (!s)
              s = "(null)";
            for (int i = 0; s[i] && (prec < 0 || i < prec); ++i)
              put(&o, s[i]);
            break;
          }
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case 'd':
          {
            long v = va_arg(ap, long);
            put_number(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, width, pad, v < 0);
            break;
          }
        case 'u': put_number(&o, va_arg(ap, unsigned long), 10, width, pad, 0); break;
        case 'x': put_number(&o, va_arg(ap, unsigned long), 16, width, pad, 0); break;
        case 'p':
          put(&o, '0');
          put(&o, 'x');
          put_number(&o, (unsigned long)va_arg(ap, void *), 16, 0, ' ', 0);
          break;
        case '%': put(&o, '%'); break;
        default:
          put(&o, '%');
          if (!*fmt)
            --fmt;
          else
            put(&o, *fmt);
        }
    }
  if (size)
    buf[o.len < size ? o.len : size - 1] = 0;
  return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, char const *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = fmt_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
