/* Capabilities are passed on by mapping. main creates kernel objects (an
 * IPC gate it serves, a semaphore, a factory with a quota) and two empty
 * tasks, "sandbox" and "guest". It maps the gate and the semaphore into
 * sandbox with fewer rights, and sandbox's gate on into guest: the kernel's
 * mapping database records who mapped what to whom. Then main serves the
 * gate. Watch it in the Kernel Objects view and the Capability Graph. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/task.h>
#include <stdio.h>

enum { GATE_LABEL = 0x10, SLOT_GATE = 4, SLOT_SEM = 5, FACTORY_QUOTA = 64 * 1024 };

/* A new task with one page of UTCB area, named for the debugger. */
static l4_cap_idx_t new_task(char const *name, l4_addr_t utcb_area)
{
  l4_cap_idx_t t = l4re_util_cap_alloc();
  if (l4_error(l4_factory_create_task(l4re_env()->factory, t,
                                      l4_fpage(utcb_area, L4_PAGESHIFT, L4_FPAGE_RW))) < 0)
    printf("create task %s failed\n", name);
  l4_debugger_set_object_name(t, name);
  return t;
}

/* Maps capability `cap` of task `from` into slot `slot` of task `to`. */
static void map_cap(l4_cap_idx_t to, l4_cap_idx_t from, l4_cap_idx_t cap,
                    unsigned rights, unsigned slot)
{
  l4_msgtag_t r = l4_task_map(to, from, l4_obj_fpage(cap, 0, rights),
                              l4_map_obj_control(slot << L4_CAP_SHIFT, L4_MAP_ITEM_MAP));
  if (l4_error(r) < 0)
    printf("map failed: %ld\n", l4_error(r));
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  l4_cap_idx_t sem = l4re_util_cap_alloc();
  l4_cap_idx_t factory = l4re_util_cap_alloc();
  l4_umword_t label;
  l4_msgtag_t tag;

  l4_factory_create_gate(e->factory, gate, e->main_thread, GATE_LABEL);
  l4_debugger_set_object_name(gate, "service");
  l4_factory_create(e->factory, L4_PROTO_SEMAPHORE, sem);
  l4_debugger_set_object_name(sem, "lock");
  l4_factory_create_factory(e->factory, factory, FACTORY_QUOTA);
  l4_debugger_set_object_name(factory, "quota");

  l4_cap_idx_t sandbox = new_task("sandbox", 0xb0000000);
  l4_cap_idx_t guest = new_task("guest", 0xb0000000);

  /* sandbox may call the gate (rw, no s) and only read the semaphore */
  map_cap(sandbox, L4RE_THIS_TASK_CAP, gate, L4_CAP_FPAGE_RW, SLOT_GATE);
  map_cap(sandbox, L4RE_THIS_TASK_CAP, sem, L4_CAP_FPAGE_R, SLOT_SEM);
  /* sandbox passes its gate on to guest: derived from a derived capability */
  map_cap(guest, sandbox, SLOT_GATE << L4_CAP_SHIFT, L4_CAP_FPAGE_RW, SLOT_GATE);
  puts("capabilities mapped: main -> sandbox -> guest");

  /* serve the gate (nobody calls: the tasks have no threads) */
  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  printf("received label %lx, tag %lx\n", label, tag.raw);
  return 0;
}
