/* l4re's own output: error lines only (the real l4re is silent at its default debug level), written to
 * the environment's log capability as Vcon writes. */
#include <stdarg.h>
#include <l4/sys/vcon.h>
#include "l4re.h"
#include "support.h"

static l4_cap_idx_t log_cap(void)
{
  return l4re_start.env ? l4re_start.env->log : L4_BASE_LOG_CAP;
}

void l4re_printf(char const *fmt, ...)
{
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = l4re_vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((unsigned)n >= sizeof(buf))
    n = sizeof(buf) - 1;
  char const *p = buf;
  while (n > 0)
    {
      int chunk = n > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : n;
      l4_vcon_send(log_cap(), p, chunk);
      p += chunk;
      n -= chunk;
    }
}

void l4re_fatal(char const *what)
{
  l4re_printf("l4re: fatal: %s\n", what);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}
