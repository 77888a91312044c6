/* The region map of a task moe started (L4Re::Rm, protocol L4RE_PROTO_RM = 0x4005). It is the task's
 * "external" region manager: moe's loader attaches l4re's segments, stack, UTCB area and KIP here, and the
 * in-task l4re mirrors every attachment of the program so that moe can resolve l4re's own page faults.
 * Opcodes (l4re/include/rm, Rpcs<attach, detach, find, reserve_area, free_area, get_regions, get_areas,
 * get_info, add_rescue_jump, remove_rescue_jump, page_in>) and their words:
 *   0 attach: start, size, flags (region flags | attach flags), u64 offset @MR4, align @MR6, client cap @MR7,
 *             name (length @MR8, bytes), u64 backing offset (8-byte aligned); the dataspace as an item
 *             -> start
 *   1 detach: addr, size, flags -> start, size, client cap          3 reserve_area: start, size, flags, align
 *   2 find: addr, size -> start, size, flags, pad, u64 offset, client cap
 *   5 get_regions / 6 get_areas: start -> label = count, {start, end, flags} each
 *   7 get_info: addr -> name (length, bytes), u64 backing offset    4 free_area: addr */
#include "moe.h"
#include <string.h>

enum rm_op
{
  RM_ATTACH, RM_DETACH, RM_FIND, RM_RESERVE_AREA, RM_FREE_AREA, RM_GET_REGIONS, RM_GET_AREAS, RM_GET_INFO,
  RM_ADD_RESCUE_JUMP, RM_REMOVE_RESCUE_JUMP, RM_PAGE_IN,
};
static char const *const rm_op_names[] = {
  "attach", "detach", "find", "reserve_area", "free_area", "get_regions", "get_areas", "get_info",
  "add_rescue_jump", "remove_rescue_jump", "page_in",
};

enum
{
  F_RIGHTS = 0x0f, F_PRIVATE = 0x1000, F_ANONYMOUS = 0x2000, F_REGION_MASK = 0xffff,
  F_SEARCH_ADDR = 0x20000, F_IN_AREA = 0x40000,
  MAX_REGIONS = 96, MAX_AREAS = 16, NAME_LEN = 40, MAX_ALIGN = 31,
  VIRT_END = 0xbfffffff, /* the KIP's virtual Conventional descriptor: [0, 0xbfffffff] */
};

struct region
{
  l4_addr_t start, end;   /* inclusive */
  unsigned flags;         /* region flags (rights, Kernel, Private, Anonymous, ...) */
  struct dataspace *ds;   /* 0: nothing to map (the UTCB area) */
  unsigned long offset;   /* of start in ds */
  l4_cap_idx_t client_cap;
  unsigned long long backing_offset;
  char name[NAME_LEN];
};

struct area { l4_addr_t start, end; unsigned flags; };

struct region_map
{
  struct moe_object obj;
  unsigned num_regions, num_areas;
  struct region regions[MAX_REGIONS]; /* sorted by start */
  struct area areas[MAX_AREAS];       /* sorted by start */
};

struct moe_object *region_map_object(struct region_map *rm) { return &rm->obj; }

static int overlaps(l4_addr_t s1, l4_addr_t e1, l4_addr_t s2, l4_addr_t e2) { return s1 <= e2 && s2 <= e1; }

static int region_free(struct region_map *rm, l4_addr_t s, l4_addr_t e)
{
  for (unsigned i = 0; i < rm->num_regions; ++i)
    if (overlaps(s, e, rm->regions[i].start, rm->regions[i].end))
      return 0;
  return 1;
}

static struct area *area_at(struct region_map *rm, l4_addr_t a)
{
  for (unsigned i = 0; i < rm->num_areas; ++i)
    if (rm->areas[i].start <= a && a <= rm->areas[i].end)
      return &rm->areas[i];
  return 0;
}

