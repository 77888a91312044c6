/* Client and server in one task, through an IPC gate: the factory makes
 * the gate, the server thread is bound to it with a label, the client calls
 * with a timeout; plus the log and kernel-debugger output paths. */
#include <l4/re/env.h>
#include <l4/re/consts.h>
#include <l4/re/c/log.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

enum { GATE_LABEL = 0x4a0, OP_ADD = 1 };

static int failures;
static char stack[8192] __attribute__((aligned(16)));

static void check(char const *what, int ok)
{
  if (!ok)
    {
      printf("FAIL: %s\n", what);
      ++failures;
    }
}

/* Adds the two words of each request; replies with the label it saw. */
static void server(void)
{
  l4_umword_t label;
  l4_msgtag_t t = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      if (l4_msgtag_label(t) == OP_ADD && l4_msgtag_words(t) == 2)
        {
          mr->mr[0] = mr->mr[0] + mr->mr[1];
          mr->mr[1] = label;
          t = l4_msgtag(0, 2, 0, 0);
        }
      else
        t = l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
      t = l4_ipc_reply_and_wait(l4_utcb(), t, &label, L4_IPC_NEVER);
    }
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t thread = l4re_util_cap_alloc();
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  l4_utcb_t *utcb = (l4_utcb_t *)e->first_free_utcb;
  l4_sched_param_t sp = l4_sched_param(L4RE_MAIN_THREAD_PRIO + 1, 0);
  l4_umword_t *top = (l4_umword_t *)(stack + sizeof(stack));
  l4_msgtag_t t;
  l4_umword_t label = 0;
  l4_timeout_t to;

  e->first_free_utcb += L4_UTCB_OFFSET;
  check("the factory creates the server thread", l4_error(l4_factory_create_thread(e->factory, thread)) == 0);
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind(utcb, L4RE_THIS_TASK_CAP);
  check("thread control", l4_error(l4_thread_control_commit(thread)) == 0);
  l4_debugger_set_object_name(thread, "adder");
  *--top = 0;
  l4_thread_ex_regs(thread, (l4_addr_t)server, (l4_addr_t)top, 0);
  check("the server runs", l4_error(l4_scheduler_run_thread(e->scheduler, thread, &sp)) == 0);

  check("the factory creates a gate", l4_error(l4_factory_create_gate(e->factory, gate, L4_INVALID_CAP, 0)) == 0);
  check("the gate is bound to the server",
        l4_error(l4_rcv_ep_bind_thread(gate, thread, GATE_LABEL)) == 0);
  check("the gate reports its label", l4_error(l4_ipc_gate_get_infos(gate, &label)) == 0 && label == GATE_LABEL);

  l4_utcb_mr()->mr[0] = 40;
  l4_utcb_mr()->mr[1] = 2;
  to = l4_ipc_timeout(0, 0, 1000, 10); /* no send timeout, receive within ~1 s */
  check("the timeout halves", to.p.snd.t == 0 && l4_timeout_rel_get(to.p.rcv) == 1000UL << 10);
  t = l4_ipc_call(gate, l4_utcb(), l4_msgtag(OP_ADD, 2, 0, 0), to);
  check("the call succeeds", l4_error(t) == 0);
  check("40 + 2 = 42", l4_utcb_mr()->mr[0] == 42);
  check("the server saw the gate's label", (l4_utcb_mr()->mr[1] & ~3UL) == GATE_LABEL);
  t = l4_ipc_call(gate, l4_utcb(), l4_msgtag(7, 0, 0, 0), L4_IPC_NEVER);
  check("an unknown opcode is refused", l4_error(t) == -L4_EBADPROTO);
  printf("refusal: %s\n", l4sys_errtostr(l4_error(t)));

  /* A receive from nobody times out. */
  t = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1, 10)));
  check("the receive times out", l4_ipc_error(t, l4_utcb()) == L4_IPC_RETIMEOUT);
  check("l4_ipc_to_errno", l4_ipc_to_errno(L4_IPC_RETIMEOUT) == -(L4_EIPC_LO + L4_IPC_RETIMEOUT));
  check("which l4_error also says", l4_error(t) == l4_ipc_to_errno(L4_IPC_RETIMEOUT));
  printf("timeout: %s\n", l4sys_errtostr(l4_error(t)));

  l4re_log_print("through l4re_log_print\n");
  l4re_log_printn("through l4re_log_printn (cut)", 27);
  l4re_log_print("\n");
  l4_kd_outstring("through l4_kd_outstring\n");

  printf("ipc_gate: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
