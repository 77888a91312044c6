/* L4::Meta (protocol L4_PROTO_META = -21), which every L4Re server object answers (the generic Meta_svr of
 * l4sys cxx/ipc_epiface): 0 num_interfaces() -> label = count; 1 interface(idx) -> MR0 = protocol, then the
 * interface's name as a string (length with the terminator, bytes); 2 supports(proto) -> label 1 or 0.
 * Clients use it to learn what an object is, e.g. ned's file system asking whether rom/x is a dataspace. */
#include "moe.h"
#include <string.h>

struct iface { long proto; char const *name; };

enum { L4RE_PROTO_DATASPACE = 0x4000, L4RE_PROTO_NAMESPACE = 0x4001, L4RE_PROTO_PARENT = 0x4002,
       L4RE_PROTO_RM = 0x4005, L4RE_PROTO_MEM_ALLOC = 0x400b };

static struct iface const dataspace_ifaces[] = { { L4RE_PROTO_DATASPACE, "L4Re::Dataspace" } };
static struct iface const name_space_ifaces[] = { { L4RE_PROTO_NAMESPACE, "L4Re::Namespace" } };
static struct iface const mem_alloc_ifaces[] = { { L4RE_PROTO_MEM_ALLOC, "L4Re::Mem_alloc" }, { L4_PROTO_FACTORY, "L4::Factory" } };
static struct iface const region_map_ifaces[] = { { L4RE_PROTO_RM, "L4Re::Rm" }, { L4_PROTO_PAGE_FAULT, "L4::Pager" } };
static struct iface const parent_ifaces[] = { { L4RE_PROTO_PARENT, "L4Re::Parent" } };
static struct iface const log_ifaces[] = { { L4_PROTO_LOG, "L4::Vcon" } };
static struct iface const sched_ifaces[] = { { L4_PROTO_SCHEDULER, "L4::Scheduler" } };

#define LIST(a) *n = sizeof(a) / sizeof(a[0]); return a

static struct iface const *interfaces(enum moe_object_kind kind, unsigned *n)
{
  switch (kind)
    {
    case OBJ_DATASPACE:  LIST(dataspace_ifaces);
    case OBJ_NAME_SPACE: LIST(name_space_ifaces);
    case OBJ_MEM_ALLOC:  LIST(mem_alloc_ifaces);
    case OBJ_REGION_MAP: LIST(region_map_ifaces);
    case OBJ_PARENT:     LIST(parent_ifaces);
    case OBJ_LOG:        LIST(log_ifaces);
    case OBJ_SCHED_PROXY: LIST(sched_ifaces);
    }
  *n = 0;
  return 0;
}

l4_msgtag_t meta_dispatch(struct moe_object *o, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  unsigned n;
  struct iface const *list = interfaces(o->kind, &n);
  switch (mr[0])
    {
    case 0:
      return l4_msgtag(n, 0, 0, 0);
    case 1:
      {
        if (mr[1] >= n)
          return l4_msgtag(-E_RANGE, 0, 0, 0);
        struct iface const *i = &list[mr[1]];
        unsigned len = strlen(i->name) + 1;
        mr[0] = (l4_umword_t)i->proto;
        mr[1] = len;
        memcpy(&mr[2], i->name, len);
        return l4_msgtag(0, 2 + (len + 3) / 4, 0, 0);
      }
    case 2:
      for (unsigned i = 0; i < n; ++i)
        if (list[i].proto == (long)mr[1])
          return l4_msgtag(1, 0, 0, 0);
      return l4_msgtag(0, 0, 0, 0);
    default:
      log_unhandled("L4::Meta", mr[0], 0, o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
}
