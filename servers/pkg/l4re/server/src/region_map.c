/* The program's address space: regions (attached dataspaces, or ranges paged by moe) and areas (reserved
 * ranges that only attaches with RM_IN_AREA may use), each kept sorted by address, with the limits the
 * KIP names. Rules as L4Re::Util::Region_map: regions never overlap regions, areas never overlap areas,
 * and a region lies entirely inside an area or outside all of them. */
#include "l4re.h"
#include <string.h>

enum { MAX_REGIONS = 128, MAX_AREAS = 32 };

/* A contract with the debugger: its memory view reads `regions` and `areas` straight from the program's
 * task (debug-adapter/l4re-region-map.ts), finding them by name among this file's symbols. It relies on
 * these ia32 layouts: struct table = { r, n, max } (12 bytes), struct region (l4re.h) = { start, end,
 * flags, ds, client_cap, offset } (24 bytes). Change them and the reader together;
 * test/debug-adapter/l4re-region-map.test.ts compares the reader with the DWARF of servers/bin/l4re. */

struct table
{
  struct region *r;
  unsigned n, max;
};

static struct region region_store[MAX_REGIONS], area_store[MAX_AREAS];
static struct table regions = { region_store, 0, MAX_REGIONS }, areas = { area_store, 0, MAX_AREAS };
static l4_addr_t limit_min, limit_max;

/* The names and backing offsets regions were given, by start address: apart from struct region, whose
 * layout the debugger reads. A region without an entry has the empty name and offset 0. */
static struct
{
  l4_addr_t start;
  int used;
  unsigned len;
  char text[REGION_NAME_MAX];
  unsigned long long backing_offset;
} names[MAX_REGIONS];

void region_map_init(l4_addr_t min, l4_addr_t max)
{
  limit_min = min;
  limit_max = max;
}

/* The first entry of t that overlaps [start, end], or 0. */
static struct region *overlap(struct table *t, l4_addr_t start, l4_addr_t end)
{
  for (unsigned i = 0; i < t->n; ++i)
    if (t->r[i].start <= end && start <= t->r[i].end)
      return &t->r[i];
  return 0;
}

static long insert(struct table *t, struct region const *r)
{
  if (t->n == t->max)
    return -L4_ENOMEM;
  unsigned i = t->n;
  while (i > 0 && t->r[i - 1].start > r->start)
    {
      t->r[i] = t->r[i - 1];
      --i;
    }
  t->r[i] = *r;
  ++t->n;
  return 0;
}

static void remove_at(struct table *t, struct region *r)
{
  unsigned i = (unsigned)(r - t->r);
  memmove(&t->r[i], &t->r[i + 1], (t->n - i - 1) * sizeof(*r));
  --t->n;
}

/* Whether a region [start, end] may go there: inside the limits, no region in the way, and inside an
 * area exactly when in_area asks for it. */
static int region_fits(l4_addr_t start, l4_addr_t end, int in_area)
{
  if (start < limit_min || end > limit_max || end < start || overlap(&regions, start, end))
    return 0;
  struct region *a = overlap(&areas, start, end);
  if (in_area)
    return a && a->start <= start && end <= a->end;
  return !a;
}

static int area_fits(l4_addr_t start, l4_addr_t end)
{
  return start >= limit_min && end <= limit_max && end >= start && !overlap(&areas, start, end);
}

/* A searched-for area also keeps clear of regions (a fixed one may cover attached regions). */
static int free_for_area(l4_addr_t start, l4_addr_t end)
{
  return area_fits(start, end) && !overlap(&regions, start, end);
}

/* The lowest start >= *start, aligned to 2^align, where fits() accepts [start, start + size). */
static long search(l4_addr_t *start, unsigned long size, unsigned align, int in_area, int for_area)
{
  l4_addr_t step = 1UL << align;
  l4_addr_t a = (*start + step - 1) & ~(step - 1);
  if (a < limit_min)
    a = (limit_min + step - 1) & ~(step - 1);
  while (a >= *start && a + size - 1 >= a && a + size - 1 <= limit_max)
    {
      l4_addr_t end = a + size - 1;
      if (for_area ? free_for_area(a, end) : region_fits(a, end, in_area))
        {
          *start = a;
          return 0;
        }
      /* Skip past whatever is in the way. */
      struct region *block = overlap(&regions, a, end);
      if (!block && (for_area || !in_area))
        block = overlap(&areas, a, end);
      if (!block || block->end == ~0UL)
        break;
      l4_addr_t next = (block->end + step) & ~(step - 1);
      if (next <= a)
        break;
      a = next;
    }
  return -L4_EADDRNOTAVAIL;
}

static long check_size_align(unsigned long size, unsigned align)
{
  if (size == 0 || align > 31)
    return -L4_EINVAL;
  return 0;
}

