/* Line buffering for stdout: putchar/puts/printf collect characters here and
 * the backend receives them on '\n', when the buffer is full, and at exit. */
#include <stdio.h>
#include "stdout_buffer.h"

static char line[STDOUT_BUFFER_SIZE];
static unsigned used;

void
__stdout_flush(void)
{
  if (used)
    {
      __stdout_backend_write(line, used);
      used = 0;
    }
}

void
__stdout_putc(char c)
{
  line[used++] = c;
  if (c == '\n' || used == sizeof(line))
    __stdout_flush();
}

int
putchar(int c)
{
  __stdout_putc((char)c);
  return (unsigned char)c;
}

/* Provided by libc_lock.c when the whole libc is linked (see there). */
void __stdout_lock(void) __attribute__((weak));
void __stdout_unlock(void) __attribute__((weak));

int
puts(char const *s)
{
  if (__stdout_lock)
    __stdout_lock();
  while (*s)
    __stdout_putc(*s++);
  __stdout_putc('\n');
  if (__stdout_unlock)
    __stdout_unlock();
  return 1;
}
