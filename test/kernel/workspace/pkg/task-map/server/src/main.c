/* Mapping capabilities and memory with the task object (spec 7.4, 9.2, 9.3):
 * a new task from the factory gets a cap, cap_valid sees it, unmap removes
 * it; memory mapped twice in the own task is the same memory. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/task.h>

/* Two pages: the source page, and a page-aligned hole for the alias. */
static unsigned char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
enum { ALIAS_ADDR = 0x60000000, NEW_TASK_UTCB_AREA = 0xb4000000 };

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t task = l4re_util_cap_alloc();
  l4_cap_idx_t copy = l4re_util_cap_alloc();
  l4_cap_idx_t there = 0x30UL << L4_CAP_SHIFT;
  l4_msgtag_t tag;
  volatile unsigned *alias = (volatile unsigned *)ALIAS_ADDR;
  volatile unsigned *orig = (volatile unsigned *)page;

  tag = l4_factory_create_task(e->factory, task,
                               l4_fpage(NEW_TASK_UTCB_AREA, 12, L4_FPAGE_RW));
  ktest_ok_tag("factory creates a task", tag);
  ktest_eq("cap_valid(new task) in own task = 1", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, task)), 1);
  ktest_eq("the new task has nothing in slot 0x30", l4_error(l4_task_cap_valid(task, there)), 0);

  tag = l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
                    l4_map_obj_control(there, L4_MAP_ITEM_MAP));
  ktest_ok_tag("map the log cap into the new task at slot 0x30", tag);
  ktest_eq("cap_valid in the new task = 1", l4_error(l4_task_cap_valid(task, there)), 1);
  ktest_eq("... and slot 0x31 stays empty",
           l4_error(l4_task_cap_valid(task, there + L4_CAP_OFFSET)), 0);

  tag = l4_task_unmap(task, l4_obj_fpage(there, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
  ktest_ok_tag("unmap the cap from the new task", tag);
  ktest_eq("cap_valid after unmap = 0", l4_error(l4_task_cap_valid(task, there)), 0);
  ktest_eq("the own log cap is still there",
           l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_LOG_CAP)), 1);

  /* A second slot for the same object in the own task. */
  tag = l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                    l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
                    l4_map_obj_control(copy, L4_MAP_ITEM_MAP));
  ktest_ok_tag("map the log cap into another own slot", tag);
  ktest_eq("the copy names the same object",
           l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, copy, L4_BASE_LOG_CAP)), 1);
  l4re_util_cap_free_um(copy);
  ktest_eq("l4re_util_cap_free_um unmapped the copy",
           l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, copy)), 0);

  /* Memory: map the page a second time at ALIAS_ADDR. */
  orig[0] = 0x12345678;
  tag = l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                    l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW),
                    l4_map_control(ALIAS_ADDR, 0, L4_MAP_ITEM_MAP));
  ktest_ok_tag("map a memory page to a second address", tag);
  ktest_eq("the alias shows the page's contents", alias[0], 0x12345678);
  alias[1] = 0xcafe;
  ktest_eq("a write through the alias shows in the page", orig[1], 0xcafe);

  tag = l4_task_map(task, L4_BASE_TASK_CAP,
                    l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RO),
                    l4_map_control(0x10000000, 0, L4_MAP_ITEM_MAP));
  ktest_ok_tag("map the page read-only into the new task", tag);
  return ktest_verdict();
}
