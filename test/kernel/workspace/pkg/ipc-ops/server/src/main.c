/* The IPC operations between two threads of one task: send, closed
 * receive, call, wait, reply_and_wait, send_and_wait, reply (spec 1.3). */
#include <ktest.h>
#include <kthread.h>

static char peer_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

/* What the peer observed, checked by main afterwards. */
static struct
{
  long recv_err;
  l4_umword_t recv_words, recv_w0, recv_w1;
  long wait_err;
  l4_umword_t wait_label, wait_w0;
  long rw_err;
  l4_umword_t rw_w0;
  long saw_err;
  l4_umword_t saw_w0;
  long reply_err;
} peer;

/* 1: closed receive from main. 2: send to main. 3: open wait for a call,
 * reply_and_wait. 4: reply to the next call with l4_ipc_reply.
 * 5: send_and_wait to main; then finish. */
static void peer_thread(void)
{
  l4_cap_idx_t main_cap = l4re_env()->main_thread;
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_umword_t label = 0;
  l4_msgtag_t tag;

  tag = l4_ipc_receive(main_cap, l4_utcb(), L4_IPC_NEVER);
  peer.recv_err = l4_error(tag);
  peer.recv_words = l4_msgtag_words(tag);
  peer.recv_w0 = mr->mr[0];
  peer.recv_w1 = mr->mr[1];

  mr->mr[0] = 0xabcd;
  l4_ipc_send(main_cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);

  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  peer.wait_err = l4_error(tag);
  peer.wait_label = label;
  peer.wait_w0 = mr->mr[0];
  mr->mr[0] = mr->mr[0] * 2;
  tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label,
                              L4_IPC_NEVER);
  peer.rw_err = l4_error(tag);
  peer.rw_w0 = mr->mr[0];
  mr->mr[0] = mr->mr[0] + 1;
  tag = l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 1, 0, 0),
                     L4_IPC_NEVER);
  peer.reply_err = l4_error(tag);

  mr->mr[0] = 0x5a5a;
  tag = l4_ipc_send_and_wait(main_cap, l4_utcb(), l4_msgtag(0, 1, 0, 0),
                             &label, L4_IPC_NEVER);
  peer.saw_err = l4_error(tag);
  peer.saw_w0 = mr->mr[0];
  kthread_finish();
}

int main(void)
{
  kthread_t p;
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;
  l4_umword_t w0;

  ktest_eq("peer thread starts", kthread_start(&p, peer_thread, peer_stack, 1, 0), 0);

  mr->mr[0] = 0x11111111;
  mr->mr[1] = 0x22222222;
  tag = l4_ipc_send(p.cap, l4_utcb(), l4_msgtag(0x42, 2, 0, 0), L4_IPC_NEVER);
  ktest_ok_send("send to the peer", tag);
  ktest_eq("a successful send gives back the sent tag", tag.raw,
           l4_msgtag(0x42, 2, 0, 0).raw);

  tag = l4_ipc_receive(p.cap, l4_utcb(), L4_IPC_NEVER);
  w0 = mr->mr[0];
  ktest_ok_tag("closed receive from the peer", tag);
  ktest_eq("received one word", l4_msgtag_words(tag), 1);
  ktest_eq("received word", w0, 0xabcd);
  ktest_eq("peer: closed receive succeeded", peer.recv_err, 0x42);
  ktest_eq("peer: got 2 words", peer.recv_words, 2);
  ktest_eq("peer: word 0", peer.recv_w0, 0x11111111);
  ktest_eq("peer: word 1", peer.recv_w1, 0x22222222);

  mr->mr[0] = 21;
  tag = l4_ipc_call(p.cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  w0 = mr->mr[0];
  ktest_ok_tag("call to the waiting peer", tag);
  ktest_eq("reply (from reply_and_wait) doubles", w0, 42);
  ktest_eq("peer: wait saw label 0 through a thread cap", peer.wait_label, 0);
  ktest_eq("peer: wait got the word", peer.wait_w0, 21);

  mr->mr[0] = 99;
  tag = l4_ipc_call(p.cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  w0 = mr->mr[0];
  ktest_ok_tag("second call, answered by l4_ipc_reply", tag);
  ktest_eq("reply value", w0, 100);
  ktest_eq("peer: reply_and_wait's wait got the second call", peer.rw_w0, 99);

  tag = l4_ipc_receive(p.cap, l4_utcb(), L4_IPC_NEVER);
  w0 = mr->mr[0];
  ktest_ok_tag("receive the peer's send_and_wait message", tag);
  ktest_eq("send_and_wait message word", w0, 0x5a5a);
  ktest_eq("peer: l4_ipc_reply succeeded", peer.reply_err, 0);

  mr->mr[0] = 0x77;
  tag = l4_ipc_send(p.cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  ktest_ok_send("send into the peer's open wait", tag);
  ktest_eq("peer finishes", kthread_join(&p, 100), 0);
  ktest_eq("peer: send_and_wait's wait got the message", peer.saw_w0, 0x77);
  ktest_eq("peer: send_and_wait succeeded", peer.saw_err, 0);
  return ktest_verdict();
}
