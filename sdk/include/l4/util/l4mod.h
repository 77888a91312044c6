/* Boot-module information (L4Re's l4util, l4/util/l4mod.h): what bootstrap
 * leaves for sigma0 and the root task, found through the KIP's user_ptr.
 * Addresses are 64-bit on every architecture. */
#ifndef L4_UTIL_L4MOD_H
#define L4_UTIL_L4MOD_H

#include <l4/sys/l4int.h>

/* What a module is (the low bits of l4util_l4mod_mod.flags). */
enum l4util_l4mod_mod_info_flag
{
  L4util_l4mod_mod_flag_unspec   = 0,
  L4util_l4mod_mod_flag_kernel   = 1,
  L4util_l4mod_mod_flag_sigma0   = 2,
  L4util_l4mod_mod_flag_roottask = 3,
  L4util_l4mod_mod_flag_mask     = 7,
};

/* One boot module: [mod_start, mod_end) in memory and its command line. */
typedef struct
{
  l4_uint64_t flags;
  l4_uint64_t mod_start;
  l4_uint64_t mod_end;
  l4_uint64_t cmdline;
} l4util_l4mod_mod;

/* The list of boot modules and the kernel command line. */
typedef struct
{
  l4_uint64_t flags;
  l4_uint64_t cmdline;
  l4_uint64_t mods_addr;   /* an array of mods_count l4util_l4mod_mod */
  l4_uint32_t mods_count;
  l4_uint32_t _pad;
  l4_uint64_t vbe_ctrl_info;
  l4_uint64_t vbe_mode_info;
} l4util_l4mod_info;

#endif
