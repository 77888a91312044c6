/* The little C library l4re uses (see support.h); the same as moe's (servers/pkg/moe). */
#include "support.h"

void *memcpy(void *dst, void const *src, size_t n)
{
  char *d = dst;
  char const *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, void const *src, size_t n)
{
  char *d = dst;
  char const *s = src;
  if (d < s)
    while (n--)
      *d++ = *s++;
  else
    while (n--)
      d[n] = s[n];
  return dst;
}

void *memset(void *dst, int c, size_t n)
{
  char *d = dst;
  while (n--)
    *d++ = (char)c;
  return dst;
}

int memcmp(void const *a, void const *b, size_t n)
{
  unsigned char const *x = a, *y = b;
  for (; n; --n, ++x, ++y)
    if (*x != *y)
      return *x - *y;
  return 0;
}

size_t strlen(char const *s)
{
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}

int strcmp(char const *a, char const *b)
{
  for (; *a && *a == *b; ++a, ++b)
    ;
  return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(char const *a, char const *b, size_t n)
{
  for (; n; --n, ++a, ++b)
    if (*a != *b || !*a)
      return (unsigned char)*a - (unsigned char)*b;
  return 0;
}

char *strncpy(char *dst, char const *src, size_t n)
{
  size_t i = 0;
  for (; i < n && src[i]; ++i)
    dst[i] = src[i];
  for (; i < n; ++i)
    dst[i] = 0;
  return dst;
}

char *strcpy(char *dst, char const *src)
{
  char *d = dst;
  while ((*d++ = *src++))
    ;
  return dst;
}

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

int l4re_vsnprintf(char *buf, size_t size, char const *fmt, va_list ap)
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

int l4re_snprintf(char *buf, size_t size, char const *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = l4re_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