long region_attach(l4_addr_t *start, unsigned long size, unsigned flags, unsigned align,
                   l4_cap_idx_t ds, l4_cap_idx_t client_cap, unsigned long offset)
{
  size = ROUND_PAGE(size);
  if (align < L4_PAGESHIFT)
    align = L4_PAGESHIFT;
  long e = check_size_align(size, align);
  if (e < 0)
    return e;
  int in_area = (flags & RM_IN_AREA) != 0;
  if (flags & RM_SEARCH_ADDR)
    e = search(start, size, align, in_area, 0);
  else
    {
      *start = TRUNC_PAGE(*start);
      e = region_fits(*start, *start + size - 1, in_area) ? 0 : -L4_EADDRNOTAVAIL;
    }
  if (e < 0)
    return e;
  struct region r = { *start, *start + size - 1, flags & RM_REGION_FLAGS, ds, client_cap, offset };
  return insert(&regions, &r);
}

long area_reserve(l4_addr_t *start, unsigned long size, unsigned flags, unsigned align)
{
  size = ROUND_PAGE(size);
  if (align < L4_PAGESHIFT)
    align = L4_PAGESHIFT;
  long e = check_size_align(size, align);
  if (e < 0)
    return e;
  if (flags & RM_SEARCH_ADDR)
    e = search(start, size, align, 0, 1);
  else
    {
      *start = TRUNC_PAGE(*start);
      e = area_fits(*start, *start + size - 1) ? 0 : -L4_EADDRNOTAVAIL;
    }
  if (e < 0)
    return e;
  struct region a = { *start, *start + size - 1, flags & RM_REGION_FLAGS, L4_INVALID_CAP, L4_INVALID_CAP, 0 };
  return insert(&areas, &a);
}

long area_free(l4_addr_t addr)
{
  struct region *a = overlap(&areas, addr, addr);
  if (!a)
    return -L4_ENOENT;
  remove_at(&areas, a);
  return 0;
}

long region_detach(l4_addr_t addr, struct region *r)
{
  struct region *found = overlap(&regions, addr, addr);
  if (!found)
    return -L4_ENOENT;
  *r = *found;
  remove_at(&regions, found);
  region_info_clear(r->start);
  return 0;
}

struct region const *region_find(l4_addr_t addr, unsigned long size)
{
  return overlap(&regions, addr, size ? addr + size - 1 : addr);
}

struct region const *area_find(l4_addr_t addr, unsigned long size)
{
  return overlap(&areas, addr, size ? addr + size - 1 : addr);
}

unsigned region_list(int list_areas, l4_addr_t from, struct region *out, unsigned max)
{
  struct table *t = list_areas ? &areas : &regions;
  unsigned n = 0;
  for (unsigned i = 0; i < t->n && n < max; ++i)
    if (t->r[i].start >= from)
      out[n++] = t->r[i];
  return n;
}

static int info_slot(l4_addr_t start)
{
  for (unsigned i = 0; i < MAX_REGIONS; ++i)
    if (names[i].used && names[i].start == start)
      return (int)i;
  return -1;
}

void region_info_set(l4_addr_t start, char const *name, unsigned len, unsigned long long backing_offset)
{
  if (len > REGION_NAME_MAX)
    len = REGION_NAME_MAX;
  int slot = info_slot(start);
  for (unsigned i = 0; slot < 0 && i < MAX_REGIONS; ++i)
    if (!names[i].used)
      slot = (int)i;
  if (slot < 0)
    return;
  names[slot].start = start;
  names[slot].used = 1;
  names[slot].len = len;
  memcpy(names[slot].text, name, len);
  names[slot].backing_offset = backing_offset;
}

void region_info_clear(l4_addr_t start)
{
  int slot = info_slot(start);
  if (slot >= 0)
    names[slot].used = 0;
}

char const *region_name(l4_addr_t start, unsigned *len)
{
  int slot = info_slot(start);
  *len = slot < 0 ? 0 : names[slot].len;
  return slot < 0 ? "" : names[slot].text;
}

unsigned long long region_backing_offset(l4_addr_t start)
{
  int slot = info_slot(start);
  return slot < 0 ? 0 : names[slot].backing_offset;
}

/* In the real l4re's format (l4re_itas region.cc, Region_map::debug_dump). */
void region_map_dump(void)
{
  l4re_printf("Region mapping: limits [%lx-%lx]\n", limit_min, limit_max);
  l4re_printf(" Area map:\n");
  for (unsigned i = 0; i < areas.n; ++i)
    l4re_printf("  [%10lx-%10lx] -> flags=%x\n", areas.r[i].start, areas.r[i].end, areas.r[i].flags);
  l4re_printf(" Region map:\n");
  for (unsigned i = 0; i < regions.n; ++i)
    {
      struct region const *r = &regions.r[i];
      unsigned f = r->flags, len;
      char const *name = region_name(r->start, &len);
      char bits[9] = {
        f & RM_ANONYMOUS ? 'A' : '-', f & RM_PRIVATE ? 'P' : '-', f & RM_RESERVED ? 'R' : '-',
        f & RM_PAGER ? '^' : '-', f & RM_KERNEL ? 'K' : '-',
        f & DS_R ? 'r' : '-', f & DS_W ? 'w' : '-', f & DS_X ? 'x' : '-', 0,
      };
      l4re_printf("  %010lx-%010lx ds=%04lx@%07lx %s/%04x %07lx: %.*s \n", r->start, r->end,
                  (r->ds & L4_CAP_MASK) >> L4_CAP_SHIFT, r->offset, bits, f,
                  (unsigned long)region_backing_offset(r->start), (int)len, name);
    }
}
