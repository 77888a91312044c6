/* sscanf and vsscanf. Numbers are copied (up to the field width) into a
 * small buffer and converted by strtoll/strtoull/strtod, whose end pointer
 * says how much of the input they took. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum size { SZ_HH, SZ_H, SZ_INT, SZ_L, SZ_LL, SZ_LD, SZ_SIZE, SZ_MAX, SZ_PTRDIFF };

enum { FIELD_MAX = 400 };

static void
store_signed(va_list *ap, enum size sz, long long v)
{
  switch (sz)
    {
    case SZ_HH: *va_arg(*ap, signed char *) = (signed char)v; break;
    case SZ_H: *va_arg(*ap, short *) = (short)v; break;
    case SZ_L: *va_arg(*ap, long *) = (long)v; break;
    case SZ_LL: case SZ_MAX: *va_arg(*ap, long long *) = v; break;
    case SZ_SIZE: *va_arg(*ap, size_t *) = (size_t)v; break;
    case SZ_PTRDIFF: *va_arg(*ap, ptrdiff_t *) = (ptrdiff_t)v; break;
    default: *va_arg(*ap, int *) = (int)v; break;
    }
}

/* In a scanset [...]: does c belong to it? set points after the '['. */
static int
in_scanset(char const *set, char const *set_end, unsigned char c)
{
  int negate = *set == '^', found = 0;
  char const *p = set + negate;
  for (; p < set_end; ++p)
    {
      if (p[1] == '-' && p + 2 < set_end)
        {
          if (c >= (unsigned char)p[0] && c <= (unsigned char)p[2])
            found = 1;
          p += 2;
        }
      else if ((unsigned char)*p == c)
        found = 1;
    }
  return found != negate;
}

int
vsscanf(char const *str, char const *fmt, va_list ap0)
{
  char const *in = str;
  int assigned = 0, converted_any = 0;
  va_list ap;
  va_copy(ap, ap0);

  while (*fmt)
    {
      int suppress = 0, width = 0;
      enum size sz = SZ_INT;
      char conv;

      if (isspace((unsigned char)*fmt))
        {
          while (isspace((unsigned char)*fmt))
            ++fmt;
          while (isspace((unsigned char)*in))
            ++in;
          continue;
        }
      if (*fmt != '%' || fmt[1] == '%')
        {
          if (*fmt == '%')
            {
              ++fmt;
              while (isspace((unsigned char)*in))
                ++in;
            }
          if (*in == '\0')
            goto input_failure;
          if (*in != *fmt)
            break;
          ++in;
          ++fmt;
          continue;
        }

      ++fmt;
      if (*fmt == '*')
        {
          suppress = 1;
          ++fmt;
        }
      while (isdigit((unsigned char)*fmt))
        width = width * 10 + (*fmt++ - '0');
      switch (*fmt)
        {
        case 'h': sz = fmt[1] == 'h' ? (++fmt, SZ_HH) : SZ_H; ++fmt; break;
        case 'l': sz = fmt[1] == 'l' ? (++fmt, SZ_LL) : SZ_L; ++fmt; break;
        case 'L': case 'q': sz = SZ_LD; ++fmt; break;
        case 'z': sz = SZ_SIZE; ++fmt; break;
        case 'j': sz = SZ_MAX; ++fmt; break;
        case 't': sz = SZ_PTRDIFF; ++fmt; break;
        default: break;
        }
      conv = *fmt++;
      if (!conv)
        break;

      if (conv == 'n')
        {
          if (!suppress)
            store_signed(&ap, sz, in - str);
          continue;
        }
      if (conv != 'c' && conv != '[')
        while (isspace((unsigned char)*in))
          ++in;
      if (*in == '\0')
        goto input_failure;

      switch (conv)
        {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'p':
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
          {
            char buf[FIELD_MAX + 1];
            char *end;
            int n = width > 0 && width < FIELD_MAX ? width : FIELD_MAX;
            strncpy(buf, in, (size_t)n);
            buf[n] = '\0';
            if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'X'
                || conv == 'o' || conv == 'p')
              {
                int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
                unsigned long long v = conv == 'd' || conv == 'i'
                  ? (unsigned long long)strtoll(buf, &end, base)
                  : strtoull(buf, &end, base);
                if (end == buf)
                  goto matching_failure;
                if (!suppress)
                  {
                    if (conv == 'p')
                      *va_arg(ap, void **) = (void *)(uintptr_t)v;
                    else
                      store_signed(&ap, sz, (long long)v);
                  }
              }
            else
              {
                double v = strtod(buf, &end);
                if (end == buf)
                  goto matching_failure;
                if (!suppress)
                  {
                    if (sz == SZ_L)
                      *va_arg(ap, double *) = v;
                    else if (sz == SZ_LD)
                      *va_arg(ap, long double *) = v;
                    else
                      *va_arg(ap, float *) = (float)v;
                  }
              }
            in += end - buf;
            break;
          }
        case 's':
          {
            char *out = suppress ? 0 : va_arg(ap, char *);
            int n = 0;
            while (*in && !isspace((unsigned char)*in) && (!width || n < width))
              {
                if (out)
                  out[n] = *in;
                ++n;
                ++in;
              }
            if (out)
              out[n] = '\0';
            break;
          }
        case 'c':
          {
            char *out = suppress ? 0 : va_arg(ap, char *);
            int n = width ? width : 1, i;
            for (i = 0; i < n; ++i)
              {
                if (!in[i])
                  goto input_failure;
                if (out)
                  out[i] = in[i];
              }
            in += n;
            break;
          }
        case '[':
          {
            char const *set = fmt, *set_end;
            char *out;
            int n = 0;
            /* A ']' right after '[' or '[^' is part of the set. */
            set_end = set + (*set == '^') + (set[*set == '^'] == ']');
            while (*set_end && *set_end != ']')
              ++set_end;
            if (!*set_end)
              goto matching_failure;
            fmt = set_end + 1;
            out = suppress ? 0 : va_arg(ap, char *);
            while (*in && in_scanset(set, set_end, (unsigned char)*in) && (!width || n < width))
              {
                if (out)
                  out[n] = *in;
                ++n;
                ++in;
              }
            if (!n)
              goto matching_failure;
            if (out)
              out[n] = '\0';
            break;
          }
        default:
          goto matching_failure;
        }
      converted_any = 1;
      if (!suppress)
        ++assigned;
    }
  va_end(ap);
  return assigned;

input_failure:
  va_end(ap);
  return converted_any || assigned ? assigned : EOF;

matching_failure:
  va_end(ap);
  return assigned;
}

int
sscanf(char const *str, char const *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsscanf(str, fmt, ap);
  va_end(ap);
  return n;
}
