/* Dataspaces: memory moe hands out by mapping (L4Re::Dataspace, protocol L4RE_PROTO_DATASPACE = 0x4000).
 * A dataspace is anonymous RAM moe allocated, or a window onto memory that exists already (a boot module,
 * the KIP). Opcodes (l4re/include/dataspace, Rpcs<map, clear, info, copy_in, allocate, map_info>):
 *   0 map(Offset offset, Map_addr spot, Flags flags) + receive window   -> one map item
 *   1 clear(Offset, Size)   2 info() -> Stats{u64 size, flags}   3 copy_in(Offset dst, Cap src, Offset src, Size)
 *   4 allocate(Offset, Size)   5 map_info() -> 0 (no placement constraint with an MMU)
 * 64-bit arguments are aligned to 8 bytes in the message, so the first one starts at MR2.
 * What a client may do depends on the dataspace's rights and on the capability it called through: without
 * the W right, clear and copy_in (as destination) give -EACCESS, a writable map -EPERM, and info reports no
 * W (moe/server/src/dataspace.h and dataspace.cc, Dataspace::map_flags(rights)). */
#include <l4/sys/task.h>
#include "moe.h"
#include <string.h>

enum ds_op { DS_MAP = 0, DS_CLEAR = 1, DS_INFO = 2, DS_COPY_IN = 3, DS_ALLOCATE = 4, DS_MAP_INFO = 5 };

struct dataspace *dataspace_over(l4_addr_t base, unsigned long size, unsigned rights, char const *name)
{
  struct dataspace *ds = moe_zalloc(sizeof(*ds));
  if (!ds)
    return 0;
  ds->base = base;
  ds->size = size;
  ds->rights = rights;
  if (object_publish(&ds->obj, OBJ_DATASPACE, name) < 0)
    return 0;
  return ds;
}

struct dataspace *dataspace_new(unsigned long size, unsigned rights, char const *name)
{
  if (size == 0 || ROUND_PAGE(size) < size)
    return 0;
  void *mem = page_alloc(ROUND_PAGE(size));
  if (!mem)
    return 0;
  struct dataspace *ds = dataspace_over((l4_addr_t)mem, ROUND_PAGE(size), rights, name);
  if (!ds)
    {
      page_free(mem, ROUND_PAGE(size));
      return 0;
    }
  ds->owns_memory = 1;
  return ds;
}

struct dataspace *dataspace_new_collectable(unsigned long size, unsigned rights, char const *name)
{
  if (size == 0 || ROUND_PAGE(size) < size)
    return 0;
  void *mem = page_alloc(ROUND_PAGE(size));
  struct dataspace *ds = mem ? moe_zalloc(sizeof(*ds)) : 0;
  if (!ds || object_publish_collectable(&ds->obj, OBJ_DATASPACE, name) < 0)
    {
      if (ds)
        moe_free(ds, sizeof(*ds));
      if (mem)
        page_free(mem, ROUND_PAGE(size));
      return 0;
    }
  ds->obj.collectable = 1;
  ds->base = (l4_addr_t)mem;
  ds->size = ROUND_PAGE(size);
  ds->rights = rights;
  ds->owns_memory = 1;
  return ds;
}

void dataspace_free(struct dataspace *ds)
{
  if (ds->owns_memory)
    {
      /* Taking the pages back from every client first: moe's unmap of its own pages revokes all mappings
       * derived from them, so no client keeps access to memory moe hands out again. */
      for (l4_addr_t a = ds->base; a < ds->base + ds->size; a += L4_PAGESIZE)
        l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX), L4_FP_OTHER_SPACES);
      page_free((void *)ds->base, ds->size);
    }
  moe_free(ds, sizeof(*ds));
}

void dataspace_release(struct dataspace *ds)
{
  if (--ds->refs == 0 && (ds->obj.gate_gone || ds->region_owned))
    {
      object_unpublish(&ds->obj);
      dataspace_free(ds);
    }
}

void dataspace_map_item(struct dataspace *ds, unsigned long offset, l4_addr_t snd_base, unsigned rights,
                        l4_umword_t *mr)
{
  l4_addr_t page = TRUNC_PAGE(ds->base + offset);
  mr[0] = TRUNC_PAGE(snd_base) | L4_ITEM_MAP;
  mr[1] = l4_fpage(page, L4_PAGESHIFT, rights & ds->rights & L4_FPAGE_RWX).raw;
}

