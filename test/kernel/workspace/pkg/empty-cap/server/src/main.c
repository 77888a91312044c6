/* Invoking an empty capability slot fails with L4_IPC_ENOT_EXISTENT
 * (spec 1.4 step 3); cap_valid / cap_equal tell slots apart (spec 9.2):
 * two slots naming one object are equal (a mapped copy of main_thread),
 * two objects are not (main_thread vs l4re's own thread in
 * L4_BASE_THREAD_CAP, the log vs the factory). */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/task.h>

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t empty = l4re_util_cap_alloc();
  l4_cap_idx_t second = l4re_util_cap_alloc();
  l4_cap_idx_t copy;
  l4_msgtag_t tag;

  ktest_eq("first allocated cap is slot first_free_cap", empty >> L4_CAP_SHIFT,
           e->first_free_cap);
  ktest_eq("second allocated cap is the next slot", second, empty + L4_CAP_OFFSET);
  l4re_util_cap_free(second);
  ktest_eq("a freed cap is handed out again", l4re_util_cap_alloc(), second);
  copy = l4re_util_cap_alloc();

  tag = l4_ipc_call(empty, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
  ktest_true("call to an empty slot fails", l4_msgtag_has_error(tag) != 0, "no error bit");
  ktest_eq("... with ENOT_EXISTENT", l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
  ktest_eq("... l4_error is -(2000 + 4)", l4_error(tag), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));
  tag = l4_ipc_send(empty, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
  ktest_eq("send to an empty slot: ENOT_EXISTENT", l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
  tag = l4_factory_create_thread(empty, second);
  ktest_eq("factory call on an empty slot: ENOT_EXISTENT", l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);

  ktest_eq("cap_valid(empty slot) = 0", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, empty)), 0);
  ktest_eq("cap_valid(log) = 1", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_LOG_CAP)), 1);
  ktest_eq("cap_valid(own task) = 1", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP)), 1);
  /* Under L4Re slot L4_BASE_THREAD_CAP is l4re's own thread; the program's is env's main_thread. */
  ktest_eq("map main_thread to another slot",
           l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(e->main_thread, 0, L4_CAP_FPAGE_RWS),
                                l4_map_obj_control(copy, L4_MAP_ITEM_MAP))), 0);
  ktest_eq("cap_equal(main_thread, its copy) = 1",
           l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, e->main_thread, copy)), 1);
  ktest_eq("cap_equal(main_thread, BASE_THREAD = l4re's thread) = 0",
           l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, e->main_thread, L4_BASE_THREAD_CAP)), 0);
  ktest_eq("cap_equal(log, factory) = 0",
           l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, L4_BASE_LOG_CAP, e->factory)), 0);

  /* Kernel objects check the protocol and the message length. */
  tag = l4_ipc_call(e->factory, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER);
  ktest_eq("wrong protocol on the factory: -EBADPROTO", l4_error(tag), -L4_EBADPROTO);
  tag = l4_ipc_call(L4_BASE_TASK_CAP, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 0, 0, 0), L4_IPC_NEVER);
  ktest_eq("no words to the task: -EMSGTOOSHORT", l4_error(tag), -L4_EMSGTOOSHORT);
  return ktest_verdict();
}
