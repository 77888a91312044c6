/* IRQ objects (spec 9.5): a trigger reaches the bound thread as a message
 * with tag 0 and the bound label; a trigger while nobody waits stays
 * pending and is delivered by the next receive. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/irq.h>

enum { LABEL = 0x50, WORKER_LABEL = 0x60 };
static char stack_w[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static l4_cap_idx_t irq2;
static struct
{
  long err;
  l4_umword_t label;
  long tag_raw;
  long recv_err;
} got;

static void worker(void)
{
  l4_umword_t label = 0;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  got.err = l4_error(tag);
  got.label = label;
  got.tag_raw = tag.raw;
  tag = l4_irq_receive(irq2, L4_IPC_NEVER);
  got.recv_err = l4_error(tag);
  kthread_finish();
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t irq = l4re_util_cap_alloc();
  l4_umword_t label = 0;
  kthread_t w;
  l4_msgtag_t tag;

  l4_cap_idx_t lonely = l4re_util_cap_alloc();

  ktest_ok_tag("factory creates an IRQ", l4_factory_create_irq(e->factory, lonely));
  ktest_ok_send("trigger an IRQ nobody is attached to", l4_irq_trigger(lonely));
  ktest_ok_tag("factory creates the IRQ for main", l4_factory_create_irq(e->factory, irq));

  ktest_ok_tag("attach the IRQ to main", l4_irq_attach(irq, LABEL, e->main_thread));
  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_RECV_TIMEOUT_0);
  ktest_eq("nothing pending after attach: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);

  ktest_ok_send("trigger while main does not wait", l4_irq_trigger(irq));
  label = 0;
  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_RECV_TIMEOUT_0);
  ktest_ok_tag("the pending trigger arrives at the next wait", tag);
  ktest_eq("... with the bound label", label, LABEL);
  ktest_eq("... and tag 0", tag.raw, 0);
  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_RECV_TIMEOUT_0);
  ktest_eq("it arrives only once", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);

  ktest_ok_send("trigger again", l4_irq_trigger(irq));
  tag = l4_irq_receive(irq, L4_IPC_RECV_TIMEOUT_0);
  ktest_ok_tag("l4_irq_receive takes the pending trigger", tag);
  tag = l4_irq_receive(irq, L4_IPC_RECV_TIMEOUT_0);
  ktest_eq("l4_irq_receive with nothing pending: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_ok_send("l4_irq_unmask", l4_irq_unmask(irq));

  /* Another thread blocked in an open wait gets a trigger of its IRQ. */
  irq2 = l4re_util_cap_alloc();
  ktest_ok_tag("create a second IRQ", l4_factory_create_irq(e->factory, irq2));
  ktest_eq("worker starts", kthread_start(&w, worker, stack_w, 1, 0), 0);
  ktest_ok_tag("attach it to the worker", l4_irq_attach(irq2, WORKER_LABEL, w.cap));
  l4_sleep(1); /* the worker (lower priority) now blocks in its wait */
  ktest_ok_send("trigger the worker's IRQ", l4_irq_trigger(irq2));
  l4_sleep(1);
  ktest_ok_send("trigger it again for l4_irq_receive", l4_irq_trigger(irq2));
  ktest_eq("worker finishes", kthread_join(&w, 100), 0);
  ktest_eq("worker: no error", got.err, 0);
  ktest_eq("worker: the bound label", got.label, WORKER_LABEL);
  ktest_eq("worker: tag 0", got.tag_raw, 0);
  ktest_eq("worker: l4_irq_receive got the second trigger", got.recv_err, 0);
  ktest_ok_tag("detach the worker's IRQ", l4_irq_detach(irq2));
  return ktest_verdict();
}