/* The lowest address >= from, aligned to 2^align, where [a, a + size) fits below `limit` (inclusive)
 * without touching a region (and, outside an area, without touching an area). ~0 when there is none. */
static l4_addr_t search(struct region_map *rm, l4_addr_t from, unsigned long size, unsigned align,
                        l4_addr_t limit, int in_area)
{
  unsigned long a_mask = (1UL << (align < L4_PAGESHIFT ? L4_PAGESHIFT : align)) - 1;
  l4_addr_t a = (from + a_mask) & ~a_mask;
  for (int guard = 0; guard < 2 * (MAX_REGIONS + MAX_AREAS) + 2; ++guard)
    {
      if (a < from || a + size - 1 < a || a + size - 1 > limit)
        return ~0UL;
      l4_addr_t e = a + size - 1, next = 0;
      for (unsigned i = 0; i < rm->num_regions; ++i)
        if (overlaps(a, e, rm->regions[i].start, rm->regions[i].end) && rm->regions[i].end + 1 > next)
          next = rm->regions[i].end + 1;
      if (!in_area)
        for (unsigned i = 0; i < rm->num_areas; ++i)
          if (overlaps(a, e, rm->areas[i].start, rm->areas[i].end) && rm->areas[i].end + 1 > next)
            next = rm->areas[i].end + 1;
      if (!next)
        return a;
      a = (next + a_mask) & ~a_mask;
    }
  return ~0UL;
}

static long insert_region(struct region_map *rm, struct region const *r)
{
  if (rm->num_regions == MAX_REGIONS)
    return -E_NOMEM;
  unsigned i = 0;
  while (i < rm->num_regions && rm->regions[i].start < r->start)
    ++i;
  memmove(&rm->regions[i + 1], &rm->regions[i], (rm->num_regions - i) * sizeof(*r));
  rm->regions[i] = *r;
  ++rm->num_regions;
  if (r->ds)
    ++r->ds->refs; /* the dataspace lives at least as long as the region */
  return 0;
}

long region_map_attach_fixed(struct region_map *rm, l4_addr_t start, unsigned long size, unsigned flags,
                             struct dataspace *ds, unsigned long offset, char const *name)
{
  struct region r;
  memset(&r, 0, sizeof(r));
  r.start = start;
  r.end = start + ROUND_PAGE(size) - 1;
  r.flags = flags & F_REGION_MASK;
  r.ds = ds;
  r.offset = offset;
  r.client_cap = L4_INVALID_CAP;
  strncpy(r.name, name, NAME_LEN - 1);
  if (!region_free(rm, r.start, r.end))
    return -E_ADDRNOTAVAIL;
  return insert_region(rm, &r);
}

long region_map_reserve_fixed(struct region_map *rm, l4_addr_t start, unsigned long size, unsigned flags)
{
  if (rm->num_areas == MAX_AREAS)
    return -E_NOMEM;
  unsigned i = 0;
  while (i < rm->num_areas && rm->areas[i].start < start)
    ++i;
  memmove(&rm->areas[i + 1], &rm->areas[i], (rm->num_areas - i) * sizeof(struct area));
  rm->areas[i].start = start;
  rm->areas[i].end = start + ROUND_PAGE(size) - 1;
  rm->areas[i].flags = flags & F_REGION_MASK;
  ++rm->num_areas;
  return 0;
}

static struct region_map *region_map_setup(struct region_map *rm, long published)
{
  if (published < 0)
    {
      moe_free(rm, sizeof(*rm));
      return 0;
    }
  region_map_reserve_fixed(rm, 0, L4_PAGESIZE, 0); /* page 0 stays unmapped: null pointers fault */
  return rm;
}

struct region_map *region_map_new(void)
{
  struct region_map *rm = moe_zalloc(sizeof(*rm));
  return rm ? region_map_setup(rm, object_publish(&rm->obj, OBJ_REGION_MAP, "moe-rm")) : 0;
}

