/* L4Re log, C interface (l4re_log_*): text to the program's log capability,
 * which speaks the Vcon protocol (moe's log, or the kernel's console). */
#ifndef L4RE_C_LOG_H
#define L4RE_C_LOG_H

#include <l4/re/env.h>
#include <l4/sys/vcon.h>

L4_BEGIN_DECLS

/* Writes `len` bytes, in chunks of at most L4_VCON_WRITE_SIZE. */
L4_INLINE void
l4re_log_printn_srv(const l4_cap_idx_t logcap, char const *string, int len)
{
  while (len > 0)
    {
      long n = l4_vcon_write(logcap, string, (unsigned)len);
      if (n <= 0)
        return;
      string += n;
      len -= (int)n;
    }
}

L4_INLINE void
l4re_log_print_srv(const l4_cap_idx_t logcap, char const *string)
{
  int len = 0;
  while (string[len])
    ++len;
  l4re_log_printn_srv(logcap, string, len);
}

L4_INLINE void
l4re_log_print(char const *string)
{
  l4re_log_print_srv(l4re_global_env->log, string);
}

L4_INLINE void
l4re_log_printn(char const *string, int len)
{
  l4re_log_printn_srv(l4re_global_env->log, string, len);
}

L4_END_DECLS

#endif
