/* moe's factory: kernel objects, dataspaces and scheduler proxies. As on the real system, the program's
 * factory capability is the kernel's (kernel objects) and moe's own factory is its mem_alloc (dataspaces,
 * scheduler proxies). */
#include <stdio.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include "tap-check.h"

int main(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_cap_idx_t ds = l4re_util_cap_alloc();
  l4_cap_idx_t sched = l4re_util_cap_alloc();
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  l4_msgtag_t tag;
  l4_sched_param_t sp;

  /* a kernel object still comes from the kernel's factory */
  check("the factory creates an IPC gate", l4_error(l4_factory_create_gate(l4re_env()->factory, gate, L4_INVALID_CAP, 0)), 0);

  /* a dataspace of 3 pages */
  tag = l4_factory_create_start_u(L4RE_PROTO_DATASPACE, ds, u);
  l4_factory_create_add_uint_u(3 * 4096, &tag, u);
  check("the factory creates a dataspace", l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, tag, u)), 0);
  check("of the size asked for", l4re_ds_size(ds), 3 * 4096);

  /* a scheduler proxy for priorities 5 + p, at most 10 */
  tag = l4_factory_create_start_u(L4_PROTO_SCHEDULER, sched, u);
  l4_factory_create_add_int_u(10, &tag, u);
  l4_factory_create_add_int_u(5, &tag, u);
  check("the factory creates a scheduler proxy", l4_error(l4_factory_create_commit_u(l4re_env()->mem_alloc, tag, u)), 0);
  sp = l4_sched_param(3, 0);
  check("run_thread through the proxy", l4_error(l4_scheduler_run_thread(sched, l4re_env()->main_thread, &sp)), 0);
  printf("check prio 8\n");
  sp = l4_sched_param(20, 0);
  check("a priority above the proxy's maximum is clipped", l4_error(l4_scheduler_run_thread(sched, l4re_env()->main_thread, &sp)), 0);
  printf("check prio 10\n");
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
