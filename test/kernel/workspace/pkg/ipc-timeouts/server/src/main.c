/* Timeouts against the KIP clock (spec 5, 6.1, 11): receive and send
 * timeouts take as long as asked, zero timeouts fail at once with
 * RETIMEOUT / SETIMEOUT. The emulated clock advances with executed
 * instructions, so the measurements are exact up to a little overhead. */
#include <ktest.h>
#include <kthread.h>

static char idle_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

/* A thread that never receives and never sends. */
static void idle_thread(void)
{
  l4_sleep_forever();
}

/* Allowed overhead: the IPC path and the clock code are a few hundred
 * instructions, i.e. a few microseconds. */
enum { SLACK_US = 200 };

int main(void)
{
  kthread_t idle;
  l4_kernel_info_t *kip = l4_kip();
  l4_uint64_t t0, t1;
  l4_msgtag_t tag;
  l4_timeout_t to;

  ktest_eq("KIP magic", kip->magic, L4_KERNEL_INFO_MAGIC);
  t0 = kclock();
  t1 = kclock();
  ktest_range("the KIP clock does not go backwards", (long long)(t1 - t0), 0, 10);

  ktest_eq("idle thread starts", kthread_start(&idle, idle_thread, idle_stack, 1, 0), 0);

  /* Receive from a thread that never sends, 10 ms. */
  to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(10000));
  t0 = kclock();
  tag = l4_ipc_receive(idle.cap, l4_utcb(), to);
  t1 = kclock();
  ktest_true("10 ms receive timeout gives an error", l4_msgtag_has_error(tag) != 0, "no error bit");
  ktest_eq("... RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_eq("... l4_error is -(2000 + 3)", l4_error(tag), -(L4_EIPC_LO + L4_IPC_RETIMEOUT));
  ktest_range("... and takes 10 ms on the KIP clock", (long long)(t1 - t0), 10000, 10000 + SLACK_US);

  /* An open wait with 3 ms. */
  to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(3000));
  t0 = kclock();
  tag = l4_ipc_wait(l4_utcb(), 0, to);
  t1 = kclock();
  ktest_eq("3 ms open wait: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_range("... takes 3 ms", (long long)(t1 - t0), 3000, 3000 + SLACK_US);

  /* Sending to a thread that does not receive, 2 ms send timeout. */
  to = l4_timeout(l4_timeout_from_us(2000), L4_IPC_TIMEOUT_NEVER);
  t0 = kclock();
  tag = l4_ipc_send(idle.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), to);
  t1 = kclock();
  ktest_eq("2 ms send timeout: SETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_SETIMEOUT);
  ktest_range("... takes 2 ms", (long long)(t1 - t0), 2000, 2000 + SLACK_US);

  /* Zero timeouts. */
  t0 = kclock();
  tag = l4_ipc_receive(idle.cap, l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
  t1 = kclock();
  ktest_eq("zero receive timeout: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_range("... at once", (long long)(t1 - t0), 0, SLACK_US);
  tag = l4_ipc_send(idle.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
  ktest_eq("zero send timeout: SETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_SETIMEOUT);
  ktest_true("... is a send-phase error", l4_ipc_is_snd_error(l4_utcb()), "receive phase bit set");
  ktest_eq("... l4_error is -(2000 + 2)", l4_error(tag), -(L4_EIPC_LO + L4_IPC_SETIMEOUT));
  tag = l4_ipc_call(idle.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
  ktest_eq("call with both timeouts 0 to a busy thread: SETIMEOUT",
           l4_ipc_error(tag, l4_utcb()), L4_IPC_SETIMEOUT);

  /* Sleeping: l4_sleep and l4_ipc_sleep_ms. */
  t0 = kclock();
  l4_sleep(5);
  t1 = kclock();
  ktest_range("l4_sleep(5) takes 5 ms", (long long)(t1 - t0), 5000, 5000 + SLACK_US);
  t0 = kclock();
  tag = l4_ipc_sleep_ms(1);
  t1 = kclock();
  ktest_eq("l4_ipc_sleep_ms ends with RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_range("l4_ipc_sleep_ms(1) takes 1 ms", (long long)(t1 - t0), 1000, 1000 + SLACK_US);

  /* An absolute timeout: the deadline sits in buffer registers 4 and 5. */
  t0 = kclock();
  to = l4_timeout(L4_IPC_TIMEOUT_NEVER,
                  l4_timeout_abs_u(t0 + 4000, 4, l4_utcb()));
  tag = l4_ipc_receive(idle.cap, l4_utcb(), to);
  t1 = kclock();
  ktest_eq("absolute receive timeout: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_range("... ends at the deadline", (long long)(t1 - t0), 4000, 4000 + SLACK_US);
  return ktest_verdict();
}
