/* Isolation matrix, capabilities (issue 11): forged selectors and empty
 * slots name nothing; a copy of a capability without S cannot do what needs
 * S; unmap never reaches copies (as in Fiasco); only a capability with D deletes, and that ends every copy. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/task.h>

static l4_cap_idx_t copy_of(l4_cap_idx_t cap, unsigned rights)
{
  l4_cap_idx_t c = l4re_util_cap_alloc();
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, rights),
              l4_map_obj_control(c, L4_MAP_ITEM_MAP));
  return c;
}

static char worker_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static void worker(void) { l4_sleep_forever(); }

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t forged[] = { 0x7ff00UL << L4_CAP_SHIFT, 0xfffffUL << L4_CAP_SHIFT, 0x3e0UL << L4_CAP_SHIFT };
  l4_cap_idx_t sem = l4re_util_cap_alloc(), gate = l4re_util_cap_alloc(), fac = l4re_util_cap_alloc();
  l4_cap_idx_t sem_ws, gate_rw, fac_rw, thread_rw, derived, sem_nod;
  l4_msgtag_t tag;
  kthread_t w;
  unsigned i;

  for (i = 0; i < sizeof forged / sizeof forged[0]; ++i)
    {
      tag = l4_ipc_send(forged[i], l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
      ktest_eq("IPC to a forged selector: L4_IPC_ENOT_EXISTENT",
               l4_msgtag_has_error(tag) ? l4_ipc_error(tag, l4_utcb()) : 0, L4_IPC_ENOT_EXISTENT);
      ktest_eq("... and cap_valid says empty", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, forged[i])), 0);
    }
  tag = l4_factory_create_gate(forged[0], gate, L4_INVALID_CAP, 0);
  ktest_true("a factory call through an empty slot fails", l4_msgtag_has_error(tag), "it succeeded");
  tag = l4_task_map(L4_BASE_TASK_CAP, forged[1], l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
                    l4_map_obj_control(0x3f0UL << L4_CAP_SHIFT, L4_MAP_ITEM_MAP));
  ktest_eq("map from a forged source task: -EINVAL", l4_error(tag), -L4_EINVAL);
  ktest_eq("... nothing was mapped", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, 0x3f0UL << L4_CAP_SHIFT)), 0);

  /* Rights: copies without S. */
  ktest_ok_tag("create a semaphore", l4_factory_create(e->factory, L4_PROTO_SEMAPHORE, sem));
  sem_ws = copy_of(sem, L4_CAP_FPAGE_RW);
  l4_semaphore_up(sem_ws);
  ktest_eq("semaphore down through a copy without S: -EPERM",
           l4_error(l4_semaphore_down(sem_ws, L4_IPC_NEVER)), -L4_EPERM);
  ktest_eq("... through the original (rws): 0", l4_error(l4_semaphore_down(sem, L4_IPC_NEVER)), 0);

  ktest_ok_tag("create an unbound gate", l4_factory_create_gate(e->factory, gate, L4_INVALID_CAP, 0));
  gate_rw = copy_of(gate, L4_CAP_FPAGE_RW);
  ktest_eq("bind a gate through a copy without S: -EPERM",
           l4_error(l4_ipc_gate_bind_thread(gate_rw, e->main_thread, 0x10)), -L4_EPERM);
  thread_rw = copy_of(e->main_thread, L4_CAP_FPAGE_RW);
  ktest_eq("bind a gate to a thread named by a copy without S: -EPERM",
           l4_error(l4_ipc_gate_bind_thread(gate, thread_rw, 0x10)), -L4_EPERM);
  ktest_ok_tag("bind with both S rights", l4_ipc_gate_bind_thread(gate, e->main_thread, 0x10));

  ktest_ok_tag("create a kernel factory (quota 8 KiB)", l4_factory_create_factory(e->factory, fac, 8192));
  fac_rw = copy_of(fac, L4_CAP_FPAGE_RW);
  ktest_eq("factory create through a copy without S: -EPERM",
           l4_error(l4_factory_create(fac_rw, L4_PROTO_SEMAPHORE, l4re_util_cap_alloc())), -L4_EPERM);

  ktest_eq("start a worker thread", kthread_start(&w, worker, worker_stack, 2, 0), 0);
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  ktest_eq("thread control through a copy without S: -EPERM",
           l4_error(l4_thread_control_commit(copy_of(w.cap, L4_CAP_FPAGE_RW))), -L4_EPERM);
  ktest_ok_tag("ex_regs needs no right (as in Fiasco)",
               l4_thread_ex_regs(copy_of(w.cap, L4_CAP_FPAGE_RO), ~0UL, ~0UL, 0));

  /* Revocation of an object capability is deletion, as in Fiasco, whose object mapping database keeps no
   * derivation tree (kobject_mapdb: foreach_mapping visits nothing): unmapping a capability never reaches
   * the copies made from it; deleting the object through a capability with D ends every copy. */
  derived = copy_of(sem, L4_CAP_FPAGE_RWS);
  ktest_eq("the derived copy exists", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, derived)), 1);
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(sem, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
  ktest_eq("unmap of the original leaves the copy (no derivation tree for objects)",
           l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, derived)), 1);
  ktest_eq("... and the original", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, sem)), 1);

  /* Delete needs D. */
  sem_nod = copy_of(sem, L4_CAP_FPAGE_RWS);
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(sem_nod, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
  ktest_eq("delete through a copy without D only unmaps the copy",
           l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, sem_nod)), 0);
  ktest_eq("... the object lives on", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, sem)), 1);
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(sem, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
  ktest_eq("delete through the original (D): the object is gone",
           l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, sem)), 0);
  ktest_eq("... and with it every copy", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, derived)), 0);
  return ktest_verdict();
}
