/* The life of an IPC gate (Fiasco object reference counting): a capability
 * mapped with L4_FPAGE_C_NO_REF_CNT does not keep the gate alive, so the gate
 * is destroyed when its last counted capability goes (unmapped, or its task
 * deleted); that removes the uncounted capability too and triggers the
 * deletion IRQ registered on the thread the gate is bound to. This is how an
 * L4Re server learns that a client let go of an object. */
#include <ktest.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>

enum { DEL_LABEL = 0x70, GATE_LABEL = 0x40, UTCB_AREA = 0xb4000000, SLOT_IN_T = 0x30 };

static l4_cap_idx_t del;

/* Whether the deletion IRQ has been triggered since the last call. */
static int del_irq_pending(void)
{
  l4_umword_t label = 0;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_RECV_TIMEOUT_0);
  return !l4_msgtag_has_error(tag) && label == DEL_LABEL;
}

/* A gate bound to the main thread at `gate`, with a second own capability at `own_ref`. */
static void gate_with_own_cap(l4_cap_idx_t gate, l4_cap_idx_t own_ref, int counted)
{
  l4re_env_t *e = l4re_env();
  l4_factory_create_gate(e->factory, gate, e->main_thread, GATE_LABEL);
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWS),
              l4_map_obj_control(own_ref, L4_MAP_ITEM_MAP) | (counted ? 0 : L4_FPAGE_C_NO_REF_CNT));
}

static void unmap(l4_cap_idx_t cap)
{
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t own = L4_BASE_TASK_CAP;
  l4_cap_idx_t gate = l4re_util_cap_alloc(), own_ref = l4re_util_cap_alloc(), T = l4re_util_cap_alloc();
  l4_cap_idx_t in_t = (l4_cap_idx_t)SLOT_IN_T << L4_CAP_SHIFT;

  del = l4re_util_cap_alloc();
  ktest_ok_tag("create the deletion IRQ", l4_factory_create_irq(e->factory, del));
  ktest_ok_tag("attach it to main", l4_irq_attach(del, DEL_LABEL, e->main_thread));
  ktest_ok_tag("register it as main's deletion IRQ", l4_thread_register_del_irq(e->main_thread, del));
  ktest_eq("no deletion yet", del_irq_pending(), 0);

  /* A counted second capability keeps the gate alive. */
  gate_with_own_cap(gate, own_ref, 1);
  unmap(gate);
  ktest_eq("counted: the second cap still names the gate", l4_error(l4_task_cap_valid(own, own_ref)), 1);
  ktest_eq("counted: no deletion IRQ", del_irq_pending(), 0);
  unmap(own_ref);
  ktest_eq("counted: unmapping the last cap destroys the gate (deletion IRQ)", del_irq_pending(), 1);

  /* An uncounted one does not. */
  gate_with_own_cap(gate, own_ref, 0);
  ktest_eq("no-ref-cnt: the own cap names the gate", l4_error(l4_task_cap_valid(own, own_ref)), 1);
  ktest_eq("no-ref-cnt: no deletion IRQ yet", del_irq_pending(), 0);
  unmap(gate);
  ktest_eq("no-ref-cnt: the last counted cap gone, the own cap is gone too",
           l4_error(l4_task_cap_valid(own, own_ref)), 0);
  ktest_eq("no-ref-cnt: the deletion IRQ was triggered", del_irq_pending(), 1);

  /* The last counted capability held by a client task: deleting the task destroys the gate. */
  gate_with_own_cap(gate, own_ref, 0);
  ktest_ok_tag("create task T", l4_factory_create_task(e->factory, T, l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));
  ktest_ok_tag("map the gate into T", l4_task_map(T, own, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWS),
                                                  l4_map_obj_control(in_t, L4_MAP_ITEM_MAP)));
  unmap(gate);
  ktest_eq("T's cap keeps the gate alive", l4_error(l4_task_cap_valid(own, own_ref)), 1);
  ktest_eq("... no deletion IRQ", del_irq_pending(), 0);
  ktest_ok_tag("delete T", l4_task_unmap(own, l4_obj_fpage(T, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ));
  ktest_eq("with T gone, the own uncounted cap is gone", l4_error(l4_task_cap_valid(own, own_ref)), 0);
  ktest_eq("... and the deletion IRQ was triggered", del_irq_pending(), 1);

  return ktest_verdict();
}
