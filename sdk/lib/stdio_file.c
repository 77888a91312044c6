/* stdout/stderr as FILE streams. Both write to the L4Re log; stderr is
 * flushed after every call, as C requires of an unbuffered stream. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "libc_lock.h"
#include "stdout_buffer.h"

struct __sdk_file
{
  int unbuffered;
};

static FILE stdout_file = { 0 };
static FILE stderr_file = { 1 };
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

static void
after_write(FILE *f)
{
  if (f && f->unbuffered)
    __stdout_flush();
}

int
fputc(int c, FILE *f)
{
  __stdout_lock();
  __stdout_putc((char)c);
  after_write(f);
  __stdout_unlock();
  return (unsigned char)c;
}

int
putc(int c, FILE *f)
{
  return fputc(c, f);
}

int
fputs(char const *s, FILE *f)
{
  __stdout_lock();
  while (*s)
    __stdout_putc(*s++);
  after_write(f);
  __stdout_unlock();
  return 1;
}

size_t
fwrite(void const *p, size_t size, size_t n, FILE *f)
{
  char const *c = p;
  __stdout_lock();
  for (size_t i = 0; i < size * n; ++i)
    __stdout_putc(c[i]);
  after_write(f);
  __stdout_unlock();
  return n;
}

int
fflush(FILE *f)
{
  (void)f;
  __stdout_lock();
  __stdout_flush();
  __stdout_unlock();
  return 0;
}

int
vfprintf(FILE *f, char const *fmt, va_list ap)
{
  int n = vprintf(fmt, ap);
  if (f && f->unbuffered)
    fflush(f);
  return n;
}

int
fprintf(FILE *f, char const *fmt, ...)
{
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

void
perror(char const *s)
{
  if (s && *s)
    fprintf(stderr, "%s: %s\n", s, strerror(errno));
  else
    fprintf(stderr, "%s\n", strerror(errno));
}