struct region_map *region_map_new_collectable(void)
{
  struct region_map *rm = moe_zalloc(sizeof(*rm));
  if (!rm)
    return 0;
  rm = region_map_setup(rm, object_publish_collectable(&rm->obj, OBJ_REGION_MAP, "moe-rm"));
  if (rm)
    rm->obj.collectable = 1;
  return rm;
}

void region_map_free(struct region_map *rm)
{
  for (unsigned i = 0; i < rm->num_regions; ++i)
    if (rm->regions[i].ds)
      dataspace_release(rm->regions[i].ds);
  moe_free(rm, sizeof(*rm));
}

int region_map_lookup(struct region_map *rm, l4_addr_t addr, struct dataspace **ds, unsigned long *offset,
                      unsigned *rights)
{
  for (unsigned i = 0; i < rm->num_regions; ++i)
    {
      struct region *r = &rm->regions[i];
      if (addr < r->start || addr > r->end)
        continue;
      if (!r->ds)
        return -1;
      *ds = r->ds;
      *offset = r->offset + (addr - r->start);
      *rights = r->flags & F_RIGHTS;
      return 0;
    }
  return -1;
}

/* A name sent as L4::Ipc::String: length (with the terminator) at mr[at], bytes from mr[at + 1]. Returns
 * the index of the word after it. */
static unsigned take_string(l4_umword_t const *mr, unsigned at, unsigned words, char *out, unsigned max)
{
  out[0] = 0;
  if (at >= words)
    return at;
  unsigned len = mr[at];
  unsigned n = len < max - 1 ? len : max - 1;
  memcpy(out, &mr[at + 1], n);
  out[n] = 0;
  return at + 1 + (len + 3) / 4;
}

static l4_msgtag_t rm_attach(struct region_map *rm, l4_msgtag_t tag, l4_umword_t *mr)
{
  unsigned words = l4_msgtag_words(tag);
  l4_addr_t start = mr[1];
  unsigned long size = ROUND_PAGE(mr[2]);
  unsigned flags = mr[3];
  unsigned long offset = mr[4];
  unsigned align = mr[6] & 0xff;
  l4_cap_idx_t client_cap = mr[7];
  struct region r;
  memset(&r, 0, sizeof(r));
  unsigned at = take_string(mr, 8, words, r.name, NAME_LEN);
  at = (at + 1) & ~1u; /* u64 backing offset: 8-byte aligned */
  r.backing_offset = at < words ? mr[at] : 0;
  if (size == 0 || align > MAX_ALIGN)
    return l4_msgtag(-E_INVAL, 0, 0, 0);

  struct dataspace *ds = 0;
  if (flags & F_ANONYMOUS)
    {
      ds = dataspace_new(size, DS_RWX, "moe-anon");
      if (!ds)
        return l4_msgtag(-E_NOMEM, 0, 0, 0);
      ds->region_owned = 1; /* no client has its capability: it goes with its region */
      offset = 0;
    }
  else if (l4_msgtag_items(tag) > 0)
    {
      struct moe_object *o = object_from_item(&mr[words]);
      if (!o || o->kind != OBJ_DATASPACE)
        return l4_msgtag(-E_INVAL, 0, 0, 0);
      ds = (struct dataspace *)o;
      /* The region may not have rights the sent capability does not give (moe's Region_map::validate_ds):
       * no W without W on the item, unless Private (copy on write); no X the dataspace lacks. */
      unsigned usable = (cap_rights_of_label(mr[words + 1]) & L4_CAP_FPAGE_W) ? ds->rights : ds->rights & ~DS_W;
      if (flags & F_PRIVATE)
        usable |= DS_W;
      if ((flags & DS_RWX) & ~usable)
        return l4_msgtag(-E_PERM, 0, 0, 0);
    }

  if (flags & F_SEARCH_ADDR)
    {
      struct area *a = (flags & F_IN_AREA) ? area_at(rm, start) : 0;
      if ((flags & F_IN_AREA) && !a)
        return l4_msgtag(-E_ADDRNOTAVAIL, 0, 0, 0);
      start = search(rm, start, size, align, a ? a->end : VIRT_END, a != 0);
      if (start == ~0UL)
        return l4_msgtag(-E_ADDRNOTAVAIL, 0, 0, 0);
    }
  else
    start = TRUNC_PAGE(start);

  r.start = start;
  r.end = start + size - 1;
  r.flags = flags & F_REGION_MASK;
  r.ds = ds;
  r.offset = offset;
  r.client_cap = ds && !(flags & F_ANONYMOUS) ? client_cap : L4_INVALID_CAP;
  if (!region_free(rm, r.start, r.end))
    return l4_msgtag(-E_ADDRNOTAVAIL, 0, 0, 0);
  long e = insert_region(rm, &r);
  if (e < 0)
    {
      if (flags & F_ANONYMOUS)
        dataspace_release(ds);
      return l4_msgtag(e, 0, 0, 0);
    }
  mr[0] = start;
  return l4_msgtag(0, 1, 0, 0);
}

