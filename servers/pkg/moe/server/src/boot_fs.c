/* The boot modules as files: every module that is not the kernel, sigma0 or the root task becomes a
 * read-only dataspace over its pages, registered in the "rom" name space under the basename of the first
 * word of its command line (the real moe's boot_fs.cc). moe asks sigma0 for the modules' pages (they are
 * Bootloader memory sigma0 keeps for the root task) in naturally aligned power-of-two blocks. */
#include <l4/util/l4mod.h>
#include "moe.h"
#include <string.h>

/* Requests [lo, hi] (inclusive, page aligned) from sigma0 in the largest aligned blocks that fit. */
static void request_module_pages(l4_addr_t lo, l4_addr_t hi)
{
  while (lo <= hi && lo != 0)
    {
      unsigned order = L4_PAGESHIFT;
      while (order < 31 && !(lo & ((1UL << (order + 1)) - 1)) && lo + (1UL << (order + 1)) - 1 <= hi)
        ++order;
      if (sigma0_map_ram(lo, order) < 0)
        moe_printf("MOE: sigma0 refused the module pages at %08lx (order %u)\n", lo, order);
      lo += 1UL << order;
    }
}

/* The basename of the first word of cmdline (a backslash escapes a blank), copied to out. */
static void module_name(char const *cmdline, char *out, unsigned max)
{
  unsigned end = 0;
  while (cmdline[end] && !(end > 0 && cmdline[end] == ' ' && cmdline[end - 1] != '\\'))
    ++end;
  unsigned start = end;
  while (start > 0 && cmdline[start - 1] != '/')
    --start;
  unsigned n = end - start < max - 1 ? end - start : max - 1;
  memcpy(out, cmdline + start, n);
  out[n] = 0;
}

struct name_space *boot_fs_init(l4_kernel_info_t const *kip)
{
  struct name_space *rom = name_space_new("moe-ns-rom");
  if (!rom)
    moe_fatal("could not create the rom name space");
  moe_printf("MOE: rom name space cap -> [C:%lx]\n", name_space_object(rom)->cap);
  struct name_space *rwfs = name_space_new("moe-rwfs");
  if (!rwfs)
    moe_fatal("could not create the rwfs name space");
  moe_printf("MOE: rwfs name space cap -> [C:%lx]\n", name_space_object(rwfs)->cap);

  l4util_l4mod_info const *mbi = (l4util_l4mod_info const *)(l4_addr_t)kip->user_ptr;
  l4util_l4mod_mod const *mods = (l4util_l4mod_mod const *)(l4_addr_t)mbi->mods_addr;
  l4_addr_t m_low = ~0UL, m_high = 0;
  for (unsigned i = 0; i < mbi->mods_count; ++i)
    {
      switch (mods[i].flags & L4util_l4mod_mod_flag_mask)
        {
        case L4util_l4mod_mod_flag_kernel:
        case L4util_l4mod_mod_flag_sigma0:
        case L4util_l4mod_mod_flag_roottask:
          continue;
        default:
          break;
        }
      l4_addr_t start = mods[i].mod_start, end = mods[i].mod_end;
      if (start != m_high + 1 && m_low != ~0UL)
        {
          request_module_pages(m_low, m_high);
          m_low = ~0UL;
          m_high = 0;
        }
      if (start < m_low)
        m_low = start;
      if (ROUND_PAGE(end) - 1 > m_high)
        m_high = ROUND_PAGE(end) - 1;

      char name[64];
      module_name((char const *)(l4_addr_t)mods[i].cmdline, name, sizeof(name));
      char *kept = moe_zalloc(strlen(name) + 1);
      strcpy(kept, name);
      struct dataspace *ds = dataspace_over(start, end - start, DS_RX, kept);
      if (!ds)
        moe_fatal("could not create a dataspace for a boot module");
      object_name_in_debugger(&ds->obj, "moe-rom-file");
      name_space_register(rom, kept, &ds->obj, L4_CAP_FPAGE_RS);
      moe_printf("  ROMFS: [%lx-%lx] [C:%lx] %s\n", start, end, ds->obj.cap, kept);
    }
  if (m_low != ~0UL)
    request_module_pages(m_low, m_high);
  return rom;
}
