/* The parent of the task moe started (L4Re::Parent, protocol L4RE_PROTO_PARENT = 0x4002): opcode 0 is
 * signal(sig, val). Signal 0 is the program's exit: as the real moe's App_task, moe notes a non-zero exit
 * value on its log, deletes the task (and so its threads) and sends no reply. */
#include <l4/sys/task.h>
#include "moe.h"
#include <string.h>

enum { PARENT_SIGNAL = 0, SIGNAL_EXIT = 0 };

struct app_parent
{
  struct moe_object obj;
  l4_cap_idx_t task, thread;
};

struct moe_object *parent_new(char const *name)
{
  struct app_parent *p = moe_zalloc(sizeof(*p));
  if (!p || object_publish(&p->obj, OBJ_PARENT, name) < 0)
    return 0;
  p->task = p->thread = L4_INVALID_CAP;
  return &p->obj;
}

void parent_set_task(struct moe_object *o, l4_cap_idx_t task, l4_cap_idx_t thread)
{
  struct app_parent *p = (struct app_parent *)o;
  p->task = task;
  p->thread = thread;
}

static void delete_object(l4_cap_idx_t cap)
{
  if (!l4_is_invalid_cap(cap))
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
}

l4_msgtag_t parent_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u)
{
  struct app_parent *p = (struct app_parent *)o;
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  if (l4_msgtag_words(tag) < 3 || mr[0] != PARENT_SIGNAL)
    {
      log_unhandled("L4Re::Parent", mr[0], 0, o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
  if (mr[1] != SIGNAL_EXIT)
    return l4_msgtag(0, 0, 0, 0);
  if (mr[2] != 0)
    moe_printf("MOE: task %p exited with %lu\n", (void *)p, mr[2]);
  delete_object(p->thread);
  delete_object(p->task);
  p->task = p->thread = L4_INVALID_CAP;
  return l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR); /* the caller is gone: no reply */
}
