/* The two memory functions the compiler may call on its own (structure
 * copies and initialisers); sigma0 links no C library. */
#include "support.h"

void *memcpy(void *dst, void const *src, unsigned long n)
{
  unsigned char *d = dst;
  unsigned char const *s = src;
  while (n--)
    *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n)
{
  unsigned char *d = dst;
  while (n--)
    *d++ = (unsigned char)c;
  return dst;
}
