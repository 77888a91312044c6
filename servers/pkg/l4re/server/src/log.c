/* l4re's own output: error lines only (the real l4re is silent at its default debug level), written to
 * the environment's log capability as Vcon writes. */
#include "l4re.h"
#include "console.h"

static l4_cap_idx_t log_cap(void)
{
  return l4re_start.env ? l4re_start.env->log : L4_BASE_LOG_CAP;
}

void l4re_printf(char const *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  console_vprintf(log_cap(), fmt, ap);
  va_end(ap);
}

void l4re_fatal(char const *what)
{
  console_fatal(log_cap(), "l4re", what);
}
