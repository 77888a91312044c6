/* sigma0, the root pager of an L4Re system, started by the kernel as the
 * first user thread. Its address space is physical memory (the kernel maps
 * it 1:1), so the KIP, the module table and all RAM lie at their physical
 * addresses. It prints what it found, raises its priority above everyone
 * else's, and serves requests for ever. */
#include <l4/sys/consts.h>
#include <l4/sys/debugger.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>
#include <l4/sys/scheduler.h>
#include "kip_memory.h"
#include "log.h"
#include "pager.h"

/* sigma0 must answer before anyone else runs (it pages the root task). */
enum { SIGMA0_PRIORITY = 0xff };

void sigma0_main(l4_kernel_info_t const *kip) __attribute__((noreturn));

/* Tells the kernel debugger which image runs in our task (debugger op
 * TASK_ADD_IMAGE_INFO: MR1 = load offset, 0 as we are not relocated; the
 * name from MR2 on), as every L4Re loader does for the images it loads. */
static void announce_image(char const *name)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  char *dst = (char *)&mr->mr[2];
  unsigned n = 0;
  while (name[n])
    {
      dst[n] = name[n];
      ++n;
    }
  dst[n++] = 0;
  mr->mr[0] = L4_DEBUGGER_TASK_ADD_IMAGE_INFO_OP;
  mr->mr[1] = 0;
  l4_invoke_debugger(L4_BASE_TASK_CAP, l4_msgtag(0, 2 + (n + 3) / 4, 0, 0), l4_utcb());
}

static void fatal(void) __attribute__((noreturn));
static void fatal(void)
{
  log_str("FATAL: Sigma0 terminated!\n");
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

void sigma0_main(l4_kernel_info_t const *kip)
{
  l4_sched_param_t prio = l4_sched_param(SIGMA0_PRIORITY, 0);

  log_str("SIGMA0: Hello!\n  KIP @ ");
  log_hex((unsigned long)kip);
  log_char('\n');

  l4_debugger_set_object_name(L4_BASE_TASK_CAP, "sigma0");
  l4_debugger_set_object_name(L4_BASE_FACTORY_CAP, "root factory");
  l4_debugger_set_object_name(L4_BASE_THREAD_CAP, "sigma0");
  announce_image("sigma0");

  if (!init_memory(kip))
    fatal();
  init_io_ports();

  log_str("  allocated ");
  log_dec(resource_map_bytes() / 1024);
  log_str(" KiB for maintenance structures\n");

  if (l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_THREAD_CAP, &prio)) < 0)
    log_str("SIGMA0: could not set scheduling priority\n");

  dump_all();
  pager_loop(kip);
}
