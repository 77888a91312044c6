/* A client and a server thread in one task: the server waits behind an IPC
 * gate labelled 0x40, the client (main) calls it with OP_ADD requests and
 * prints the sums. Used by the debugger tests for threads, IPC filters,
 * stepping into the IPC partner, watchpoints and conditions. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/util/util.h>
#include <stdio.h>

enum { GATE_LABEL = 0x40, OP_ADD = 1, STACK_SIZE = 8192 };

static char server_stack[STACK_SIZE] __attribute__((aligned(16)));
volatile unsigned requests_served;
volatile unsigned last_sum;

static unsigned add(unsigned a, unsigned b)
{
  unsigned sum = a + b;
  return sum;
}

static void server(void)
{
  l4_umword_t label;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      unsigned sum = add(mr->mr[1], mr->mr[2]);
      requests_served++;
      mr->mr[0] = sum;
      tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label,
                                  L4_IPC_NEVER);
      (void)tag;
    }
}

static l4_cap_idx_t start_server(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t cap = l4re_util_cap_alloc();
  l4_umword_t *sp;
  l4_sched_param_t sched;
  l4_addr_t utcb;

  l4_factory_create_thread(e->factory, cap);
  utcb = e->first_free_utcb;
  e->first_free_utcb += L4_UTCB_OFFSET;
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
  l4_thread_control_commit(cap);
  sp = (l4_umword_t *)(((l4_addr_t)server_stack + STACK_SIZE) & ~15UL);
  *--sp = 0;
  l4_thread_ex_regs(cap, (l4_addr_t)server, (l4_addr_t)sp, 0);
  sched = l4_sched_param(2, 0);
  l4_scheduler_run_thread(e->scheduler, cap, &sched);
  return cap;
}

static unsigned call_add(l4_cap_idx_t gate, unsigned a, unsigned b)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  mr->mr[0] = OP_ADD;
  mr->mr[1] = a;
  mr->mr[2] = b;
  l4_ipc_call(gate, l4_utcb(), l4_msgtag(0x77, 3, 0, 0), L4_IPC_NEVER);
  return mr->mr[0];
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t srv = start_server();
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  unsigned i;

  l4_factory_create_gate(e->factory, gate, srv, GATE_LABEL);
  for (i = 0; i < 5; i++)
    {
      last_sum = call_add(gate, i, 100);
      printf("sum %u\n", last_sum);
    }
  printf("served %u\n", requests_served);
  return 0;
}
