/* Turning the KIP's memory descriptors into sigma0's resource maps, as
 * L4Re's sigma0 does (init_mem.cc):
 *  - Conventional memory is free RAM (shrunk to whole pages);
 *  - Reserved and Dedicated memory is sigma0's own (never handed out);
 *  - Bootloader memory (the module table, the root task's image, the boot
 *    modules) belongs to the root task, with the rights in its sub-type;
 *  - Info, Arch and Shared areas are device memory anyone may map.
 * Device memory is everything that is not RAM; I/O ports all start free. */
#include <l4/sys/__l4_fpage.h>
#include "kip_memory.h"
#include "log.h"
#include "sigma0_protocol.h"

enum
{
  RAM_REGIONS = 128,
  IOMEM_REGIONS = 64,
  IO_PORT_REGIONS = 64,
  PAGE_SIZE = 0x1000,
};

/* KIP memory descriptor (two words): low = start | type | sub_type << 4 |
 * eager << 8 | virtual << 9, high = inclusive end | 0x3ff. */
enum mem_desc_type
{
  MD_UNDEFINED = 0, MD_CONVENTIONAL = 1, MD_RESERVED = 2, MD_DEDICATED = 3, MD_SHARED = 4,
  MD_INFO = 0xd, MD_BOOTLOADER = 0xe, MD_ARCH = 0xf,
};
enum { MD_VIRTUAL = 0x200 };

static struct region ram_regions[RAM_REGIONS];
static struct region iomem_regions[IOMEM_REGIONS];
static struct region io_port_regions[IO_PORT_REGIONS];

struct region_map ram_map = { RAM_REGIONS, 0, ram_regions };
struct region_map iomem_map = { IOMEM_REGIONS, 0, iomem_regions };
struct region_map io_port_map = { IO_PORT_REGIONS, 0, io_port_regions };

unsigned long resource_map_bytes(void)
{
  return sizeof(ram_regions) + sizeof(iomem_regions) + sizeof(io_port_regions);
}

static unsigned long trunc_page(unsigned long a) { return a & ~(unsigned long)(PAGE_SIZE - 1); }
static unsigned long round_page(unsigned long a) { return trunc_page(a + PAGE_SIZE - 1); }

static void conflict(unsigned long start, unsigned long end, unsigned long owner)
{
  log_str("SIGMA0: Could not reserve memory\n[");
  log_dec(owner);
  log_str(":---:");
  log_hex(start);
  log_char(';');
  log_hex(end);
  log_str("]\n");
  dump_all();
}

int init_memory(l4_kernel_info_t const *kip)
{
  l4_umword_t const *desc = (l4_umword_t const *)((char const *)kip + kip->mem_descs);
  unsigned i;

  if (kip->version >> 24 != 0x87)
    {
      log_str("SIGMA0: is designed to run on FIASCO only\n");
      return 0;
    }
  log_str("  Found Fiasco: KIP syscalls: ");
  log_str(kip->kip_sys_calls ? "yes\n" : "no\n");

  map_add_free(&iomem_map, 0, ~0UL, L4_FPAGE_RW);

  for (i = 0; i < kip->mem_descs_num; ++i)
    {
      l4_umword_t lo = desc[2 * i], hi = desc[2 * i + 1];
      unsigned type = lo & 0xf, sub_type = (lo >> 4) & 0xf;
      unsigned long first = lo & ~0x3ffUL, last = hi | 0x3ff;
      unsigned long start, end;
      int ok = 1;

      if ((lo & MD_VIRTUAL) || type == MD_UNDEFINED)
        continue;
      /* RAM shrinks to the pages it fills; everything else grows to whole pages. */
      if (type == MD_CONVENTIONAL)
        {
          start = round_page(first);
          end = trunc_page(last + 1) - 1;
        }
      else
        {
          start = trunc_page(first);
          end = round_page(last + 1) - 1;
        }

      switch (type)
        {
        case MD_CONVENTIONAL:
          map_add_free(&ram_map, start, end, L4_FPAGE_RWX);
          ok = map_reserve(&iomem_map, start, end, OWNER_SIGMA0, L4_FPAGE_RW);
          break;
        case MD_RESERVED:
        case MD_DEDICATED:
          ok = map_reserve(&iomem_map, start, end, OWNER_SIGMA0, L4_FPAGE_RW)
               && map_reserve(&ram_map, start, end, OWNER_SIGMA0, L4_FPAGE_RWX);
          break;
        case MD_BOOTLOADER:
          ok = map_reserve(&iomem_map, start, end, OWNER_SIGMA0, L4_FPAGE_RW)
               && map_reserve(&ram_map, start, end, OWNER_ROOT, sub_type & L4_FPAGE_RWX);
          break;
        case MD_INFO:
        case MD_ARCH:
        case MD_SHARED:
          map_add_free(&iomem_map, start, end, L4_FPAGE_RW);
          ok = map_reserve(&ram_map, start, end, OWNER_SIGMA0, L4_FPAGE_RW);
          break;
        default:
          break;
        }
      if (!ok)
        {
          conflict(start, end, type == MD_BOOTLOADER ? OWNER_ROOT : OWNER_SIGMA0);
          return 0;
        }
    }
  return 1;
}

void init_io_ports(void)
{
  map_add_free(&io_port_map, 0, ((unsigned long)IO_PORT_COUNT << IO_PORT_SHIFT) - 1, L4_FPAGE_RW);
}

void dump_all(void)
{
  log_str("SIGMA0: Dump of all resource maps\nRAM:------------------------\n");
  map_dump(&ram_map);
  log_str("IOMEM:----------------------\n");
  map_dump(&iomem_map);
  log_str("IO PORTS--------------------------\n");
  map_dump(&io_port_map);
}
