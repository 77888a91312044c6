/* Page-fault IPC (spec 10.1): a pager thread serves the page faults of a
 * worker thread. The worker reads an address nothing is attached at; the
 * pager gets (label -2, 2 words, MR0 = pfa | flags, MR1 = eip), answers
 * with a map item of one of its own pages at the fault address, and the
 * worker's read then sees the page's data. A negative reply label turns a
 * fault into an exception IPC (trap 14) to the exception handler. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/utcb.h>

enum
{
  GOOD_ADDR = 0x40000000, /* the pager maps a page here */
  BAD_ADDR = 0x50000000,  /* the pager refuses this one */
  MAX_SAME_FAULTS = 3,    /* a fault that keeps coming back is refused, so the test ends */
  RECORDS = 8,
};

static unsigned char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
static char pager_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char worker_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char worker2_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

static struct { l4_umword_t tag, label, mr0, mr1; } pf[RECORDS], bad_pf;
static volatile int npf, good_npf;
static struct { l4_umword_t tag, trapno, err, pfa, ip; } bad_exc;
static volatile int nexc;

static volatile unsigned w_read, w_mr0_kept, w_second_read, w_bailed_out;

extern char pf_insn[], after_pf[], bad_insn[], after_bad[];

/* Where an unexpected exception sends the worker, so the test still ends. */
static void worker_bailout(void)
{
  w_bailed_out = 1;
  kthread_finish();
}

/* Answers page faults (label -2) and exceptions (label -5). */
static void pager(void)
{
  l4_umword_t label;
  int good_faults = 0;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      l4_msgtag_t reply = l4_msgtag(-L4_ENOSYS, 0, 0, 0);
      if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT)
        {
          l4_umword_t pfa = mr->mr[0];
          int n = npf;
          if (n < RECORDS)
            {
              pf[n].tag = tag.raw;
              pf[n].label = label;
              pf[n].mr0 = pfa;
              pf[n].mr1 = mr->mr[1];
            }
          if ((pfa & ~0xfffUL) == BAD_ADDR)
            {
              bad_pf.mr0 = pfa;
              bad_pf.mr1 = mr->mr[1];
            }
          if ((pfa & ~0xfffUL) == GOOD_ADDR)
            ++good_npf;
          npf = n + 1;
          if ((pfa & ~0xfffUL) == GOOD_ADDR && ++good_faults <= MAX_SAME_FAULTS)
            {
              mr->mr[0] = l4_map_control(pfa & ~0xfffUL, 0, L4_MAP_ITEM_MAP);
              mr->mr[1] = l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW).raw;
              reply = l4_msgtag(0, 0, 1, 0);
            }
          else
            reply = l4_msgtag(-L4_EPERM, 0, 0, 0);
        }
      else if (l4_msgtag_label(tag) == L4_PROTO_EXCEPTION)
        {
          l4_exc_regs_t *x = l4_utcb_exc();
          if (x->ip == (l4_umword_t)bad_insn)
            {
              bad_exc.tag = tag.raw;
              bad_exc.trapno = x->trapno;
              bad_exc.err = x->err;
              bad_exc.pfa = x->pfa;
              bad_exc.ip = x->ip;
            }
          nexc = nexc + 1;
          /* Skip the faulting access; a skipped read yields 0xdead. */
          if (x->ip == (l4_umword_t)pf_insn)
            {
              x->ip = (l4_umword_t)after_pf;
              x->eax = 0xdead;
            }
          else if (x->ip == (l4_umword_t)bad_insn)
            x->ip = (l4_umword_t)after_bad;
          else
            x->ip = (l4_umword_t)worker_bailout;
          reply = l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);
        }
      tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
    }
}

static void __attribute__((noinline)) worker(void)
{
  unsigned v;
  l4_utcb_mr()->mr[0] = 0x11111111;
  __asm__ __volatile__(".globl pf_insn\n"
                       "pf_insn: movl 0x40000000, %0\n"
                       ".globl after_pf\n"
                       "after_pf:"
                       : "=a"(v) : "a"(0) : "memory");
  w_read = v;
  w_mr0_kept = l4_utcb_mr()->mr[0];
  ((volatile unsigned *)GOOD_ADDR)[1] = 0xbeef;
  w_second_read = ((volatile unsigned *)GOOD_ADDR)[2];
  kthread_finish();
}

/* Writes where the pager refuses to map anything. */
static void __attribute__((noinline)) worker2(void)
{
  __asm__ __volatile__(".globl bad_insn\n"
                       "bad_insn: movl $1, 0x50000000\n"
                       ".globl after_bad\n"
                       "after_bad:"
                       ::: "memory");
  kthread_finish();
}

int main(void)
{
  kthread_t p, w, w2;
  ((volatile unsigned *)page)[0] = 0xfeedface;
  ((volatile unsigned *)page)[2] = 0x2222;

  ktest_eq("pager starts", kthread_start(&p, pager, pager_stack, 3, 0), 0);
  ktest_eq("worker starts, paged by the pager thread",
           kthread_start_ex(&w, worker, worker_stack, 1, 0, p.cap, p.cap), 0);
  ktest_eq("worker finishes", kthread_join(&w, 100), 0);

  ktest_true("the pager got page faults", npf >= 1, "none");
  ktest_eq("fault 1: label -2 (L4_PROTO_PAGE_FAULT)", l4_msgtag_label((l4_msgtag_t){pf[0].tag}), L4_PROTO_PAGE_FAULT);
  ktest_eq("fault 1: 2 words, no items", pf[0].tag & 0xfff, 2);
  ktest_eq("fault 1: received label 0 via a thread cap", pf[0].label, 0);
  ktest_eq("fault 1: MR0 = the fault address | read, not present", pf[0].mr0, GOOD_ADDR);
  ktest_eq("fault 1: MR1 = the faulting eip", pf[0].mr1, (l4_umword_t)pf_insn);
  ktest_eq("the worker's read sees the pager's page", w_read, 0xfeedface);
  ktest_eq("the mapping served the whole page (another word)", w_second_read, 0x2222);
  ktest_eq("the worker's write shows in the pager's page", ((volatile unsigned *)page)[1], 0xbeef);
  ktest_eq("one fault at the mapped page (then it stays mapped)", good_npf, 1);
  ktest_eq("the kernel restored the worker's MR0 after the fault", w_mr0_kept, 0x11111111);

  ktest_eq("the worker ran to its end (no unexpected exception)", w_bailed_out, 0);

  nexc = 0;
  ktest_eq("worker 2 starts, paged by the pager thread",
           kthread_start_ex(&w2, worker2, worker2_stack, 1, 0, p.cap, p.cap), 0);
  ktest_eq("worker 2 finishes", kthread_join(&w2, 100), 0);

  ktest_eq("fault at the refused address: MR0 = address | write", bad_pf.mr0, BAD_ADDR | 2);
  ktest_eq("fault at the refused address: MR1 = the faulting eip", bad_pf.mr1, (l4_umword_t)bad_insn);
  ktest_eq("exactly one exception IPC (for the refused fault)", nexc, 1);
  ktest_eq("exception: label -5", l4_msgtag_label((l4_msgtag_t){bad_exc.tag}), L4_PROTO_EXCEPTION);
  ktest_eq("exception: trapno 14", bad_exc.trapno, 14);
  ktest_eq("exception: pfa = address | write bit", bad_exc.pfa, BAD_ADDR | 2);
  ktest_true("exception: error code has the write bit", (bad_exc.err & 2) != 0, "bit 1 clear");
  ktest_eq("exception: eip = the faulting write", bad_exc.ip, (l4_umword_t)bad_insn);
  return ktest_verdict();
}
