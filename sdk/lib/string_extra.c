/* More of string.h: searching, concatenation, tokens, copies on the heap. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *
memchr(void const *s, int c, size_t n)
{
  unsigned char const *p = s;
  for (; n--; ++p)
    if (*p == (unsigned char)c)
      return (void *)p;
  return 0;
}

size_t
strnlen(char const *s, size_t max)
{
  size_t n = 0;
  while (n < max && s[n])
    ++n;
  return n;
}

int
strcasecmp(char const *a, char const *b)
{
  return strncasecmp(a, b, (size_t)-1);
}

int
strncasecmp(char const *a, char const *b, size_t n)
{
  for (; n--; ++a, ++b)
    {
      int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
      if (x != y || !x)
        return x - y;
    }
  return 0;
}

char *
strcat(char *dst, char const *src)
{
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *
strncat(char *dst, char const *src, size_t n)
{
  char *d = dst + strlen(dst);
  while (n-- && *src)
    *d++ = *src++;
  *d = 0;
  return dst;
}

char *
strrchr(char const *s, int c)
{
  char const *last = 0;
  do
    if (*s == (char)c)
      last = s;
  while (*s++);
  return (char *)last;
}

char *
strstr(char const *h, char const *n)
{
  size_t len = strlen(n);
  for (; *h; ++h)
    if (!strncmp(h, n, len))
      return (char *)h;
  return len ? 0 : (char *)h;
}

size_t
strspn(char const *s, char const *accept)
{
  size_t n = 0;
  while (s[n] && strchr(accept, s[n]))
    ++n;
  return n;
}

size_t
strcspn(char const *s, char const *reject)
{
  size_t n = 0;
  while (s[n] && !strchr(reject, s[n]))
    ++n;
  return n;
}

char *
strpbrk(char const *s, char const *accept)
{
  s += strcspn(s, accept);
  return *s ? (char *)s : 0;
}

char *
strtok_r(char *s, char const *delim, char **save)
{
  char *end;
  if (!s)
    s = *save;
  s += strspn(s, delim);
  if (!*s)
    {
      *save = s;
      return 0;
    }
  end = s + strcspn(s, delim);
  if (*end)
    *end++ = 0;
  *save = end;
  return s;
}

char *
strtok(char *s, char const *delim)
{
  static char *save;
  return strtok_r(s, delim, &save);
}

char *
strndup(char const *s, size_t n)
{
  size_t len = strnlen(s, n);
  char *d = malloc(len + 1);
  if (d)
    {
      memcpy(d, s, len);
      d[len] = 0;
    }
  return d;
}

char *
strdup(char const *s)
{
  return strndup(s, (size_t)-1);
}

char *
strerror(int e)
{
  switch (e)
    {
    case 0: return "Success";
    case EPERM: return "Operation not permitted";
    case ENOENT: return "No such file or directory";
    case EINTR: return "Interrupted system call";
    case EAGAIN: return "Resource temporarily unavailable";
    case ENOMEM: return "Out of memory";
    case EBUSY: return "Device or resource busy";
    case EINVAL: return "Invalid argument";
    case ERANGE: return "Numerical result out of range";
    case EDEADLK: return "Resource deadlock avoided";
    case ENOSYS: return "Function not implemented";
    case ETIMEDOUT: return "Connection timed out";
    default: return "Unknown error";
    }
}
