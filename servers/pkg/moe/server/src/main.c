/* moe's start, in the order of the real moe's main(): greet, raise its own priority, map the KIP, take the
 * RAM, read its command line, publish the boot modules as rom/, then start init and serve. */
#include <l4/sys/scheduler.h>
#include <l4/sys/debugger.h>
#include "moe.h"
#include <string.h>

l4_kernel_info_t *moe_kip;
struct dataspace *kip_ds;

int main(void)
{
  moe_printf("MOE: Hello world\n");
  l4_sched_param_t prio = l4_sched_param(0xff, 0);
  if (l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_THREAD_CAP, &prio)) < 0)
    moe_printf("MOE: could not set scheduling priority\n");

  moe_kip = sigma0_map_kip();
  if (!moe_kip)
    moe_fatal("could not map KIP");
  if (!l4_kip_kernel_has_feature(moe_kip, "mapdb"))
    moe_printf("MOE: Fiasco mapdb not available! Memory cannot be given back!\n");
  boot_memory_init(moe_kip);
  boot_memory_print_virtual_space(moe_kip);

  char const *cmdline = moe_command_line(moe_kip);
  moe_printf("MOE: cmdline: %s\n", cmdline);
  struct moe_options opts;
  parse_command_line(cmdline, &opts);

  struct name_space *rom_ns = boot_fs_init(moe_kip);
  kip_ds = dataspace_over((l4_addr_t)moe_kip, L4_PAGESIZE, DS_RX, "kip");
  if (!kip_ds || !mem_alloc_root())
    moe_fatal("could not create moe's base objects");
  object_name_in_debugger(&kip_ds->obj, "moe-ds-kip");
  /* as the real moe does in every configuration */
  l4_debugger_set_object_name(L4_BASE_TASK_CAP, "moe");
  l4_debugger_set_object_name(L4_BASE_THREAD_CAP, "moe");
  l4_debugger_set_object_name(L4_BASE_PAGER_CAP, "moe->s0");

  object_gc_init();
  launch_init(rom_ns, opts.init, opts.init_args);
  server_loop();
}