/* The dataspace's rights as a client with `cap_rights` on its capability may use them. */
static unsigned usable_rights(struct dataspace *ds, unsigned cap_rights)
{
  return (cap_rights & L4_CAP_FPAGE_W) ? ds->rights : ds->rights & ~DS_W;
}

static l4_msgtag_t ds_map(struct dataspace *ds, unsigned cap_rights, l4_umword_t *mr)
{
  unsigned long offset = mr[2];          /* the high word (mr[3]) is 0 on a 32-bit system */
  l4_addr_t spot = mr[4];
  unsigned want = mr[6] & L4_FPAGE_RWX;
  unsigned usable = usable_rights(ds, cap_rights);
  if (((want & DS_W) && !(usable & DS_W)) || ((want & DS_X) && !(usable & DS_X)))
    return l4_msgtag(-E_PERM, 0, 0, 0);
  if (mr[3] != 0 || offset >= ROUND_PAGE(ds->size))
    return l4_msgtag(-E_RANGE, 0, 0, 0);
  dataspace_map_item(ds, offset, spot, want ? want : usable, mr);
  return l4_msgtag(0, 0, 1, 0);
}

/* Bounds-checked [offset, offset + size) of ds, clipped to its size; 0 if it starts outside. */
static int ds_range(struct dataspace *ds, unsigned long offset, unsigned long *size)
{
  if (offset >= ds->size)
    return 0;
  if (*size > ds->size - offset)
    *size = ds->size - offset;
  return 1;
}

/* The source's rights do not matter: reading through any capability of it is allowed. */
static l4_msgtag_t ds_copy_in(struct dataspace *dst, unsigned cap_rights, l4_msgtag_t tag, l4_umword_t *mr)
{
  unsigned long dst_offs = mr[2], src_offs = mr[4], size = mr[6];
  unsigned w = l4_msgtag_words(tag);
  /* The source arrives as an item; our own gate comes back as its label (receive buffer with rcv_id). */
  struct moe_object *o = l4_msgtag_items(tag) < 1 ? 0 : object_from_item(&mr[w]);
  if (!(usable_rights(dst, cap_rights) & DS_W))
    return l4_msgtag(-E_ACCESS, 0, 0, 0);
  if (!o || o->kind != OBJ_DATASPACE)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  struct dataspace *src = (struct dataspace *)o;
  unsigned long n = size;
  if (!ds_range(src, src_offs, &n) || !ds_range(dst, dst_offs, &n))
    return l4_msgtag(-E_RANGE, 0, 0, 0);
  memcpy((void *)(dst->base + dst_offs), (void const *)(src->base + src_offs), n);
  return l4_msgtag(0, 0, 0, 0);
}

l4_msgtag_t dataspace_dispatch(struct dataspace *ds, unsigned cap_rights, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  switch (mr[0])
    {
    case DS_MAP:
      return ds_map(ds, cap_rights, mr);
    case DS_CLEAR:
    case DS_ALLOCATE:
      {
        /* allocate needs no W: it only makes pages present, and moe's memory always is */
        if (mr[0] == DS_CLEAR && !(usable_rights(ds, cap_rights) & DS_W))
          return l4_msgtag(-E_ACCESS, 0, 0, 0);
        unsigned long n = mr[4];
        if (!ds_range(ds, mr[2], &n))
          return l4_msgtag(-E_RANGE, 0, 0, 0);
        if (mr[0] == DS_CLEAR)
          memset((void *)(ds->base + mr[2]), 0, n);
        return l4_msgtag(0, 0, 0, 0);
      }
    case DS_INFO:
      mr[0] = ds->size;
      mr[1] = 0;
      mr[2] = usable_rights(ds, cap_rights); /* "only return writable if really writable" */
      return l4_msgtag(0, 3, 0, 0);
    case DS_COPY_IN:
      return ds_copy_in(ds, cap_rights, tag, mr);
    case DS_MAP_INFO:
      mr[0] = 0;
      mr[1] = 0;
      return l4_msgtag(0, 2, 0, 0);
    default:
      log_unhandled("Dataspace", mr[0], 0, ds->obj.name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
}
