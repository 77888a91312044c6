/* Text output of the user-level servers (see console.h). */
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>
#include "console.h"
#include "format.h"

void console_write(l4_cap_idx_t log, char const *text, unsigned len)
{
  while (len > 0)
    {
      unsigned chunk = len > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : len;
      l4_vcon_send(log, text, chunk);
      text += chunk;
      len -= chunk;
    }
}

void console_vprintf(l4_cap_idx_t log, char const *fmt, va_list ap)
{
  char buf[256];
  int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
  if (n < 0)
    return;
  if ((unsigned)n >= sizeof(buf))
    n = sizeof(buf) - 1;
  console_write(log, buf, (unsigned)n);
}

static void console_printf(l4_cap_idx_t log, char const *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  console_vprintf(log, fmt, ap);
  va_end(ap);
}

void console_fatal(l4_cap_idx_t log, char const *prefix, char const *what)
{
  console_printf(log, "%s: fatal: %s\n", prefix, what);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}
