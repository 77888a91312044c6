/* The program's region map, served as L4Re::Rm (label 0x4005; opcodes in the order of the real
 * interface's Rpcs list). The program is in l4re's task, so a dataspace it sends arrives as its own
 * selector (the receive buffer asks for a local id; for a capability of the same task the kernel hands
 * over the flexpage instead of mapping it). */
#include <l4/sys/task.h>
#include "l4re.h"
#include <string.h>

enum
{
  RM_ATTACH = 0, RM_DETACH = 1, RM_FIND = 2, RM_RESERVE_AREA = 3, RM_FREE_AREA = 4, RM_GET_REGIONS = 5,
  RM_GET_AREAS = 6, RM_GET_INFO = 7, RM_ADD_RESCUE_JUMP = 8, RM_REMOVE_RESCUE_JUMP = 9, RM_PAGE_IN = 10,
  RM_RESERVED_FLAGS = RM_RESERVED | RM_KERNEL,
  DETACH_UNMAPPED_RANGE = 8,  /* Detach_result: the server unmapped the range itself */
  RECEIVED_TYPE_MASK = 0xe, RECEIVED_FLEXPAGE = 0xe, /* L4_ITEM_MAP | the flexpage return type (6) */
  MAX_LIST = 21,              /* regions per get_regions answer: 3 words each in 63 MRs */
};

static l4_msgtag_t answer(long label, unsigned words)
{
  return l4_msgtag(label, words, 0, 0);
}

