/* moe's own output: lines go to the kernel's log object (capability 5, L4_BASE_LOG_CAP) as Vcon writes,
 * the way the real moe's L4::cout / printf backend sends them. */
#include "moe.h"
#include "console.h"

void moe_printf(char const *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  console_vprintf(L4_BASE_LOG_CAP, fmt, ap);
  va_end(ap);
}

void moe_fatal(char const *what)
{
  console_fatal(L4_BASE_LOG_CAP, "MOE", what);
}
