/* User-level thread control block (spec section 4). Word 63 holds the UTCB's
 * own address; the FS segment base points there, so %fs:0 yields the UTCB. */
#ifndef L4_SYS_UTCB_H
#define L4_SYS_UTCB_H

#include <l4/sys/types.h>

/* Opaque: only reached through the accessors below. */
typedef struct l4_utcb_t l4_utcb_t;

enum l4_utcb_consts_t
{
  L4_UTCB_EXCEPTION_REGS_SIZE  = 19,
  L4_UTCB_GENERIC_DATA_SIZE    = 63,
  L4_UTCB_GENERIC_BUFFERS_SIZE = 58,
  L4_UTCB_MSG_REGS_OFFSET      = 0,
  L4_UTCB_BUF_REGS_OFFSET      = 64 * sizeof(l4_umword_t),
  L4_UTCB_THREAD_REGS_OFFSET   = 123 * sizeof(l4_umword_t),
  L4_UTCB_INHERIT_FPU          = 1UL << 24,
  L4_UTCB_OFFSET               = 512,
};

/* Message registers: untyped words, then typed items (2 words each). */
typedef union l4_msg_regs_t
{
  l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
  l4_uint64_t mr64[L4_UTCB_GENERIC_DATA_SIZE / 2];
} l4_msg_regs_t;

/* Buffer registers: the receive window description. */
typedef struct l4_buf_regs_t
{
  l4_umword_t bdr;
  l4_umword_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];
} l4_buf_regs_t;

/* Thread control registers: IPC error code, free marker, 3 user words. */
typedef struct l4_thread_regs_t
{
  l4_umword_t error;
  l4_umword_t free_marker;
  l4_umword_t user[3];
} l4_thread_regs_t;

/* Exception state as delivered in the MRs of an exception IPC (spec 10.2). */
typedef struct l4_exc_regs_t
{
  l4_umword_t es, ds, gs, fs;
  l4_umword_t edi, esi, ebp, pfa;
  l4_umword_t ebx, edx, ecx, eax;
  l4_umword_t trapno, err, ip, dummy1;
  l4_umword_t flags, sp, ss;
} l4_exc_regs_t;

L4_INLINE l4_utcb_t *
l4_utcb_direct(void)
{
  l4_utcb_t *u;
  __asm__ ("mov %%fs:0, %0" : "=r" (u));
  return u;
}

L4_INLINE l4_utcb_t *l4_utcb(void) { return l4_utcb_direct(); }
L4_INLINE l4_utcb_t *l4_utcb_wrap(void) { return l4_utcb_direct(); }

L4_INLINE l4_msg_regs_t *l4_utcb_mr_u(l4_utcb_t *u)
{ return (l4_msg_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET); }
L4_INLINE l4_buf_regs_t *l4_utcb_br_u(l4_utcb_t *u)
{ return (l4_buf_regs_t *)((char *)u + L4_UTCB_BUF_REGS_OFFSET); }
L4_INLINE l4_thread_regs_t *l4_utcb_tcr_u(l4_utcb_t *u)
{ return (l4_thread_regs_t *)((char *)u + L4_UTCB_THREAD_REGS_OFFSET); }
L4_INLINE l4_exc_regs_t *l4_utcb_exc_u(l4_utcb_t *u)
{ return (l4_exc_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET); }

L4_INLINE l4_msg_regs_t *l4_utcb_mr(void)     { return l4_utcb_mr_u(l4_utcb()); }
L4_INLINE l4_buf_regs_t *l4_utcb_br(void)     { return l4_utcb_br_u(l4_utcb()); }
L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void) { return l4_utcb_tcr_u(l4_utcb()); }
L4_INLINE l4_exc_regs_t *l4_utcb_exc(void)    { return l4_utcb_exc_u(l4_utcb()); }

/* Page-fault address as the pager protocol reports it. */
L4_INLINE l4_umword_t l4_utcb_exc_pfa(l4_exc_regs_t const *e)
{ return (e->pfa & ~7UL) | (e->err & 2); }
L4_INLINE l4_umword_t l4_utcb_exc_pc(l4_exc_regs_t const *e) { return e->ip; }
L4_INLINE void l4_utcb_exc_pc_set(l4_exc_regs_t *e, l4_addr_t pc) { e->ip = pc; }
L4_INLINE void l4_utcb_exc_sp_set(l4_exc_regs_t *e, l4_addr_t sp) { e->sp = sp; }
L4_INLINE l4_umword_t l4_utcb_exc_typeval(l4_exc_regs_t const *e) { return e->trapno; }
/* Trap 14 is the page fault on ia32. */
L4_INLINE int l4_utcb_exc_is_pf(l4_exc_regs_t const *e) { return e->trapno == 14; }
/* An exception IPC caused by l4_thread_ex_regs with L4_THREAD_EX_REGS_TRIGGER_EXCEPTION. */
L4_INLINE int l4_utcb_exc_is_ex_regs_exception(l4_exc_regs_t const *e) { return e->trapno == 0xff; }

/* Whether the next receive may take over the sender's FPU state. */
L4_INLINE void l4_utcb_inherit_fpu_u(l4_utcb_t *u, int switch_on)
{
  if (switch_on)
    l4_utcb_br_u(u)->bdr |= L4_UTCB_INHERIT_FPU;
  else
    l4_utcb_br_u(u)->bdr &= ~(l4_umword_t)L4_UTCB_INHERIT_FPU;
}
L4_INLINE void l4_utcb_inherit_fpu(int switch_on) { l4_utcb_inherit_fpu_u(l4_utcb(), switch_on); }

/* A buffer descriptor: the first memory, I/O and object buffer indices. */
L4_INLINE l4_umword_t
l4_bdr(l4_umword_t mem, l4_umword_t io, l4_umword_t obj, l4_umword_t flags)
{
  return (mem << 0) | (io << 5) | (obj << 10) | flags;
}

/* Index of a 64-bit message word in the machine-word message registers. */
L4_INLINE unsigned l4_utcb_mr64_idx(unsigned idx) { return idx / (sizeof(l4_uint64_t) / sizeof(l4_umword_t)); }

/* Absolute timeout (as in L4Re): the 64-bit deadline (us of the KIP clock)
 * is stored in the buffer registers br[pos] and br[pos+1] of `utcb`. */
L4_INLINE l4_timeout_s
l4_timeout_abs_u(l4_kernel_clock_t val, int pos, l4_utcb_t *utcb)
{
  l4_timeout_s t;
  l4_umword_t *br = l4_utcb_br_u(utcb)->br;
  br[pos] = (l4_umword_t)val;
  br[pos + 1] = (l4_umword_t)(val >> 32);
  t.t = (l4_uint16_t)(0x8000 | (pos & 0x3f));
  return t;
}

L4_INLINE l4_timeout_s
l4_timeout_abs(l4_kernel_clock_t val, int pos)
{
  return l4_timeout_abs_u(val, pos, l4_utcb());
}

#endif
