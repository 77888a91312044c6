/* The string and memory functions of the small libc. Plain byte loops:
 * simple to step through in the debugger. */
#include <string.h>

void *
memcpy(void *dst, void const *src, size_t n)
{
  unsigned char *d = dst;
  unsigned char const *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *
memmove(void *dst, void const *src, size_t n)
{
  unsigned char *d = dst;
  unsigned char const *s = src;
  if (d == s || n == 0)
    return dst;
  if (d < s)
    while (n--)
      *d++ = *s++;
  else
    /* Overlap with dst above src: copy from the end. */
    while (n--)
      d[n] = s[n];
  return dst;
}

void *
memset(void *dst, int c, size_t n)
{
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}

int
memcmp(void const *a, void const *b, size_t n)
{
  unsigned char const *x = a, *y = b;
  for (; n; --n, ++x, ++y)
    if (*x != *y)
      return *x < *y ? -1 : 1;
  return 0;
}

size_t
strlen(char const *s)
{
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}

int
strcmp(char const *a, char const *b)
{
  while (*a && *a == *b)
    ++a, ++b;
  return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

int
strncmp(char const *a, char const *b, size_t n)
{
  for (; n; --n, ++a, ++b)
    {
      if (*a != *b)
        return (int)(unsigned char)*a - (int)(unsigned char)*b;
      if (!*a)
        return 0;
    }
  return 0;
}

char *
strcpy(char *dst, char const *src)
{
  char *d = dst;
  while ((*d++ = *src++))
    ;
  return dst;
}

char *
strncpy(char *dst, char const *src, size_t n)
{
  size_t i = 0;
  for (; i < n && src[i]; ++i)
    dst[i] = src[i];
  for (; i < n; ++i)
    dst[i] = 0;
  return dst;
}

char *
strchr(char const *s, int c)
{
  char ch = (char)c;
  for (;; ++s)
    {
      if (*s == ch)
        return (char *)s;
      if (!*s)
        return 0;
    }
}
