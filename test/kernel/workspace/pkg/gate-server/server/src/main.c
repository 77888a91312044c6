/* A server thread behind an IPC gate answers calls; the label it sees is
 * the gate label ORed with the caller's W/S rights (spec 1.4, 9.3, 9.5). */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>

enum { GATE_LABEL = 0x1230, OP_ADD = 1, OP_QUIT = 2 };

static char server_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
/* Labels the server saw, in order. */
static l4_umword_t seen_labels[8];
static unsigned seen_count;

/* Answers OP_ADD with the sum of MR1 and MR2 and the label it saw in MR1. */
static void server(void)
{
  l4_umword_t label;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      if (l4_msgtag_has_error(tag))
        {
          tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
          continue;
        }
      if (seen_count < 8)
        seen_labels[seen_count++] = label;
      if (mr->mr[0] == OP_QUIT)
        {
          l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0),
                       L4_IPC_NEVER);
          l4_sleep_forever();
        }
      mr->mr[0] = mr->mr[1] + mr->mr[2];
      mr->mr[1] = label;
      tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 2, 0, 0), &label,
                                  L4_IPC_NEVER);
    }
}

/* The reply's MR0 (sum) and MR1 (label the server saw), copied before
 * any printing reuses the MRs. */
static l4_umword_t sum, seen;

static l4_msgtag_t add_call(l4_cap_idx_t gate, l4_umword_t a, l4_umword_t b)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;
  mr->mr[0] = OP_ADD;
  mr->mr[1] = a;
  mr->mr[2] = b;
  tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0x77, 3, 0, 0), L4_IPC_NEVER);
  sum = mr->mr[0];
  seen = mr->mr[1];
  return tag;
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  kthread_t srv;
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  l4_cap_idx_t gate_w = l4re_util_cap_alloc();
  l4_cap_idx_t unbound = l4re_util_cap_alloc();
  l4_umword_t info = 0;
  l4_msgtag_t tag;

  ktest_eq("server thread starts", kthread_start(&srv, server, server_stack, 3, 0), 0);

  tag = l4_factory_create_gate(e->factory, gate, srv.cap, GATE_LABEL);
  ktest_ok_tag("factory creates a gate bound to the server", tag);

  tag = add_call(gate, 40, 2);
  ktest_ok_tag("call through the gate succeeds", tag);
  ktest_eq("reply has 2 words", l4_msgtag_words(tag), 2);
  ktest_eq("server computed the sum", sum, 42);
  ktest_eq("server saw gate label | W | S (full rights)", seen,
           GATE_LABEL | L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);

  tag = add_call(gate, 1000, 234);
  ktest_eq("second call: sum", sum, 1234);

  /* A copy of the gate cap with only R|W rights: the label loses the S bit. */
  tag = l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                    l4_obj_fpage(gate, 0, L4_CAP_FPAGE_RW),
                    l4_map_obj_control(gate_w, L4_MAP_ITEM_MAP));
  ktest_ok_tag("map the gate cap with RW rights into another slot", tag);
  tag = add_call(gate_w, 5, 6);
  ktest_ok_tag("call through the RW copy", tag);
  ktest_eq("label through the RW copy is gate label | W", seen,
           GATE_LABEL | L4_CAP_FPAGE_W);

  tag = l4_ipc_gate_get_infos(gate, &info);
  ktest_ok_tag("ipc gate get_infos", tag);
  ktest_eq("get_infos returns the gate label", info, GATE_LABEL);

  /* An unbound gate, bound later with a label. */
  tag = l4_factory_create_gate(e->factory, unbound, L4_INVALID_CAP, 0);
  ktest_ok_tag("factory creates an unbound gate", tag);
  tag = l4_ipc_gate_bind_thread(unbound, srv.cap, 0x3ff1);
  ktest_eq("bind with label bits 0-1 set is -EINVAL", l4_error(tag), -L4_EINVAL);
  tag = l4_ipc_gate_bind_thread(unbound, srv.cap, 0x4440);
  ktest_ok_tag("bind the unbound gate to the server", tag);
  tag = add_call(unbound, 7, 8);
  ktest_eq("call through the later-bound gate: sum", sum, 15);
  ktest_eq("label through the later-bound gate", seen, 0x4443);

  ktest_eq("server saw 4 requests", seen_count, 4);
  ktest_eq("server saw the first label", seen_labels[0], GATE_LABEL | 3);

  l4_utcb_mr()->mr[0] = OP_QUIT;
  tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  ktest_ok_tag("server answers the quit request with l4_ipc_reply", tag);
  return ktest_verdict();
}
