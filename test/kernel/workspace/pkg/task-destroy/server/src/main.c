/* Destroying a task (unmap of its cap with L4_FP_DELETE_OBJ): the cap is
 * gone, pages that were mapped from it into the own task are gone (a
 * capability mapped from it stays: objects have no derivation tree in
 * Fiasco), memory mapped into it from the own task stays in the own task,
 * and a thread bound to it no longer takes IPC. */
#include <ktest.h>
#include <kprobe.h>
#include <l4/sys/task.h>

static unsigned char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));

enum
{
  UTCB_AREA = 0xb4000000,
  IN_T = 0x10000000,
  ALIAS = 0x61000000,
  SLOT_IN_T = 0x30,
};

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t own = L4_BASE_TASK_CAP;
  l4_cap_idx_t T = l4re_util_cap_alloc(), th = l4re_util_cap_alloc(), Y = l4re_util_cap_alloc();
  l4_cap_idx_t in_t = (l4_cap_idx_t)SLOT_IN_T << L4_CAP_SHIFT;
  l4_umword_t v = 0;
  l4_msgtag_t tag;
  long err;

  ((volatile unsigned *)page)[0] = 0x7a5c0001;
  ktest_eq("probe threads start", kprobe_start(), 0);
  ktest_ok_tag("create task T", l4_factory_create_task(e->factory, T, l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));
  ktest_ok_tag("map the log cap into T", l4_task_map(T, own, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
                                                    l4_map_obj_control(in_t, L4_MAP_ITEM_MAP)));
  ktest_ok_tag("map a page into T", l4_task_map(T, own, l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW),
                                               l4_map_control(IN_T, 0, L4_MAP_ITEM_MAP)));
  ktest_ok_tag("create a thread", l4_factory_create_thread(e->factory, th));
  l4_thread_control_start();
  l4_thread_control_bind((l4_utcb_t *)UTCB_AREA, T);
  ktest_ok_tag("bind it to T", l4_thread_control_commit(th));

  ktest_ok_tag("map T's log cap back to own slot Y", l4_task_map(own, T, l4_obj_fpage(in_t, 0, L4_CAP_FPAGE_RWS),
                                                               l4_map_obj_control(Y, L4_MAP_ITEM_MAP)));
  ktest_eq("Y is valid", l4_error(l4_task_cap_valid(own, Y)), 1);
  l4_task_map(own, T, l4_fpage(IN_T, L4_PAGESHIFT, L4_FPAGE_RW), l4_map_control(ALIAS, 0, L4_MAP_ITEM_MAP));
  ktest_eq("T's page mapped back to ALIAS is readable", kprobe_read(ALIAS, &v), 1);
  ktest_eq("... and is the page", v, 0x7a5c0001);

  tag = l4_task_unmap(own, l4_obj_fpage(T, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
  ktest_ok_tag("destroy T (unmap its cap with L4_FP_DELETE_OBJ)", tag);
  ktest_eq("the cap to T is gone", l4_error(l4_task_cap_valid(own, T)), 0);
  /* Objects have no derivation tree in Fiasco: Y names the log, which lives on after T. */
  ktest_eq("Y (mapped from T) stays: it names the log, not T", l4_error(l4_task_cap_valid(own, Y)), 1);
  ktest_eq("the own log cap (T's source) stays", l4_error(l4_task_cap_valid(own, L4_BASE_LOG_CAP)), 1);
  ktest_eq("ALIAS (mapped from T) is gone", kprobe_read(ALIAS, 0), 0);
  ktest_eq("the own page (mapped into T) is still there", ((volatile unsigned *)page)[0], 0x7a5c0001);
  ((volatile unsigned *)page)[1] = 0x5;
  ktest_eq("... and writable", ((volatile unsigned *)page)[1], 0x5);
  ktest_eq("invoking the dead task's cap slot: IPC error ENOT_EXISTENT",
           l4_error(l4_task_cap_valid(T, L4_BASE_LOG_CAP)), -(L4_EIPC_LO + L4_IPC_ENOT_EXISTENT));

  /* The thread bound to T: its cap stays (a separate object) but it is dead. */
  err = l4_error(l4_task_cap_valid(own, th));
  printf("# the thread cap after T's destruction: cap_valid = %ld\n", err);
  tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
  err = l4_ipc_error(tag, l4_utcb());
  printf("# send to the thread bound to T: %s error 0x%lx\n",
         l4_msgtag_has_error(tag) ? "IPC" : "no", err);
  ktest_true("a send to the thread bound to T fails", l4_msgtag_has_error(tag), "it succeeded");
  ktest_eq("... with ENOT_EXISTENT", err, L4_IPC_ENOT_EXISTENT);

  /* Deleting an IPC gate removes every capability that names it. */
  {
    l4_cap_idx_t gate = l4re_util_cap_alloc(), gate2 = l4re_util_cap_alloc();
    ktest_ok_tag("create an IPC gate", l4_factory_create_gate(e->factory, gate, L4_INVALID_CAP, 0));
    l4_task_map(own, own, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWS), l4_map_obj_control(gate2, L4_MAP_ITEM_MAP));
    ktest_eq("a second cap to the gate", l4_error(l4_task_cap_equal(own, gate, gate2)), 1);
    ktest_ok_tag("delete the gate (L4_FP_DELETE_OBJ)",
                 l4_task_unmap(own, l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ));
    ktest_eq("the gate's cap is gone", l4_error(l4_task_cap_valid(own, gate)), 0);
    ktest_eq("the second cap is gone too", l4_error(l4_task_cap_valid(own, gate2)), 0);
  }
  return ktest_verdict();
}
