/* A root task that is not moe (spec 3.2, 10.3), started as the real kernel
 * starts one: its image at its physical addresses, no L4Re environment, the
 * kernel's initial capabilities, sigma0 (a file: ours or a real build's) as
 * its pager through the gate in cap 4. It checks sigma0's real semantics:
 * memory is physical memory mapped 1:1, free RAM is handed out by its
 * physical address or on a page fault, and what is not free RAM is refused.
 * The harness checks from outside that the RAM pages written here are the
 * physical frames of the same address (kernel-guest.test.ts). */
#include <ktest.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/factory.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/util/l4mod.h>

enum { SIGMA0_RAM = 0x60, SIGMA0_KIP = 0xa0 };

/* Free RAM of the emulated 256 MiB PC: above the boot modules (from
 * 0x01100000, a few hundred KiB here), below this program (0x08048000).
 * The harness reads these frames back. */
#define REQUESTED_PAGE 0x02000000UL
#define FAULTED_PAGE   0x02400000UL
#define REQUESTED_MAGIC 0x5157a11cUL
#define FAULTED_MAGIC   0xfa17ed01UL
/* Not RAM at all (the machine has 256 MiB). */
#define OUTSIDE_RAM    0x40000000UL
/* The KIP lies in the kernel's own RAM (sigma0 prints "KIP @ 400000"). */
#define KIP_PHYSICAL   0x00400000UL

#define WORKER_CAP (0x20UL << L4_CAP_SHIFT)
enum { WORKER_PRIO = 2, WORKER_STACK_SIZE = 8192 };

static char worker_stack[WORKER_STACK_SIZE] __attribute__((aligned(16)));

/* A sigma0 request; the map item's flexpage (where sigma0 put the memory)
 * goes to *where. */
static long sigma0_request(unsigned long id, l4_umword_t fp, l4_msgtag_t *tag, l4_umword_t *where)
{
  l4_utcb_t *u = l4_utcb();
  l4_utcb_mr_u(u)->mr[0] = ~0xffUL | id;
  l4_utcb_mr_u(u)->mr[1] = fp;
  l4_utcb_br_u(u)->bdr = 0;
  l4_utcb_br_u(u)->br[0] = L4_ITEM_MAP;
  l4_utcb_br_u(u)->br[1] = l4_fpage_all().raw;
  *tag = l4_ipc_call(L4_BASE_PAGER_CAP, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
  *where = l4_utcb_mr_u(u)->mr[1];
  return l4_error(*tag);
}

/* Touches memory that is no RAM: its page fault goes to sigma0, which
 * refuses it, and the kernel turns that into an exception for main. */
static void worker(void)
{
  *(volatile unsigned long *)OUTSIDE_RAM = 1;
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

/* A second thread in this task, paged by sigma0, main its exception handler,
 * with the second UTCB of the kernel-made UTCB area. */
static long start_worker(void)
{
  l4_msgtag_t tag;
  l4_umword_t *sp;
  l4_sched_param_t sched;

  tag = l4_factory_create_thread(L4_BASE_FACTORY_CAP, WORKER_CAP);
  if (l4_error(tag) < 0)
    return l4_error(tag);
  l4_thread_control_start();
  l4_thread_control_pager(L4_BASE_PAGER_CAP);
  l4_thread_control_exc_handler(L4_BASE_THREAD_CAP);
  l4_thread_control_bind((l4_utcb_t *)((l4_addr_t)l4_utcb() + L4_UTCB_OFFSET), L4_BASE_TASK_CAP);
  tag = l4_thread_control_commit(WORKER_CAP);
  if (l4_error(tag) < 0)
    return l4_error(tag);
  sp = (l4_umword_t *)(worker_stack + WORKER_STACK_SIZE);
  *--sp = 0;
  tag = l4_thread_ex_regs(WORKER_CAP, (l4_addr_t)worker, (l4_addr_t)sp, 0);
  if (l4_error(tag) < 0)
    return l4_error(tag);
  sched = l4_sched_param(WORKER_PRIO, 0);
  return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, WORKER_CAP, &sched));
}

