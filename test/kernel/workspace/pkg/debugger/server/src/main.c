/* The kernel debugger object (spec 1.6): naming a thread and the task
 * (set_name, read back with get_name; the mocha test also checks
 * machine.threads() shows "task:thread" names), global ids, and the kdebug
 * output ops, whose text the mocha test finds in the output:
 *   "kdebug: <X|hello|cafebabe|2345f|abcd|bcd|ff|12345>" */
#include <ktest.h>
#include <kthread.h>
#include <string.h>
#include <l4/sys/debugger.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/task.h>

static char worker_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

static void worker(void)
{
  l4_sleep_forever();
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  kthread_t w;
  char name[32];
  unsigned long id_task, id_main, id_worker;
  l4_cap_idx_t copy = l4re_util_cap_alloc();

  ktest_eq("worker starts", kthread_start(&w, worker, worker_stack, 1, 0), 0);
  ktest_ok_tag("name the task 'dbgtask'", l4_debugger_set_object_name(L4_BASE_TASK_CAP, "dbgtask"));
  ktest_ok_tag("name the main thread 'mainthr'", l4_debugger_set_object_name(e->main_thread, "mainthr"));
  ktest_ok_tag("name the worker 'worker7'", l4_debugger_set_object_name(w.cap, "worker7"));

  memset(name, 0, sizeof name);
  ktest_eq("get_name of the worker succeeds", l4_debugger_get_object_name(w.cap, name, sizeof name), 0);
  ktest_true("get_name of the worker is 'worker7'", strcmp(name, "worker7") == 0, name);
  memset(name, 0, sizeof name);
  l4_debugger_get_object_name(L4_BASE_TASK_CAP, name, sizeof name);
  ktest_true("get_name of the task is 'dbgtask'", strcmp(name, "dbgtask") == 0, name);

  id_task = l4_debugger_global_id(L4_BASE_TASK_CAP);
  id_main = l4_debugger_global_id(e->main_thread);
  id_worker = l4_debugger_global_id(w.cap);
  ktest_true("global ids exist", id_task != ~0UL && id_main != ~0UL && id_worker != ~0UL, "~0");
  ktest_true("global ids differ", id_task != id_main && id_main != id_worker && id_task != id_worker, "equal");
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(w.cap, 0, L4_CAP_FPAGE_RWS),
              l4_map_obj_control(copy, L4_MAP_ITEM_MAP));
  ktest_eq("the worker through a second cap has the same id", l4_debugger_global_id(copy), id_worker);
  ktest_true("an empty slot has no global id", l4_debugger_global_id(0x7ff000UL) == ~0UL, "got one");

  outstring("kdebug: <");
  outchar('X');
  outchar('|');
  outnstring("hello, world", 5);
  outchar('|');
  outhex32(0xcafebabe);
  outchar('|');
  outhex20(0x12345f);
  outchar('|');
  outhex16(0x1234abcd);
  outchar('|');
  outhex12(0xabcd);
  outchar('|');
  outhex8(0x1ff);
  outchar('|');
  outdec(12345);
  outstring(">\n");
  ktest_pass("kdebug output ops returned");
  return ktest_verdict();
}
