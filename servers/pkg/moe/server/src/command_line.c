/* moe's command line: the roottask module's line from the module table (else the table's own), parsed
 * as the real moe does: argv[0] skipped, options until the first word that is not one (that word and the
 * rest start init), `--init=PROG` replaces the default init "rom/ned", `--` ends the options. */
#include <l4/util/l4mod.h>
#include "moe.h"
#include <string.h>

char const *moe_command_line(l4_kernel_info_t const *kip)
{
  l4util_l4mod_info const *mbi = (l4util_l4mod_info const *)(l4_addr_t)kip->user_ptr;
  l4util_l4mod_mod const *mods = (l4util_l4mod_mod const *)(l4_addr_t)mbi->mods_addr;
  for (unsigned i = 0; i < mbi->mods_count; ++i)
    if ((mods[i].flags & L4util_l4mod_mod_flag_mask) == L4util_l4mod_mod_flag_roottask && mods[i].cmdline)
      return (char const *)(l4_addr_t)mods[i].cmdline;
  if (mbi->cmdline)
    return (char const *)(l4_addr_t)mbi->cmdline;
  moe_printf("MOE: No command line found, using default!\n");
  return "";
}

/* The next space-separated word of *s: its start, length in *len; *s moves past it. 0 at the end. */
static char const *next_word(char const **s, unsigned *len)
{
  char const *p = *s;
  while (*p == ' ' || *p == '\t')
    ++p;
  if (!*p)
    return 0;
  char const *w = p;
  while (*p && *p != ' ' && *p != '\t')
    ++p;
  *len = (unsigned)(p - w);
  *s = p;
  return w;
}

static char init_buf[128];

void parse_command_line(char const *cmdline, struct moe_options *o)
{
  char const *s = cmdline;
  unsigned len;
  char const *w = next_word(&s, &len); /* argv[0] */
  o->init = "rom/ned";
  o->init_args = "";
  if (!w)
    return;
  while ((w = next_word(&s, &len)))
    {
      if (w[0] != '-')
        {
          o->init_args = w;
          return;
        }
      if (len == 2 && w[1] == '-')
        {
          while (*s == ' ')
            ++s;
          o->init_args = s;
          return;
        }
      if (len > 7 && !strncmp(w, "--init=", 7))
        {
          unsigned n = len - 7 < sizeof(init_buf) - 1 ? len - 7 : sizeof(init_buf) - 1;
          memcpy(init_buf, w + 7, n);
          init_buf[n] = 0;
          o->init = init_buf;
          continue;
        }
      if (len > 8 && !strncmp(w, "--debug=", 8))
        continue; /* moe's own debug levels: nothing to switch here */
      moe_printf("MOE: unknown command-line option '%.*s'\n", (int)len, w);
    }
}