static l4_msgtag_t rm_detach(struct region_map *rm, l4_umword_t *mr)
{
  l4_addr_t addr = mr[1];
  for (unsigned i = 0; i < rm->num_regions; ++i)
    {
      struct region *r = &rm->regions[i];
      if (addr < r->start || addr > r->end)
        continue;
      mr[0] = r->start;
      mr[1] = r->end - r->start + 1;
      mr[2] = r->client_cap;
      if (r->ds)
        dataspace_release(r->ds);
      memmove(r, r + 1, (rm->num_regions - i - 1) * sizeof(*r));
      --rm->num_regions;
      return l4_msgtag(0 /* Detached_ds */, 3, 0, 0);
    }
  return l4_msgtag(-E_NOENT, 0, 0, 0);
}

/* find: the region overlapping [addr, addr + size) — start, size, flags, (pad), u64 offset, client cap —
 * or, when only an area is there, the area with In_area in the flags. */
static l4_msgtag_t rm_find(struct region_map *rm, l4_umword_t *mr)
{
  l4_addr_t addr = mr[1];
  unsigned long size = mr[2];
  if (size == 0)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  l4_addr_t end = addr + size - 1 < addr ? ~0UL : addr + size - 1;
  for (unsigned i = 0; i < rm->num_regions; ++i)
    {
      struct region *r = &rm->regions[i];
      if (!overlaps(addr, end, r->start, r->end))
        continue;
      mr[0] = r->start;
      mr[1] = r->end - r->start + 1;
      mr[2] = r->flags;
      mr[3] = 0;
      mr[4] = r->offset;
      mr[5] = 0;
      mr[6] = r->client_cap;
      return l4_msgtag(0, 7, 0, 0);
    }
  for (unsigned i = 0; i < rm->num_areas; ++i)
    if (overlaps(addr, end, rm->areas[i].start, rm->areas[i].end))
      {
        mr[0] = rm->areas[i].start;
        mr[1] = rm->areas[i].end - rm->areas[i].start + 1;
        mr[2] = rm->areas[i].flags | F_IN_AREA;
        mr[3] = mr[4] = mr[5] = 0;
        mr[6] = L4_INVALID_CAP;
        return l4_msgtag(0, 7, 0, 0);
      }
  return l4_msgtag(-E_NOENT, 0, 0, 0);
}

