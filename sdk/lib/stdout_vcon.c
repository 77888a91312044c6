/* stdout backend for L4Re: write to the log capability of the environment
 * with the vcon protocol. */
#include <l4/re/env.h>
#include <l4/sys/vcon.h>
#include "stdout_buffer.h"

_Static_assert(STDOUT_BUFFER_SIZE == L4_VCON_WRITE_SIZE,
               "stdout chunks must fit one vcon write");

void
__stdout_backend_write(char const *buf, unsigned len)
{
  l4re_env_t *env = l4re_env();
  l4_cap_idx_t log = env ? env->log : L4_BASE_LOG_CAP;
  while (len)
    {
      unsigned n = len > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : len;
      if (l4_vcon_write(log, buf, n) < 0)
        return; /* nowhere to report a broken log */
      buf += n;
      len -= n;
    }
}
