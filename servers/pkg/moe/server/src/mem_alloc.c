/* The memory allocator ("mem", L4Re::Mem_alloc): an L4::Factory (label L4_PROTO_FACTORY = -15) whose
 * create(protocol, args...) makes moe's objects, as the real moe's Allocator::op_create:
 *   L4RE_PROTO_DATASPACE (0x4000): size, flags, align -> an anonymous dataspace (Mem_alloc::alloc)
 *   L4RE_PROTO_RM (0x4005)        -> a region map (ned gives one to every program it starts)
 *   L4RE_PROTO_NAMESPACE (0x4001) -> an empty name space
 *   L4_PROTO_LOG (-13): tag string, colour (string or number, default 7) -> a tagged log
 *   L4_PROTO_SCHEDULER (-14): priority limit, priority base -> a scheduler proxy
 * Arguments are L4::Factory variable arguments: a type word (type | byte length << 16), then the value in
 * as many words as it needs. The new object's gate goes back as a map item into the capability slot the
 * client named in its receive buffer. */
#include "moe.h"
#include <string.h>

enum { L4RE_PROTO_DATASPACE = 0x4000, L4RE_PROTO_NAMESPACE = 0x4001, L4RE_PROTO_RM = 0x4005 };
enum { VARG_NIL = 0, VARG_UMWORD = 1, VARG_STRING = 2, VARG_MWORD = 0x81 };

static struct moe_object root_alloc __attribute__((aligned(16))); /* its address is the gate label */

struct moe_object *mem_alloc_root(void)
{
  if (!root_alloc.cap && object_publish(&root_alloc, OBJ_MEM_ALLOC, "moe-rootalloc") < 0)
    return 0;
  return &root_alloc;
}

struct varg { unsigned type, len; l4_umword_t const *value; };

/* The next variable argument from word *pos on; 0 when the message has no more. */
static int next_varg(l4_msgtag_t tag, l4_umword_t const *mr, unsigned *pos, struct varg *v)
{
  unsigned words = l4_msgtag_words(tag);
  if (*pos >= words)
    return 0;
  v->type = mr[*pos] & 0xffff;
  v->len = mr[*pos] >> 16;
  v->value = &mr[*pos + 1];
  unsigned n = (v->len + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
  if (*pos + 1 + n > words)
    return 0;
  *pos += 1 + n;
  return 1;
}

static int is_int(struct varg const *v) { return v->type == VARG_UMWORD || v->type == VARG_MWORD; }

static l4_msgtag_t answer_cap(l4_umword_t *mr, struct moe_object *o)
{
  if (!o)
    return l4_msgtag(-E_NOMEM, 0, 0, 0);
  mr[0] = L4_ITEM_MAP;
  mr[1] = l4_obj_fpage(o->cap, 0, L4_CAP_FPAGE_RWSD).raw;
  return l4_msgtag(0, 0, 1, 0);
}

l4_msgtag_t mem_alloc_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  long proto = (long)mr[0];
  unsigned pos = 1;
  struct varg a, b;
  switch (proto)
    {
    case L4RE_PROTO_DATASPACE:
      {
        if (!next_varg(tag, mr, &pos, &a) || !is_int(&a) || (long)a.value[0] <= 0)
          return l4_msgtag(-E_INVAL, 0, 0, 0);
        struct dataspace *ds = dataspace_new_collectable(a.value[0], DS_RWX, "moe-anon-ds");
        return answer_cap(mr, ds ? &ds->obj : 0);
      }
    case L4RE_PROTO_RM:
      {
        struct region_map *rm = region_map_new_collectable();
        return answer_cap(mr, rm ? region_map_object(rm) : 0);
      }
    case L4RE_PROTO_NAMESPACE:
      {
        struct name_space *ns = name_space_new("moe-ns");
        return answer_cap(mr, ns ? name_space_object(ns) : 0);
      }
    case L4_PROTO_LOG:
      {
        if (!next_varg(tag, mr, &pos, &a) || a.type != VARG_STRING || a.len == 0)
          return l4_msgtag(-E_INVAL, 0, 0, 0);
        unsigned color = 7;
        if (next_varg(tag, mr, &pos, &b))
          {
            if (b.type == VARG_STRING)
              color = log_color_value((char const *)b.value, b.len ? b.len - 1 : 0);
            else if (is_int(&b))
              color = b.value[0];
          }
        return answer_cap(mr, log_new((char const *)a.value, a.len - 1, color));
      }
    case L4_PROTO_SCHEDULER:
      {
        if (!next_varg(tag, mr, &pos, &a) || !is_int(&a) || !next_varg(tag, mr, &pos, &b) || !is_int(&b))
          return l4_msgtag(-E_INVAL, 0, 0, 0);
        return answer_cap(mr, sched_proxy_new(a.value[0], b.value[0]));
      }
    default:
      moe_printf("MOE: unhandled L4::Factory create of protocol %ld (%s) on %s\n", proto, protocol_name(proto), o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
}
