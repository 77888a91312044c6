/* stdlib: number conversion, abs, qsort/bsearch, rand, getenv. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Parses an unsigned magnitude in `base` (0: 0x.. hex, 0.. octal, else
 * decimal); *neg tells a leading '-'. Sets *end past the digits (or to s
 * when there are none) and *overflow when the value exceeds `limit`. */
static unsigned long long
parse_number(char const *s, char **end, int base, int *neg,
             unsigned long long limit, int *overflow)
{
  char const *p = s;
  unsigned long long v = 0;
  int any = 0;
  *neg = 0;
  *overflow = 0;
  while (isspace((unsigned char)*p))
    ++p;
  if (*p == '+' || *p == '-')
    *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')
      && isxdigit((unsigned char)p[2]))
    {
      p += 2;
      base = 16;
    }
  else if (base == 0)
    base = p[0] == '0' ? 8 : 10;
  for (;; ++p)
    {
      int d;
      if (isdigit((unsigned char)*p))
        d = *p - '0';
      else if (isalpha((unsigned char)*p))
        d = tolower((unsigned char)*p) - 'a' + 10;
      else
        break;
      if (d >= base)
        break;
      any = 1;
      if (v > (limit - (unsigned)d) / (unsigned)base)
        *overflow = 1;
      else
        v = v * (unsigned)base + (unsigned)d;
    }
  if (end)
    *end = (char *)(any ? p : s);
  return v;
}

long
strtol(char const *s, char **end, int base)
{
  int neg, ovf;
  unsigned long long v = parse_number(s, end, base, &neg, (unsigned long long)LONG_MAX + 1, &ovf);
  if (ovf || (!neg && v > LONG_MAX))
    {
      errno = ERANGE;
      return neg ? LONG_MIN : LONG_MAX;
    }
  return neg ? (long)(0 - (unsigned long)v) : (long)v;
}

unsigned long
strtoul(char const *s, char **end, int base)
{
  int neg, ovf;
  unsigned long long v = parse_number(s, end, base, &neg, ULONG_MAX, &ovf);
  if (ovf)
    {
      errno = ERANGE;
      return ULONG_MAX;
    }
  return neg ? 0 - (unsigned long)v : (unsigned long)v;
}

long long
strtoll(char const *s, char **end, int base)
{
  int neg, ovf;
  unsigned long long v = parse_number(s, end, base, &neg, (unsigned long long)LLONG_MAX + 1, &ovf);
  if (ovf || (!neg && v > LLONG_MAX))
    {
      errno = ERANGE;
      return neg ? LLONG_MIN : LLONG_MAX;
    }
  return neg ? (long long)(0 - v) : (long long)v;
}

unsigned long long
strtoull(char const *s, char **end, int base)
{
  int neg, ovf;
  unsigned long long v = parse_number(s, end, base, &neg, ULLONG_MAX, &ovf);
  if (ovf)
    {
      errno = ERANGE;
      return ULLONG_MAX;
    }
  return neg ? 0 - v : v;
}

int atoi(char const *s) { return (int)strtol(s, 0, 10); }
long atol(char const *s) { return strtol(s, 0, 10); }
long long atoll(char const *s) { return strtoll(s, 0, 10); }

int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }

div_t
div(int num, int den)
{
  div_t r = { num / den, num % den };
  return r;
}

ldiv_t
ldiv(long num, long den)
{
  ldiv_t r = { num / den, num % den };
  return r;
}

static void
swap_bytes(char *a, char *b, size_t n)
{
  while (n--)
    {
      char t = *a;
      *a++ = *b;
      *b++ = t;
    }
}

/* Insertion sort for short ranges, else quicksort around the middle
 * element, recursing into the smaller part (bounded stack depth). */
void
qsort(void *base, size_t n, size_t size, int (*cmp)(void const *, void const *))
{
  char *a = base;
  while (n > 8)
    {
      size_t i = 0, j = n - 1, mid = n / 2;
      swap_bytes(a + mid * size, a + (n - 1) * size, size); /* pivot at the end */
      for (; i < j;)
        {
          if (cmp(a + i * size, a + (n - 1) * size) < 0)
            ++i;
          else
            swap_bytes(a + i * size, a + --j * size, size);
        }
      swap_bytes(a + i * size, a + (n - 1) * size, size);
      if (i < n - i - 1)
        {
          qsort(a, i, size, cmp);
          a += (i + 1) * size;
          n -= i + 1;
        }
      else
        {
          qsort(a + (i + 1) * size, n - i - 1, size, cmp);
          n = i;
        }
    }
  for (size_t i = 1; i < n; ++i)
    for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size) > 0; --j)
      swap_bytes(a + (j - 1) * size, a + j * size, size);
}

void *
bsearch(void const *key, void const *base, size_t n, size_t size,
        int (*cmp)(void const *, void const *))
{
  char const *a = base;
  while (n > 0)
    {
      char const *mid = a + (n / 2) * size;
      int c = cmp(key, mid);
      if (c == 0)
        return (void *)mid;
      if (c < 0)
        n /= 2;
      else
        {
          a = mid + size;
          n -= n / 2 + 1;
        }
    }
  return 0;
}

/* The C standard's example generator: deterministic, seeded by srand. */
static unsigned long rand_state = 1;

int
rand(void)
{
  rand_state = rand_state * 1103515245UL + 12345UL;
  return (int)((rand_state / 65536UL) % ((unsigned long)RAND_MAX + 1));
}

void
srand(unsigned seed)
{
  rand_state = seed;
}

/* Programs get no environment variables under L4Re's moe. */
char *
getenv(char const *name)
{
  (void)name;
  return 0;
}
