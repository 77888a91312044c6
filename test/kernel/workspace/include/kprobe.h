/* Is an address of the own task mapped? A probe thread reads it for main;
 * the probe's pager and exception handler is a second thread that refuses
 * the page faults of the probing read (negative reply label, spec 10.1) and
 * then skips that read. So an unmapped address reads as "fault" instead of
 * killing the program. Start with kprobe_start(), ask with kprobe_read().
 * Under L4Re the program's memory (the probe's stack and code) is paged in
 * lazily by the region manager (l4re): the handler passes every other page
 * fault of the probe on to it (e->rm), as the probe's real pager would. */
#ifndef KPROBE_H
#define KPROBE_H

#include <kthread.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>

static char kprobe_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static char kprobe_handler_stack[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static kthread_t kprobe_thread, kprobe_handler_thread;
/* Page faults the probe took (each one was refused). */
static volatile unsigned kprobe_faults;

extern char kprobe_insn[], kprobe_after[];

static void kprobe_handler(void)
{
  l4_umword_t label;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msgtag_t reply = l4_msgtag(-L4_EPERM, 0, 0, 0);
      if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT
          && l4_utcb_mr()->mr[1] != (l4_umword_t)kprobe_insn)
        {
          /* Not the probing read (MR1 = ip): the stack or code, which the region manager provides
           * (mapping it into this task itself, or as a map item: the whole space is the window). */
          l4_buf_regs_t *br = l4_utcb_br();
          l4_msgtag_t r;
          br->bdr = 0;
          br->br[0] = L4_ITEM_MAP;
          br->br[1] = l4_fpage_all().raw;
          r = l4_ipc_call(l4re_env()->rm, l4_utcb(),
                                      l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0), L4_IPC_NEVER);
          if (!l4_msgtag_has_error(r) && l4_msgtag_label(r) >= 0)
            reply = l4_msgtag(0, 0, 0, 0);
        }
      else if (l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT)
        ++kprobe_faults;
      else if (l4_msgtag_label(tag) == L4_PROTO_EXCEPTION)
        {
          l4_exc_regs_t *x = l4_utcb_exc();
          if (x->ip == (l4_umword_t)kprobe_insn)
            {
              x->ip = (l4_umword_t)kprobe_after;
              x->edx = 1; /* "it faulted" */
            }
          reply = l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);
        }
      tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
    }
}

/* Serves main's calls: MR0 = address in, MR0 = value and MR1 = faulted out. */
static void __attribute__((noinline)) kprobe_server(void)
{
  l4_umword_t label;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      l4_umword_t addr = mr->mr[0], value, faulted;
      (void)tag;
      __asm__ __volatile__(".globl kprobe_insn\n"
                           "kprobe_insn: movl (%2), %0\n"
                           ".globl kprobe_after\n"
                           "kprobe_after:"
                           : "=a"(value), "=d"(faulted)
                           : "c"(addr), "a"(0), "d"(0)
                           : "memory");
      mr = l4_utcb_mr();
      mr->mr[0] = value;
      mr->mr[1] = faulted;
      tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 2, 0, 0), &label,
                                  L4_IPC_NEVER);
    }
}

static inline long kprobe_start(void)
{
  long r;
  /* The probing read's own code page must be there: its faults are all refused. */
  l4_touch_ro(kprobe_insn, 16);
  r = kthread_start(&kprobe_handler_thread, kprobe_handler,
                         kprobe_handler_stack, 4, 0);
  if (r)
    return r;
  return kthread_start_ex(&kprobe_thread, kprobe_server, kprobe_stack, 3, 0,
                          kprobe_handler_thread.cap, kprobe_handler_thread.cap);
}

/* 1 and *value when `addr` is readable in the own task, 0 when reading it
 * faults, negative on an IPC error. */
static inline int kprobe_read(l4_addr_t addr, l4_umword_t *value)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;
  mr->mr[0] = addr;
  tag = l4_ipc_call(kprobe_thread.cap, l4_utcb(), l4_msgtag(0, 1, 0, 0),
                    l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(100000)));
  if (l4_msgtag_has_error(tag))
    return -1;
  if (value)
    *value = mr->mr[0];
  return mr->mr[1] ? 0 : 1;
}

#endif