/* Takes [start, end] out of the task's page table, in the largest aligned blocks that fit. */
static void unmap_range(l4_addr_t start, l4_addr_t end)
{
  l4_addr_t a = start;
  while (a <= end && a >= start)
    {
      unsigned order = L4_PAGESHIFT;
      while (order < 31 && !(a & ((1UL << (order + 1)) - 1)) && a + (1UL << (order + 1)) - 1 <= end)
        ++order;
      l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(a, order, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
      a += 1UL << order;
    }
}

/* The real l4re also attaches a shared, dataspace-backed region in moe's region map (Region_handler::attached:
 * the stack must be pageable by moe), whose validate_ds refuses rights the dataspace capability does not
 * give; the region is then dropped and attach answers -L4_EADDRNOTAVAIL. l4re does not keep such a copy at
 * moe, so it asks the dataspace what this capability allows instead (info: W only through a capability
 * with W). */
static int remote_rights_allowed(l4_addr_t start, unsigned long size, unsigned flags, l4_cap_idx_t ds)
{
  unsigned usable;
  if (flags & (RM_RESERVED_FLAGS | RM_PAGER | RM_ANONYMOUS | RM_PRIVATE) || l4_is_invalid_cap(ds))
    return 1;
  if (ds_flags(ds, &usable) < 0 || !((flags & RM_RIGHTS) & ~usable))
    return 1; /* not a dataspace that answers: the real l4re ignores moe's -L4_ENOENT too */
  l4re_printf("l4re_itas: FATAL: %s: Could not attach DS [0x%lx..0x%lx] to remote region map (%d).\n",
              l4re_start.aux->binary, start, start + ROUND_PAGE(size) - 1, -L4_EPERM);
  return 0;
}

static l4_msgtag_t attach(l4_msgtag_t tag, l4_umword_t *mr)
{
  if (l4_msgtag_words(tag) < 8)
    return answer(-L4_EMSGTOOSHORT, 0);
  l4_addr_t start = mr[1];
  unsigned long size = mr[2];
  unsigned flags = mr[3];
  unsigned long offset = mr[4];
  unsigned align = mr[6] & 0xff;
  l4_cap_idx_t client_cap = mr[7];
  l4_cap_idx_t ds = L4_INVALID_CAP;
  unsigned w = l4_msgtag_words(tag);
  if (l4_msgtag_items(tag) && (mr[w] & RECEIVED_TYPE_MASK) == RECEIVED_FLEXPAGE)
    ds = mr[w + 1] & ~0xfffUL;
  /* Anonymous memory without a dataspace: the region map allocates it (the C library's initial TLS and
   * heap come this way). */
  if ((flags & RM_ANONYMOUS) && l4_is_invalid_cap(ds) && !(flags & RM_RESERVED_FLAGS))
    {
      long e = mem_alloc_ds(l4re_start.env->mem_alloc, ROUND_PAGE(size), &ds);
      if (e < 0)
        return answer(e, 0);
      client_cap = L4_INVALID_CAP;
      offset = 0;
    }
  if (!(flags & RM_RESERVED_FLAGS) && l4_is_invalid_cap(ds))
    return answer(-L4_EINVAL, 0);
  if ((flags & RM_SEARCH_ADDR) && (align < L4_PAGESHIFT || align > 31))
    return answer(-L4_EINVAL, 0);
  long e = region_attach(&start, size, flags, align, ds, client_cap, offset);
  if (e < 0)
    return answer(e, 0);
  if (!remote_rights_allowed(start, size, flags, ds))
    {
      struct region gone;
      region_detach(start, &gone);
      return answer(-L4_EADDRNOTAVAIL, 0);
    }
  /* The name (Ipc::String: MR8 its length with the NUL, the bytes from MR9 on) and the 64-bit backing
   * offset at the next 8-byte boundary, when they fit the message. */
  unsigned name_len = w >= 9 ? mr[8] : 0;
  unsigned long backing_at = (9 * sizeof(l4_umword_t) + name_len + 7) & ~7ul;
  if (name_len > 0 && 9 * sizeof(l4_umword_t) + name_len <= w * sizeof(l4_umword_t))
    {
      unsigned long long backing = 0;
      if (backing_at + 8 <= w * sizeof(l4_umword_t))
        backing = mr[backing_at / sizeof(l4_umword_t)]
                  | (unsigned long long)mr[backing_at / sizeof(l4_umword_t) + 1] << 32;
      region_info_set(start, (char const *)&mr[9], name_len - 1, backing);
    }
  if ((flags & RM_EAGER_MAP) && !(flags & RM_RESERVED_FLAGS))
    page_in_range(start, size, (flags & DS_W) != 0);
  mr[0] = start;
  return answer(0, 1);
}

static l4_msgtag_t detach(l4_umword_t *mr)
{
  struct region r;
  long e = region_detach(mr[1], &r);
  if (e < 0)
    return answer(e, 0);
  unmap_range(r.start, r.end);
  if ((r.flags & RM_ANONYMOUS) && !l4_is_invalid_cap(r.ds))
    {
      l4_task_release_cap(L4_BASE_TASK_CAP, r.ds); /* l4re's reference was the only one */
      cap_slot_free(r.ds);
    }
  mr[0] = r.start;
  mr[1] = r.end - r.start + 1;
  mr[2] = r.client_cap;
  return answer(DETACH_UNMAPPED_RANGE, 3);
}

static l4_msgtag_t find(l4_umword_t *mr)
{
  l4_addr_t addr = mr[1];
  unsigned long size = mr[2];
  if (size == 0)
    return answer(-L4_EINVAL, 0);
  struct region const *r = region_find(addr, size);
  unsigned extra = 0;
  if (!r)
    {
      r = area_find(addr, size);
      extra = RM_IN_AREA;
    }
  if (!r)
    return answer(-L4_ENOENT, 0);
  mr[0] = r->start;
  mr[1] = r->end - r->start + 1;
  mr[2] = r->flags | extra;
  mr[3] = 0;
  mr[4] = r->offset; mr[5] = 0;
  mr[6] = extra ? L4_INVALID_CAP : r->client_cap;
  return answer(0, 7);
}

static l4_msgtag_t reserve_area(l4_umword_t *mr)
{
  l4_addr_t start = mr[1];
  unsigned flags = mr[3];
  if (flags & ~(RM_SEARCH_ADDR | RM_RESERVED_FLAGS))
    return answer(-L4_EINVAL, 0);
  long e = area_reserve(&start, mr[2], flags, mr[4] & 0xff);
  if (e < 0)
    return answer(e, 0);
  mr[0] = start;
  return answer(0, 1);
}

static l4_msgtag_t list(l4_umword_t *mr, int areas)
{
  struct region r[MAX_LIST];
  unsigned n = region_list(areas, mr[1], r, MAX_LIST);
  for (unsigned i = 0; i < n; ++i)
    {
      mr[3 * i] = r[i].start;
      mr[3 * i + 1] = r[i].end;
      mr[3 * i + 2] = r[i].flags;
    }
  return answer(n, 3 * n);
}

/* page_in(min_addr, max_addr, rights): l4re shares the program's task, so instead of sending mappings it
 * answers with a helper in the task that the client calls on its own thread (as the real l4re does): the
 * helper touches every page, each touch a page fault l4re serves. */
static long page_in_helper(l4_addr_t min, l4_addr_t max, unsigned rights)
{
  for (l4_addr_t p = TRUNC_PAGE(min); p <= max && p >= TRUNC_PAGE(min); p += L4_PAGESIZE)
    if (rights & DS_W)
      __atomic_fetch_add((int *)p, 0, __ATOMIC_RELAXED); /* a write that changes nothing, even if shared */
    else
      (void)*(int const volatile *)p;
  return 0;
}

static l4_msgtag_t page_in(l4_umword_t *mr)
{
  l4_addr_t min = mr[1], max = mr[2];
  unsigned rights = mr[3] & 0xffff;
  if (rights & ~RM_RIGHTS || max < min)
    return answer(-L4_EINVAL, 0);
  mr[0] = (l4_umword_t)&page_in_helper;
  return answer(0, 1);
}

/* get_info(addr): the name and backing offset of the region holding addr (Rm_server::op_get_info):
 * MR0 the name's length with its NUL, the bytes from MR1, the 64-bit offset at the next 8-byte boundary. */
static l4_msgtag_t get_info(l4_umword_t *mr)
{
  struct region const *r = region_find(mr[1], 1);
  if (!r)
    return answer(-L4_ENOENT, 0);
  unsigned len;
  char const *name = region_name(r->start, &len);
  unsigned long long backing = region_backing_offset(r->start);
  char *text = (char *)&mr[1];
  memcpy(text, name, len);
  text[len] = 0;
  unsigned at = ((sizeof(l4_umword_t) + len + 1 + 7) & ~7u) / sizeof(l4_umword_t);
  mr[0] = len + 1;
  mr[at] = (l4_umword_t)backing;
  mr[at + 1] = (l4_umword_t)(backing >> 32);
  return answer(0, at + 2);
}

l4_msgtag_t rm_dispatch(l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  if (l4_msgtag_words(tag) < 1)
    return answer(-L4_EMSGTOOSHORT, 0);
  switch (mr[0])
    {
    case RM_ATTACH:             return attach(tag, mr);
    case RM_DETACH:             return detach(mr);
    case RM_FIND:               return find(mr);
    case RM_RESERVE_AREA:       return reserve_area(mr);
    case RM_FREE_AREA:          return answer(area_free(mr[1]), 0);
    case RM_GET_REGIONS:        return list(mr, 0);
    case RM_GET_AREAS:          return list(mr, 1);
    case RM_GET_INFO:           return get_info(mr);
    case RM_ADD_RESCUE_JUMP:
    case RM_REMOVE_RESCUE_JUMP: return answer(0, 0);
    case RM_PAGE_IN:            return page_in(mr);
    default:
      l4re_printf("l4re: unhandled L4Re::Rm opcode %lu\n", mr[0]);
      return answer(-L4_ENOSYS, 0);
    }
}
