/* l4re's start: read what moe handed over, take over the task's address space (mirroring moe's regions),
 * load the program, give it a stack and an environment whose region map is l4re, start its thread,
 * then serve. */
#include <l4/sys/debugger.h>
#include <l4/sys/scheduler.h>
#include "l4re.h"
#include <string.h>

struct start_info l4re_start;
l4_cap_idx_t parent_rm;
l4_kernel_info_t *l4_global_kip;

/* The user address space the KIP's one virtual memory descriptor names (l4re_itas region.cc). */
static void address_space_limits(l4_kernel_info_t const *kip, l4_addr_t *min, l4_addr_t *max)
{
  *min = 0;
  *max = 0xbfffffff;
  l4_umword_t const *d = (l4_umword_t const *)((char const *)kip + kip->mem_descs);
  for (unsigned i = 0; i < kip->mem_descs_num; ++i, d += 2)
    if ((d[0] & 0x200) && (d[0] & 0xf) == 1) /* virtual, Conventional */
      {
        *min = d[0] & ~0x3ffUL;
        *max = d[1] | 0x3ff;
      }
}

/* Everything moe's region map already holds for this task (l4re's image, its stack, the KIP, the UTCBs):
 * faults there are forwarded to moe, and nothing of the program may go there. */
static void mirror_parent_regions(void)
{
  for (int areas = 0; areas < 2; ++areas)
    {
      l4_addr_t from = 0;
      l4_umword_t t[3 * 16];
      long n;
      while ((n = remote_rm_list(parent_rm, areas, from, t, 16)) > 0)
        for (long i = 0; i < n; ++i)
          {
            l4_addr_t start = t[3 * i];
            unsigned long size = t[3 * i + 1] - start + 1;
            long e = areas ? area_reserve(&start, size, 0, 0)
                           : region_attach(&start, size, RM_PAGER | RM_RIGHTS, 0, parent_rm, L4_INVALID_CAP, 0);
            if (e < 0)
              l4re_fatal("error while initializing region mapper");
            from = t[3 * i + 1] + 1;
          }
    }
}

/* The part of the binary's path the real l4re names the task after: what follows the first "rom/", or the
 * whole path (l4re_itas main.cc). */
static char const *name_in_rom(char const *s)
{
  for (char const *p = s; *p; ++p)
    if (p[0] == 'r' && p[1] == 'o' && p[2] == 'm' && p[3] == '/')
      return p + 4;
  return s;
}

/* The file name of the binary, for the debugger's image list. */
static char const *base_name(char const *s)
{
  char const *b = s;
  for (char const *p = s; *p; ++p)
    if (*p == '/')
      b = p + 1;
  return b;
}

void l4re_main(l4_umword_t *initial_sp)
{
  struct start_info *si = &l4re_start;
  read_initial_stack(initial_sp, si);
  if (!si->env || !si->aux || !si->kip)
    l4re_fatal("invalid AUX vectors");
  l4_global_kip = si->kip;
  parent_rm = si->env->rm;
  cap_slots_reserve();

  /* "#name" for the thread, "name" for the task, in a 15-byte buffer as the real l4re: at most 13 characters */
  char thread_name[15] = "#";
  strncpy(thread_name + 1, name_in_rom(si->aux->binary), sizeof(thread_name) - 2);
  thread_name[sizeof(thread_name) - 1] = 0;
  l4_debugger_set_object_name(L4_BASE_THREAD_CAP, thread_name);
  l4_debugger_set_object_name(L4_BASE_TASK_CAP, thread_name + 1);

  /* Fiasco's page-fault trampoline ("pf_tramp") would let a faulting thread resolve its own fault on its
   * stack; l4re serves every fault by page-fault IPC, which works with or without it. */
  l4_addr_t min, max;
  address_space_limits(si->kip, &min, &max);
  region_map_init(min, max);
  mirror_parent_regions();

  l4_cap_idx_t file;
  char const *bin = si->aux->binary;
  char const *slash = bin;
  while (*slash && *slash != '/')
    ++slash;
  l4_cap_idx_t ns = *slash ? env_named_cap(si->env, bin, (unsigned)(slash - bin)) : L4_INVALID_CAP;
  if (l4_is_invalid_cap(ns) || name_space_query(ns, slash + 1, strlen(slash + 1), &file) < 0)
    {
      l4re_printf("l4re: could not open '%s'\n", bin);
      l4re_fatal("Could not load binary");
    }

  struct loaded_program prog;
  if (elf_load(file, bin, &prog) < 0)
    l4re_fatal("Could not load binary");
  l4_addr_t sp = app_stack_build(si, &prog);
  if (!sp)
    l4re_fatal("could not set up the program's stack");
  server_init();
  if (app_thread_start(si, base_name(si->aux->binary), prog.entry, sp) < 0)
    l4re_fatal("could not start the program's thread");

  /* As the real l4re: the region manager runs at the highest priority its scheduler allows. */
  l4_sched_param_t p = l4_sched_param(255, 0);
  l4_scheduler_run_thread(si->env->scheduler, L4_BASE_THREAD_CAP, &p);
  server_loop();
}
