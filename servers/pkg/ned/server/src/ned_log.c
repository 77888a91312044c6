/* ned's own output (Lua print, script errors) on the log its parent gave it (l4re_env()->log: from moe, the
 * kernel's log), as the real ned prints "Ned says: Hi World!": untagged lines. (A log of its own from moe's
 * factory, tagged "ned" without a colour, began every line with moe's colour reset "\e[0m".) */
#include <l4/re/env.h>
#include <l4/sys/vcon.h>
#include "ned.h"

enum { VCON_CHUNK = 200 };

void ned_log_print(char const *text, unsigned len)
{
  l4_cap_idx_t log = l4re_env()->log;
  for (unsigned at = 0; at < len; at += VCON_CHUNK)
    l4_vcon_write(log, text + at, len - at < VCON_CHUNK ? len - at : VCON_CHUNK);
}
