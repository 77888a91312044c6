/* Scheduler proxies (L4::Scheduler, protocol L4_PROTO_SCHEDULER = -14), made by the memory allocator's
 * factory with a priority limit and base (ned's create_sched_proxy): run_thread(thread, params) runs the
 * thread on the kernel's scheduler with priority min(prio + base, limit), as the real moe's Sched_proxy.
 * The other opcodes (info, idle_time) ask the kernel's scheduler. Words (l4sys scheduler.h): MR0 opcode,
 * run_thread: MR1 gran_offset, MR2 map, MR3 prio, MR4 quantum, the thread as a capability item. */
#include <l4/sys/scheduler.h>
#include "moe.h"
#include <string.h>

enum { SCHED_INFO = 0, SCHED_RUN_THREAD = 1, SCHED_IDLE_TIME = 2 };

struct sched_proxy
{
  struct moe_object obj;
  unsigned long prio_limit, prio_base;
};

struct moe_object *sched_proxy_new(unsigned long prio_limit, unsigned long prio_base)
{
  struct sched_proxy *p = moe_zalloc(sizeof(*p));
  if (!p)
    return 0;
  p->prio_limit = prio_limit;
  p->prio_base = prio_base;
  if (object_publish(&p->obj, OBJ_SCHED_PROXY, "moe-sched") < 0)
    return 0;
  return &p->obj;
}

/* Passes the request on to the kernel's scheduler unchanged and answers with its answer. */
static l4_msgtag_t ask_kernel(l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_msgtag_t r = l4_ipc_call(L4_BASE_SCHEDULER_CAP, u, l4_msgtag(L4_PROTO_SCHEDULER, l4_msgtag_words(tag), 0, 0),
                              L4_IPC_NEVER);
  if (l4_msgtag_has_error(r))
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  return r;
}

l4_msgtag_t sched_proxy_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u)
{
  struct sched_proxy *p = (struct sched_proxy *)o;
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  unsigned words = l4_msgtag_words(tag);
  switch (mr[0])
    {
    case SCHED_INFO:
    case SCHED_IDLE_TIME:
      return ask_kernel(tag, u);
    case SCHED_RUN_THREAD:
      {
        /* the thread arrives mapped into moe's receive slot */
        if (words < 5 || l4_msgtag_items(tag) < 1 || (mr[words] & 0xe) != RECEIVED_MAPPED)
          return l4_msgtag(-E_INVAL, 0, 0, 0);
        l4_sched_param_t sp;
        sp.affinity.gran_offset = mr[1];
        sp.affinity.map = mr[2];
        sp.prio = mr[3] + p->prio_base < p->prio_limit ? mr[3] + p->prio_base : p->prio_limit;
        sp.quantum = mr[4];
        return l4_msgtag(l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, RCV_SLOT, &sp)), 0, 0, 0);
      }
    default:
      log_unhandled("L4::Scheduler", mr[0], 0, o->name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
}
