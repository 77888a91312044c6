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

int
puts(char const *s)
{
  while (*s)
    __stdout_putc(*s++);
  __stdout_putc('\n');
  return 1;
}
