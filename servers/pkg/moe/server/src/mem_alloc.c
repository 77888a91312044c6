/* The memory allocator ("mem", L4Re::Mem_alloc): an L4::Factory whose create() with protocol
 * L4RE_PROTO_DATASPACE (0x4000) makes an anonymous dataspace (l4re/include/mem_alloc: alloc(size, mem,
 * flags, align) sends Factory::create(cap, 0x4000) << l4_mword_t(size) << flags << align). The arguments
 * are L4::Factory variable arguments: a type word (type | length << 16) then the value. The new dataspace's
 * gate goes back as a map item into the capability slot the client names in its receive buffer. */
#include "moe.h"
#include "support.h"

enum { L4RE_PROTO_DATASPACE = 0x4000 };

static struct moe_object root_alloc __attribute__((aligned(16))); /* its address is the gate label */

struct moe_object *mem_alloc_root(void)
{
  if (!root_alloc.cap && object_publish(&root_alloc, OBJ_MEM_ALLOC, "moe-rootalloc") < 0)
    return 0;
  return &root_alloc;
}

/* The value of variable argument `i` (0-based) after MR0, or `dflt` when the message has fewer. */
static l4_umword_t varg(l4_msgtag_t tag, l4_umword_t const *mr, unsigned i, l4_umword_t dflt)
{
  unsigned at = 1 + 2 * i;
  return at + 1 < l4_msgtag_words(tag) ? mr[at + 1] : dflt;
}

l4_msgtag_t mem_alloc_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  long proto = (long)mr[0];
  if (proto != L4RE_PROTO_DATASPACE)
    {
      log_unhandled("Factory(mem_alloc): create of protocol", mr[0], 0, o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
  unsigned long size = varg(tag, mr, 0, 0);
  if (size == 0)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  struct dataspace *ds = dataspace_new(size, DS_RWX, "moe-anon-ds");
  if (!ds)
    return l4_msgtag(-E_NOMEM, 0, 0, 0);
  mr[0] = L4_ITEM_MAP;
  mr[1] = l4_obj_fpage(ds->obj.cap, 0, L4_CAP_FPAGE_RWSD).raw;
  return l4_msgtag(0, 0, 1, 0);
}
