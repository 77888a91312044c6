/* ex_regs with L4_THREAD_EX_REGS_CANCEL aborts a blocked receive with
 * RECANCELED and a blocked send with SECANCELED (spec 6.1, 9.1). */
#include <ktest.h>
#include <kthread.h>

static char stack_r[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_s[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char stack_i[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static volatile int done_r, done_s;
static volatile l4_umword_t err_r, err_s;
static volatile int rcv_phase_r;
static kthread_t idle;

static void idle_thread(void)
{
  l4_sleep_forever();
}

/* Blocks receiving from a thread that never sends. */
static void receiver(void)
{
  l4_msgtag_t tag = l4_ipc_receive(idle.cap, l4_utcb(), L4_IPC_NEVER);
  err_r = l4_ipc_error(tag, l4_utcb());
  rcv_phase_r = l4_ipc_is_rcv_error(l4_utcb());
  done_r = 1;
  kthread_finish();
}

/* Blocks sending to a thread that never receives. */
static void sender(void)
{
  l4_msgtag_t tag = l4_ipc_send(idle.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
  err_s = l4_ipc_error(tag, l4_utcb());
  done_s = 1;
  kthread_finish();
}

int main(void)
{
  kthread_t r, s;
  l4_msgtag_t tag;

  ktest_eq("idle thread starts", kthread_start(&idle, idle_thread, stack_i, 5, 0), 0);
  ktest_eq("receiver starts", kthread_start(&r, receiver, stack_r, 5, 0), 0);
  ktest_eq("sender starts", kthread_start(&s, sender, stack_s, 5, 0), 0);
  ktest_true("both block", !done_r && !done_s, "one returned early");

  tag = l4_thread_ex_regs(r.cap, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL);
  ktest_ok_tag("ex_regs cancel on the receiver", tag);
  ktest_eq("the receiver's IPC returned", done_r, 1);
  ktest_eq("... with RECANCELED", err_r, L4_IPC_RECANCELED);
  ktest_eq("... a receive-phase error", rcv_phase_r, 1);
  ktest_eq("receiver finishes", kthread_join(&r, 100), 0);

  tag = l4_thread_ex_regs(s.cap, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL);
  ktest_ok_tag("ex_regs cancel on the sender", tag);
  ktest_eq("the sender's IPC returned", done_s, 1);
  ktest_eq("... with SECANCELED", err_s, L4_IPC_SECANCELED);
  ktest_eq("sender finishes", kthread_join(&s, 100), 0);

  tag = l4_thread_ex_regs(L4_BASE_THREAD_CAP, ~0UL, ~0UL, 0);
  ktest_ok_tag("ex_regs on oneself with nothing to change", tag);
  return ktest_verdict();
}
