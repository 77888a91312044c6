/* The parent of a task moe started (L4Re::Parent, protocol L4RE_PROTO_PARENT = 0x4002): opcode 0 is
 * signal(sig, val); signal 0 with a value is the program's exit. moe notes it on its log. */
#include "moe.h"
#include "support.h"

enum { PARENT_SIGNAL = 0, SIGNAL_EXIT = 0 };

struct moe_object *parent_new(char const *name)
{
  struct moe_object *p = moe_zalloc(sizeof(*p));
  if (!p || object_publish(p, OBJ_PARENT, name) < 0)
    return 0;
  return p;
}

l4_msgtag_t parent_dispatch(struct moe_object *p, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  (void)tag;
  if (mr[0] != PARENT_SIGNAL)
    {
      log_unhandled("Parent", mr[0], 0, p->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
  if (mr[1] == SIGNAL_EXIT)
    moe_printf("MOE: %s exited with %ld\n", p->name, (long)mr[2]);
  return l4_msgtag(0, 0, 0, 0);
}
