/* Isolation matrix, quotas (issue 11): kernel memory is bounded by the
 * factory quota (8% of RAM) and comes back when objects go; moe hands out no
 * more RAM than the machine has (the KIP's conventional RAM: 256 MiB on the
 * real-L4Re layout); when the kernel's memory runs out it answers
 * -L4_ENOMEM, and a thread whose page fault its pager cannot resolve stops
 * alone while main runs on. Under L4Re that pager is l4re: a fault outside
 * every region is refused, and the thread waits in its exception IPC for
 * good (the mocha test checks that from outside). */
#include <ktest.h>
#include <kthread.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/sys/task.h>
#include <l4/sys/kip.h>

enum { FIRST_SLOT = 0x1000, MAX_TASKS = 4096, UTCB_AREA = 0xb4000000 };
enum { KU_BASE = 0x40000000, KU_ORDER = 22, STACK_LOW = 0x7ff00000 };

static char toucher_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

/* Touches a page no region covers: its pager (l4re) refuses the fault. */
static void toucher(void)
{
  *(volatile int *)(STACK_LOW + 0x100) = 1;
  kthread_finish();
}

/* The machine's RAM in MiB: the KIP's conventional, physical memory descriptors (spec 11). */
static unsigned long ram_mib(void)
{
  l4_kernel_info_t const *k = l4_kip();
  l4_umword_t const *d = (l4_umword_t const *)((char const *)k + *(l4_uint32_t const *)((char const *)k + 0x54));
  unsigned n = *(l4_uint32_t const *)((char const *)k + 0x58), i;
  unsigned long bytes = 0;
  for (i = 0; i < n; ++i, d += 2)
    if ((d[0] & 0xf) == 1 && !(d[0] & 0x200))
      bytes += (d[1] | 0x3ffUL) - (d[0] & ~0x3ffUL) + 1;
  return bytes >> 20;
}

static long new_task(unsigned i)
{
  return l4_error(l4_factory_create_task(l4re_env()->factory, (FIRST_SLOT + i) << L4_CAP_SHIFT,
                                         l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));
}

int main(void)
{
  unsigned n = 0, i, order;
  unsigned long ram;
  l4_addr_t addr = KU_BASE;
  long err = 0;
  l4re_ds_t ds64 = l4re_util_cap_alloc(), ds128 = l4re_util_cap_alloc(), ds100 = l4re_util_cap_alloc();
  kthread_t t;

  /* Kernel memory: tasks until the quota says no. */
  while (n < MAX_TASKS && (err = new_task(n)) >= 0)
    ++n;
  ktest_eq("creating tasks ends with -L4_ENOMEM", err, -L4_ENOMEM);
  ktest_range("... after a bounded number of tasks", n, 16, MAX_TASKS - 1);
  for (i = 0; i < n; ++i)
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage((FIRST_SLOT + i) << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD),
                  L4_FP_DELETE_OBJ);
  ktest_eq("deleting them gives the quota back: a new task fits", new_task(0), 0);

  /* RAM from moe: half the machine, then all of it more; once the half went away, 25/32 of it fit. */
  ram = ram_mib();
  ktest_range("the KIP's RAM (MiB)", ram, 64, 1024);
  ktest_eq("moe: a dataspace of half the RAM", l4re_ma_alloc((ram / 2) << 20, ds64, 0), 0);
  ktest_eq("moe: another one of all the RAM: -L4_ENOMEM", l4re_ma_alloc(ram << 20, ds128, 0), -L4_ENOMEM);
  l4re_util_cap_free_um(ds64);
  ktest_eq("moe: after the half went away, 25/32 of the RAM fit", l4re_ma_alloc((ram * 25 / 32) << 20, ds100, 0), 0);
  l4re_util_cap_free_um(ds100);

  /* Exhaust the kernel's memory with kernel-user memory: 4 MiB pieces, then smaller ones down to single pages. */
  for (order = KU_ORDER; order >= L4_PAGESHIFT; --order)
    for (;;)
      {
        l4_fpage_t fp = l4_fpage(addr, order, L4_FPAGE_RW);
        if ((err = l4_error(l4_task_add_ku_mem(L4_BASE_TASK_CAP, &fp))) < 0)
          break;
        addr += 1UL << order;
      }
  ktest_eq("kernel-user memory until the kernel's memory runs out: -L4_ENOMEM", err, -L4_ENOMEM);
  ktest_range("... after at most all the RAM (MiB)", (long)((addr - KU_BASE) >> 20), 1, (long)ram);

  /* A page fault its pager cannot resolve stops only the faulting thread, with the kernel out of memory. */
  ktest_eq("start a thread that touches a page outside every region", kthread_start(&t, toucher, toucher_stack, 2, 0), 0);
  ktest_eq("it never finishes (stopped by the fault): join times out",
           kthread_join(&t, 10), -(L4_EIPC_LO + L4_IPC_RETIMEOUT));
  printf("ok - main runs on after the kernel's memory ran out\n");
  return ktest_verdict();
}