/* The command line of the module of this kind in bootstrap's module table. */
static char const *module_cmdline(l4util_l4mod_info const *mbi, unsigned kind)
{
  l4util_l4mod_mod const *mods = (l4util_l4mod_mod const *)(l4_addr_t)mbi->mods_addr;
  unsigned i;
  for (i = 0; i < mbi->mods_count; ++i)
    if ((mods[i].flags & L4util_l4mod_mod_flag_mask) == kind)
      return (char const *)(l4_addr_t)mods[i].cmdline;
  return "";
}

int main(int argc, char **argv)
{
  l4_msgtag_t tag;
  l4_umword_t where, label;
  long err;
  l4_kernel_info_t const *kip;
  l4util_l4mod_info const *mbi;
  volatile unsigned long *requested = (volatile unsigned long *)REQUESTED_PAGE;
  volatile unsigned long *faulted = (volatile unsigned long *)FAULTED_PAGE;
  l4_exc_regs_t exc;

  ktest_eq("a root task has no L4Re environment", l4re_env() == 0, 1);
  ktest_eq("its arguments come from modules.lst", argc == 3 && !strcmp(argv[0], "roottask") && !strcmp(argv[1], "alpha") && !strcmp(argv[2], "beta"), 1);
  ktest_eq("its own task cap is valid", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_THREAD_CAP)), 1);
  ktest_eq("its UTCB is at 0xBFF00000", (unsigned long)l4_utcb(), 0xbff00000UL);

  err = sigma0_request(SIGMA0_KIP, 0, &tag, &where);
  ktest_eq("sigma0 hands out the KIP", err, 0);
  ktest_eq("with one map item", l4_msgtag_items(tag), 1);
  kip = (l4_kernel_info_t const *)l4_fpage_memaddr((l4_fpage_t){ .raw = where });
  ktest_eq("at its physical address", (unsigned long)kip, KIP_PHYSICAL);
  ktest_eq("which holds the KIP", kip->magic, L4_KERNEL_INFO_MAGIC);
  /* Bootstrap's module table is the root task's boot memory: a page fault
   * on it is resolved 1:1. */
  mbi = (l4util_l4mod_info const *)(l4_addr_t)kip->user_ptr;
  ktest_true("bootstrap's module table names this root task with its arguments",
             !strcmp(module_cmdline(mbi, L4util_l4mod_mod_flag_roottask), "roottask alpha beta"),
             module_cmdline(mbi, L4util_l4mod_mod_flag_roottask));

  err = sigma0_request(SIGMA0_RAM, l4_fpage(REQUESTED_PAGE, L4_PAGESHIFT, L4_FPAGE_RW).raw, &tag, &where);
  ktest_eq("sigma0 hands out a free RAM page asked for by its physical address", err, 0);
  ktest_eq("with one map item", l4_msgtag_items(tag), 1);
  ktest_eq("mapped 1:1", l4_fpage_memaddr((l4_fpage_t){ .raw = where }), REQUESTED_PAGE);
  *requested = REQUESTED_MAGIC;
  ktest_eq("the RAM it gave is usable", *requested, REQUESTED_MAGIC);

  *faulted = FAULTED_MAGIC;
  ktest_eq("sigma0 resolves a page fault on free RAM", *faulted, FAULTED_MAGIC);

  ktest_eq("sigma0 refuses a request for what is not RAM",
           sigma0_request(SIGMA0_RAM, l4_fpage(OUTSIDE_RAM, L4_PAGESHIFT, L4_FPAGE_RW).raw, &tag, &where), -L4_ENOMEM);
  ktest_eq("sigma0 refuses a request for the kernel's RAM",
           sigma0_request(SIGMA0_RAM, l4_fpage(KIP_PHYSICAL, L4_PAGESHIFT, L4_FPAGE_RW).raw, &tag, &where), -L4_ENOMEM);

  ktest_eq("a second thread starts (paged by sigma0, main its exception handler)", start_worker(), 0);
  tag = l4_ipc_wait(l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000000)));
  exc = *l4_utcb_exc();
  ktest_eq("sigma0 refuses its page fault on what is not RAM: an exception comes", l4_msgtag_label(tag), L4_PROTO_EXCEPTION);
  ktest_eq("a page fault", exc.trapno, 14);
  ktest_eq("at the address it touched", l4_utcb_exc_pfa(&exc) & ~7UL, OUTSIDE_RAM);

  ktest_eq("an unknown sigma0 request is refused", sigma0_request(0x33, 0, &tag, &where), -L4_ENOSYS);
  return ktest_verdict();
}
