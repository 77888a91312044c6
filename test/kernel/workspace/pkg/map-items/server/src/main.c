/* Typed items in IPC (spec 7.2, 7.3): a memory page and a capability sent
 * as map items land in the receiver's buffers (BDR, BR0/BR1 window, and a
 * single-cap buffer). */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/task.h>

static unsigned char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
static char rcv_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
enum { WINDOW = 0x61000000 };

static struct
{
  long err;
  unsigned words, items;
  l4_umword_t w0, item0, item1, value, item2, item3;
  long cap_valid;
} got;
static l4_cap_idx_t rcv_slot;

static void receiver(void)
{
  l4_buf_regs_t *br = l4_utcb_br();
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;
  /* Memory buffer at BR0/BR1 (window = one page), object buffer at BR2. */
  br->bdr = 2 << 10;
  br->br[0] = L4_ITEM_MAP;
  br->br[1] = l4_fpage(WINDOW, L4_PAGESHIFT, L4_FPAGE_RWX).raw;
  br->br[2] = rcv_slot | L4_RCV_ITEM_SINGLE_CAP;
  tag = l4_ipc_receive(l4re_env()->main_thread, l4_utcb(), L4_IPC_NEVER);
  got.err = l4_error(tag);
  got.words = l4_msgtag_words(tag);
  got.items = l4_msgtag_items(tag);
  got.w0 = mr->mr[0];
  got.item0 = mr->mr[1];
  got.item1 = mr->mr[2];
  got.item2 = mr->mr[3];
  got.item3 = mr->mr[4];
  got.value = *(volatile unsigned *)WINDOW;
  *(volatile unsigned *)(WINDOW + 4) = 0xfeed;
  got.cap_valid = l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, rcv_slot));
  kthread_finish();
}

int main(void)
{
  kthread_t r;
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;

  rcv_slot = l4re_util_cap_alloc();
  ((volatile unsigned *)page)[0] = 0xdeadbeef;
  ktest_eq("receiver starts", kthread_start(&r, receiver, rcv_stack, 3, 0), 0);

  mr->mr[0] = 0x1111;
  mr->mr[1] = l4_map_control(0, 0, L4_MAP_ITEM_MAP);
  mr->mr[2] = l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW).raw;
  mr->mr[3] = l4_map_obj_control(0, L4_MAP_ITEM_MAP);
  mr->mr[4] = l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS).raw;
  tag = l4_ipc_send(r.cap, l4_utcb(), l4_msgtag(0, 1, 2, 0), L4_IPC_NEVER);
  ktest_ok_send("send a message with a memory and an object map item", tag);
  ktest_eq("receiver finishes", kthread_join(&r, 100), 0);

  ktest_eq("receiver: no error", got.err, 0);
  ktest_eq("receiver: 1 untyped word", got.words, 1);
  ktest_eq("receiver: 2 items", got.items, 2);
  ktest_eq("receiver: the untyped word", got.w0, 0x1111);
  ktest_true("receiver: memory item word0 is a map item", (got.item0 & L4_ITEM_MAP) != 0, "bit 3 clear");
  ktest_eq("receiver: memory item word0 type bits say mapped", got.item0 & 6, 0);
  ktest_eq("receiver: memory item word1 is the sent fpage", got.item1,
           l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW).raw);
  ktest_eq("receiver: the window shows the page's contents", got.value, 0xdeadbeef);
  ktest_eq("receiver's write shows in the sender's page", ((volatile unsigned *)page)[1], 0xfeed);
  ktest_eq("receiver: the cap arrived in the single-cap buffer slot", got.cap_valid, 1);
  ktest_eq("the received cap names the log",
           l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, rcv_slot, L4_BASE_LOG_CAP)), 1);
  return ktest_verdict();
}