static l4_msgtag_t rm_reserve_area(struct region_map *rm, l4_umword_t *mr)
{
  l4_addr_t start = mr[1];
  unsigned long size = ROUND_PAGE(mr[2]);
  unsigned flags = mr[3];
  unsigned align = mr[4] & 0xff;
  if (size == 0 || align > MAX_ALIGN)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  if (flags & F_SEARCH_ADDR)
    start = search(rm, start, size, align, VIRT_END, 0);
  else if (!region_free(rm, start, start + size - 1) || area_at(rm, start) || area_at(rm, start + size - 1))
    start = ~0UL;
  if (start == ~0UL)
    return l4_msgtag(-E_ADDRNOTAVAIL, 0, 0, 0);
  long e = region_map_reserve_fixed(rm, start, size, flags);
  if (e < 0)
    return l4_msgtag(e, 0, 0, 0);
  mr[0] = start;
  return l4_msgtag(0, 1, 0, 0);
}

static l4_msgtag_t rm_free_area(struct region_map *rm, l4_umword_t *mr)
{
  for (unsigned i = 0; i < rm->num_areas; ++i)
    if (rm->areas[i].start == mr[1])
      {
        memmove(&rm->areas[i], &rm->areas[i + 1], (rm->num_areas - i - 1) * sizeof(struct area));
        --rm->num_areas;
        return l4_msgtag(0, 0, 0, 0);
      }
  return l4_msgtag(-E_NOENT, 0, 0, 0);
}

/* get_regions / get_areas: up to 21 {start, end, flags} triples of entries starting at or after mr[1]. */
static l4_msgtag_t rm_list(struct region_map *rm, l4_umword_t *mr, int areas)
{
  l4_addr_t from = mr[1];
  unsigned n = 0, total = areas ? rm->num_areas : rm->num_regions;
  for (unsigned i = 0; i < total && n < L4_UTCB_GENERIC_DATA_SIZE / 3; ++i)
    {
      l4_addr_t s = areas ? rm->areas[i].start : rm->regions[i].start;
      if (s < from)
        continue;
      mr[3 * n] = s;
      mr[3 * n + 1] = areas ? rm->areas[i].end : rm->regions[i].end;
      mr[3 * n + 2] = areas ? rm->areas[i].flags : rm->regions[i].flags;
      ++n;
    }
  return l4_msgtag(n, 3 * n, 0, 0);
}

static l4_msgtag_t rm_get_info(struct region_map *rm, l4_umword_t *mr)
{
  l4_addr_t addr = mr[1];
  for (unsigned i = 0; i < rm->num_regions; ++i)
    {
      struct region *r = &rm->regions[i];
      if (addr < r->start || addr > r->end)
        continue;
      unsigned len = strlen(r->name) + 1;
      mr[0] = len;
      memcpy(&mr[1], r->name, len);
      unsigned at = (1 + (len + 3) / 4 + 1) & ~1u;
      mr[at] = (l4_umword_t)r->backing_offset;
      mr[at + 1] = (l4_umword_t)(r->backing_offset >> 32);
      return l4_msgtag(0, at + 2, 0, 0);
    }
  return l4_msgtag(-E_NOENT, 0, 0, 0);
}

l4_msgtag_t region_map_dispatch(struct region_map *rm, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  switch (mr[0])
    {
    case RM_ATTACH:          return rm_attach(rm, tag, mr);
    case RM_DETACH:          return rm_detach(rm, mr);
    case RM_FIND:            return rm_find(rm, mr);
    case RM_RESERVE_AREA:    return rm_reserve_area(rm, mr);
    case RM_FREE_AREA:       return rm_free_area(rm, mr);
    case RM_GET_REGIONS:     return rm_list(rm, mr, 0);
    case RM_GET_AREAS:       return rm_list(rm, mr, 1);
    case RM_GET_INFO:        return rm_get_info(rm, mr);
    case RM_ADD_RESCUE_JUMP:
    case RM_REMOVE_RESCUE_JUMP:
      return l4_msgtag(0, 0, 0, 0); /* moe resolves faults itself and never jumps to a rescue address */
    default:
      log_unhandled("Rm", mr[0], mr[0] < sizeof(rm_op_names) / sizeof(rm_op_names[0])
                                ? rm_op_names[mr[0]] : 0, rm->obj.name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
}
