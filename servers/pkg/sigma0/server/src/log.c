/* Line-buffered output to the kernel log. A line is sent when it ends (or
 * the buffer is full). Logging may happen while a request's message
 * registers are still needed, so they are saved around the write. */
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>
#include "log.h"
#include <string.h>

static char line[L4_VCON_WRITE_SIZE];
static unsigned line_len;

static void flush(void)
{
  l4_msg_regs_t saved;
  l4_msg_regs_t *mr = l4_utcb_mr();
  if (line_len == 0)
    return;
  memcpy(&saved, mr, sizeof(saved));
  l4_vcon_write(L4_BASE_LOG_CAP, line, line_len);
  memcpy(mr, &saved, sizeof(saved));
  line_len = 0;
}

void log_char(char c)
{
  line[line_len++] = c;
  if (c == '\n' || line_len == sizeof(line))
    flush();
}

void log_str(char const *s)
{
  while (*s)
    log_char(*s++);
}

static void log_unsigned(unsigned long v, unsigned base)
{
  char digits[12];
  unsigned n = 0;
  do
    {
      unsigned d = v % base;
      digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
      v /= base;
    }
  while (v);
  while (n)
    log_char(digits[--n]);
}

void log_hex(unsigned long v) { log_unsigned(v, 16); }
void log_dec(unsigned long v) { log_unsigned(v, 10); }
