/* moe's own output: lines go to the kernel's log object (capability 5, L4_BASE_LOG_CAP) as Vcon writes,
 * the way the real moe's L4::cout / printf backend sends them. */
#include <l4/sys/vcon.h>
#include "moe.h"
#include "support.h"

void moe_log_write(char const *text, unsigned len)
{
  while (len > 0)
    {
      unsigned chunk = len > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : len;
      l4_vcon_send(L4_BASE_LOG_CAP, text, chunk);
      text += chunk;
      len -= chunk;
    }
}

void moe_printf(char const *fmt, ...)
{
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = moe_vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((unsigned)n >= sizeof(buf))
    n = sizeof(buf) - 1;
  moe_log_write(buf, (unsigned)n);
}

void moe_fatal(char const *what)
{
  moe_printf("MOE: fatal: %s\n", what);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}
