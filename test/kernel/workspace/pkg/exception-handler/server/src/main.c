/* Exception IPC (spec 10.2): a handler thread in the same task is the
 * worker's exception handler. The worker divides by zero (#DE), runs int3
 * (#BP) twice and int $0x80 (#GP); each time the handler gets the 19-word
 * l4_exc_regs_t message, changes registers, and its reply resumes the
 * worker with them (or, for a short reply, with its state unchanged). */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/utcb.h>

enum { SEEN_MAX = 4, USER_CS = 0x1b, USER_SS = 0x23, UTCB_SEG = 0x43 };

static char handler_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char worker_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));

/* What the handler received: the tag, the label, the register frame. */
static struct
{
  l4_umword_t tag;
  l4_umword_t label;
  l4_exc_regs_t regs;
} seen[SEEN_MAX];
static volatile int nseen;

/* What the worker saw after each exception. */
static volatile unsigned w_quot, w_int3_eax, w_int3b_eax, w_int80_ebx;

/* Labels on the faulting instructions, defined in the worker's asm. */
extern char div_insn[], after_int3[], after_int3b[], int80_insn[];

static void copy_regs(l4_exc_regs_t *dst, l4_exc_regs_t const *src)
{
  l4_umword_t *d = (l4_umword_t *)dst;
  l4_umword_t const *s = (l4_umword_t const *)src;
  unsigned i;
  for (i = 0; i < L4_UTCB_EXCEPTION_REGS_SIZE; ++i)
    d[i] = s[i];
}

static void handler(void)
{
  l4_umword_t label;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_exc_regs_t *x = l4_utcb_exc();
      unsigned words = L4_UTCB_EXCEPTION_REGS_SIZE;
      int n = nseen;
      if (n < SEEN_MAX)
        {
          seen[n].tag = tag.raw;
          seen[n].label = label;
          copy_regs(&seen[n].regs, x);
        }
      nseen = n + 1;
      switch (n)
        {
        case 0: x->ecx = 1; break;                  /* #DE: divide by 1 instead */
        case 1: x->eax = 0x5678; break;             /* #BP: eip is already past int3 */
        case 2: words = 0; break;                   /* short reply: state unchanged */
        case 3: x->ip += 2; x->ebx = 0x80; break;   /* #GP: skip the 2-byte int $0x80 */
        default: words = 0; break;
        }
      tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, words, 0, 0), &label,
                                  L4_IPC_NEVER);
    }
}

static void __attribute__((noinline)) worker(void)
{
  unsigned v;
  __asm__ __volatile__("xor %%edx, %%edx\n\t"
                       "xor %%ecx, %%ecx\n\t"
                       ".globl div_insn\n"
                       "div_insn: div %%ecx"
                       : "=a"(v) : "a"(100) : "ecx", "edx", "cc");
  w_quot = v;
  __asm__ __volatile__("int3\n\t"
                       ".globl after_int3\n"
                       "after_int3:"
                       : "=a"(v) : "a"(0x1234) : "memory");
  w_int3_eax = v;
  __asm__ __volatile__("int3\n\t"
                       ".globl after_int3b\n"
                       "after_int3b:"
                       : "=a"(v) : "a"(0x1111) : "memory");
  w_int3b_eax = v;
  __asm__ __volatile__(".globl int80_insn\n"
                       "int80_insn: int $0x80"
                       : "=b"(v) : "b"(0x42) : "memory");
  w_int80_ebx = v;
  kthread_finish();
}

static void check_frame(char const *what, int i, l4_umword_t trapno,
                        l4_umword_t err, void const *ip)
{
  char buf[96];
  l4_exc_regs_t const *r = &seen[i].regs;
#define CHECK(name, got, want) \
  (snprintf(buf, sizeof buf, "%s: %s", what, name), ktest_eq(buf, (long)(got), (long)(want)))
  CHECK("label -5 (L4_PROTO_EXCEPTION)", l4_msgtag_label((l4_msgtag_t){seen[i].tag}), L4_PROTO_EXCEPTION);
  CHECK("19 words", l4_msgtag_words((l4_msgtag_t){seen[i].tag}), L4_UTCB_EXCEPTION_REGS_SIZE);
  CHECK("no items", l4_msgtag_items((l4_msgtag_t){seen[i].tag}), 0);
  CHECK("tag 0xFFFB1013 (TRANSFER_FPU set)", seen[i].tag, 0xFFFB1013UL);
  CHECK("received label 0 via a thread cap", seen[i].label, 0);
  CHECK("trapno", r->trapno, trapno);
  CHECK("error code", r->err, err);
  CHECK("eip", r->ip, (l4_umword_t)ip);
  CHECK("cs", r->dummy1, USER_CS);
  CHECK("ss", r->ss, USER_SS);
  CHECK("ds", r->ds, USER_SS);
  CHECK("fs (UTCB segment)", r->fs, UTCB_SEG);
  snprintf(buf, sizeof buf, "%s: esp inside the worker's stack", what);
  ktest_true(buf, r->sp > (l4_umword_t)worker_stack
                  && r->sp <= (l4_umword_t)worker_stack + KTHREAD_STACK_SIZE, "esp elsewhere");
#undef CHECK
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  kthread_t h, w;

  ktest_eq("handler starts", kthread_start(&h, handler, handler_stack, 3, 0), 0);
  ktest_eq("worker starts with the handler thread as exception handler",
           kthread_start_ex(&w, worker, worker_stack, 1, 0, e->rm, h.cap), 0);
  ktest_eq("worker finishes", kthread_join(&w, 100), 0);
  ktest_eq("the handler saw 4 exceptions", nseen, 4);

  check_frame("#DE", 0, 0, 0, div_insn);
  ktest_eq("#DE: eax (dividend) in the frame", seen[0].regs.eax, 100);
  ktest_eq("#DE: ecx (divisor) in the frame", seen[0].regs.ecx, 0);
  ktest_eq("#DE: pfa is 0", seen[0].regs.pfa, 0);
  ktest_eq("#DE: the reply's ecx = 1 let the div run again: 100 / 1", w_quot, 100);

  check_frame("#BP", 1, 3, 0, after_int3);
  ktest_eq("#BP: eax in the frame", seen[1].regs.eax, 0x1234);
  ktest_eq("#BP: the reply's eax reached the worker", w_int3_eax, 0x5678);
  check_frame("#BP (2nd)", 2, 3, 0, after_int3b);
  ktest_eq("#BP: a 0-word reply leaves the registers alone", w_int3b_eax, 0x1111);

  check_frame("#GP from int $0x80", 3, 13, (0x80 << 3) | 2, int80_insn);
  ktest_eq("#GP: ebx in the frame", seen[3].regs.ebx, 0x42);
  ktest_eq("#GP: the reply's eip + 2 skipped int $0x80, ebx from the reply", w_int80_ebx, 0x80);
  return ktest_verdict();
}
