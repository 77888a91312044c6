/* A user-level pager. The worker thread touches memory that nothing is
 * mapped at; each access faults, and the kernel turns the page fault into
 * an IPC to the worker's pager, which is our main thread. The pager answers
 * with a map item: it maps one of its own pages at the faulting address,
 * and the worker continues as if the memory had always been there. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <stdio.h>

enum { REGION = 0x40000000, PAGES = 3, DONE = 1 };

static unsigned frames[PAGES][L4_PAGESIZE / sizeof(unsigned)]
  __attribute__((aligned(L4_PAGESIZE)));
static char worker_stack[8192] __attribute__((aligned(16)));

static void worker(void)
{
  volatile unsigned *mem = (volatile unsigned *)REGION;
  unsigned per_page = L4_PAGESIZE / sizeof(unsigned);

  printf("worker: reading page 0: 0x%x\n", mem[0]);
  printf("worker: reading page 1: 0x%x\n", mem[per_page + 1]);
  mem[2 * per_page] = 0xcafe;
  printf("worker: wrote 0x%x to page 2\n", mem[2 * per_page]);

  /* Tell main (the pager) that we are done. */
  l4_utcb_mr()->mr[0] = DONE;
  l4_ipc_send(l4re_env()->main_thread, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

/* Creates a thread in our task with the given pager and starts it. */
static l4_cap_idx_t start_thread(void (*fn)(void), char *stack, unsigned size,
                                 l4_cap_idx_t pager)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t t = l4re_util_cap_alloc();
  l4_utcb_t *utcb = (l4_utcb_t *)e->first_free_utcb;
  l4_sched_param_t sp = l4_sched_param(2, 0);
  l4_umword_t *stack_top = (l4_umword_t *)(stack + size);

  e->first_free_utcb += L4_UTCB_OFFSET;
  l4_factory_create_thread(e->factory, t);
  l4_thread_control_start();
  l4_thread_control_pager(pager);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind(utcb, L4_BASE_TASK_CAP);
  l4_thread_control_commit(t);
  *--stack_top = 0; /* a return address nobody uses */
  l4_thread_ex_regs(t, (l4_addr_t)fn, (l4_addr_t)stack_top, 0);
  l4_scheduler_run_thread(e->scheduler, t, &sp);
  return t;
}

int main(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_umword_t label;
  l4_msgtag_t tag;
  int used = 0;

  for (int p = 0; p < PAGES; ++p)
    frames[p][0] = frames[p][1] = 0x1000 * (p + 1) + 0xab;

  start_thread(worker, worker_stack, sizeof(worker_stack), l4re_env()->main_thread);

  tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
  while (l4_msgtag_is_page_fault(tag))
    {
      l4_addr_t pfa = mr->mr[0] & ~7UL;
      int write = (mr->mr[0] & 2) != 0;
      l4_addr_t page = pfa & ~(L4_PAGESIZE - 1);

      if (used == PAGES)
        {
          printf("pager: fault at 0x%lx again: the mapping did not arrive\n", pfa);
          return 1;
        }
      printf("pager: %s fault at 0x%lx, mapping frame %d\n",
             write ? "write" : "read", pfa, used);
      /* A map item: send base = the faulting page, our frame as fpage. */
      mr->mr[0] = l4_map_control(page, 0, L4_MAP_ITEM_MAP);
      mr->mr[1] = l4_fpage((l4_addr_t)frames[used++], L4_PAGESHIFT, L4_FPAGE_RW).raw;
      tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 0, 1, 0), &label, L4_IPC_NEVER);
    }
  if (mr->mr[0] == DONE)
    printf("pager: worker done after %d page faults; page 2 holds 0x%x\n", used, frames[2][0]);
  return 0;
}
