/* The RAM moe manages: at boot it takes every free page sigma0 has (largest blocks first, 1 GiB down to
 * 4 KiB, as the real moe's find_memory), mapped 1:1. Allocation is first fit from the lowest address, in
 * whole pages; a page array (one reference count word per page of the whole RAM range, boot modules
 * included) records which pages are handed out. */
#include "moe.h"
#include <string.h>
#include "format.h"

#define MAX_CHUNKS 256

struct chunk { l4_addr_t start; unsigned long size; };

static struct chunk free_chunks[MAX_CHUNKS];
static unsigned num_chunks;
static unsigned long avail_bytes;
static l4_umword_t *page_array;
static l4_addr_t page_array_base, page_array_end;

/* Inserts [start, start + size) sorted by address, merging with its neighbours. */
static void free_insert(l4_addr_t start, unsigned long size)
{
  unsigned i = 0;
  while (i < num_chunks && free_chunks[i].start < start)
    ++i;
  if (i > 0 && free_chunks[i - 1].start + free_chunks[i - 1].size == start)
    {
      free_chunks[i - 1].size += size;
      if (i < num_chunks && start + size == free_chunks[i].start)
        {
          free_chunks[i - 1].size += free_chunks[i].size;
          memmove(&free_chunks[i], &free_chunks[i + 1], (num_chunks - i - 1) * sizeof(struct chunk));
          --num_chunks;
        }
      return;
    }
  if (i < num_chunks && start + size == free_chunks[i].start)
    {
      free_chunks[i].start = start;
      free_chunks[i].size += size;
      return;
    }
  if (num_chunks == MAX_CHUNKS)
    {
      moe_printf("MOE: too many free memory blocks, dropping %lx..%lx\n", start, start + size);
      return;
    }
  memmove(&free_chunks[i + 1], &free_chunks[i], (num_chunks - i) * sizeof(struct chunk));
  free_chunks[i].start = start;
  free_chunks[i].size = size;
  ++num_chunks;
}

static void count_pages(l4_addr_t start, unsigned long size, int delta)
{
  if (!page_array)
    return;
  for (l4_addr_t a = start; a < start + size; a += L4_PAGESIZE)
    if (a >= page_array_base && a < page_array_end)
      page_array[(a - page_array_base) >> L4_PAGESHIFT] += delta;
}

/* Whole pages, a word at a time (moe zeroes every page it hands out; at -O0 a byte loop would cost
 * millions of emulated instructions per MiB). */
static void zero_pages(void *p, unsigned long size)
{
  unsigned long words = size / sizeof(l4_umword_t);
  __asm__ __volatile__("cld; rep stosl" : "+D"(p), "+c"(words) : "a"(0) : "memory", "cc");
}

void *page_alloc(unsigned long size)
{
  size = ROUND_PAGE(size);
  for (unsigned i = 0; i < num_chunks; ++i)
    {
      if (free_chunks[i].size < size)
        continue;
      l4_addr_t a = free_chunks[i].start;
      free_chunks[i].start += size;
      free_chunks[i].size -= size;
      if (free_chunks[i].size == 0)
        {
          memmove(&free_chunks[i], &free_chunks[i + 1], (num_chunks - i - 1) * sizeof(struct chunk));
          --num_chunks;
        }
      avail_bytes -= size;
      count_pages(a, size, 1);
      zero_pages((void *)a, size);
      return (void *)a;
    }
  return 0;
}

void page_free(void *p, unsigned long size)
{
  size = ROUND_PAGE(size);
  count_pages((l4_addr_t)p, size, -1);
  avail_bytes += size;
  free_insert((l4_addr_t)p, size);
}

/* "233.8 MiB": whole units and a truncated tenth, MiB from 1 MiB on, else KiB (the real moe's
 * l4util_human_readable_size on a 32-bit machine). */
char *human_readable_size(char *buf, unsigned long bytes)
{
  unsigned order = bytes > (1UL << 20) ? 20 : 10;
  char unit = order == 20 ? 'M' : 'K';
  unsigned long value = bytes >> order;
  unsigned long tenth = (bytes - (value << order)) / ((1UL << order) / 10 + 1);
  fmt_snprintf(buf, 32, "%lu.%lu %ciB", value, tenth, unit);
  return buf;
}

/* Memory descriptor fields (l4sys kip: L4::Kip::Mem_desc). */
static unsigned md_type(l4_umword_t lo) { return lo & 0xf; }
static int md_virtual(l4_umword_t lo) { return (lo & 0x200) != 0; }
static l4_addr_t md_start(l4_umword_t lo) { return lo & ~0x3ffUL; }
static l4_addr_t md_end(l4_umword_t hi) { return hi | 0x3ff; }
enum { MD_CONVENTIONAL = 1, MD_BOOTLOADER = 0xe };

void boot_memory_init(l4_kernel_info_t const *kip)
{
  l4_addr_t min_addr = ~0UL, max_addr = 0;
  char str[32];

  for (int order = 30; order >= L4_PAGESHIFT; --order)
    {
      l4_addr_t addr;
      while (sigma0_map_any(order, &addr) == 0)
        {
          unsigned long size = 1UL << order;
          if (addr == 0) /* page 0 stays unused, so that null pointers fault */
            {
              addr = L4_PAGESIZE;
              size -= L4_PAGESIZE;
              if (!size)
                continue;
            }
          if (addr < min_addr)
            min_addr = addr;
          if (addr + size > max_addr)
            max_addr = addr + size;
          free_insert(addr, size);
          avail_bytes += size;
        }
    }
  if (!avail_bytes)
    moe_fatal("sigma0 gave no memory");
  moe_printf("MOE: found %s RAM in the area %08lx..%08lx\n", human_readable_size(str, avail_bytes),
             min_addr, max_addr);

  /* The page array also covers the boot modules (Bootloader descriptors), which moe's dataspaces hand out. */
  l4_umword_t const *md = (l4_umword_t const *)((char const *)kip + kip->mem_descs);
  for (unsigned i = 0; i < kip->mem_descs_num; ++i)
    {
      l4_umword_t lo = md[2 * i], hi = md[2 * i + 1];
      if (md_virtual(lo) || md_type(lo) != MD_BOOTLOADER)
        continue;
      l4_addr_t s = TRUNC_PAGE(md_start(lo)), e = ROUND_PAGE(md_end(hi) + 1);
      if (s < min_addr)
        min_addr = s;
      if (e > max_addr)
        max_addr = e;
    }
  unsigned long bytes = ((max_addr - min_addr) >> L4_PAGESHIFT) * sizeof(l4_umword_t);
  page_array = page_alloc(bytes);
  if (!page_array)
    moe_fatal("could not allocate the page array");
  page_array_base = min_addr;
  page_array_end = max_addr;
  moe_printf("MOE: allocated %s for the page array @%p\n", human_readable_size(str, bytes), (void *)page_array);
}

void boot_memory_print_virtual_space(l4_kernel_info_t const *kip)
{
  l4_addr_t start = 0, end = 0;
  l4_umword_t const *md = (l4_umword_t const *)((char const *)kip + kip->mem_descs);
  for (unsigned i = 0; i < kip->mem_descs_num; ++i)
    if (md_virtual(md[2 * i]) && md_type(md[2 * i]) == MD_CONVENTIONAL)
      {
        start = md_start(md[2 * i]);
        end = md_end(md[2 * i + 1]);
      }
  moe_printf("MOE: virtual user address space [%lx-%lx]\n", start, end);
}
