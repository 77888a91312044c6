/* The IPC system call and its wrappers (spec sections 1.1-1.3, 6.1).
 *
 * Every operation is the single invocation `int $0x30`, reached through the
 * stub at __l4sys_invoke_direct (0xEACFF000, mapped by the kernel):
 *   in:  EAX tag, ECX timeout, EDX destination | L4_SYSF_* flags, ESI label
 *   out: EAX result tag, ESI received label; EBX, ECX, EDX, EDI clobbered.
 * EBP is saved around the call because a sysenter stub overwrites it. The
 * UTCB argument is accepted for API compatibility: the kernel always uses
 * the current thread's UTCB. */
#ifndef L4_SYS_IPC_H
#define L4_SYS_IPC_H

#include <l4/sys/types.h>
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>
#include <l4/sys/err.h>
#include <l4/sys/__timeout.h>

/* IPC error codes in the TCR error word: base | phase (bit 0 = receive). */
enum l4_ipc_tcr_error_t
{
  L4_IPC_ERROR_MASK    = 0x1f,
  L4_IPC_SND_ERR_MASK  = 0x01,
  L4_IPC_ENOT_EXISTENT = 0x04,
  L4_IPC_RETIMEOUT     = 0x03,
  L4_IPC_SETIMEOUT     = 0x02,
  L4_IPC_RECANCELED    = 0x07,
  L4_IPC_SECANCELED    = 0x06,
  L4_IPC_REMAPFAILED   = 0x11,
  L4_IPC_SEMAPFAILED   = 0x10,
  L4_IPC_RESNDPFTO     = 0x0b,
  L4_IPC_SESNDPFTO     = 0x0a,
  L4_IPC_RERCVPFTO     = 0x0d,
  L4_IPC_SERCVPFTO     = 0x0c,
  L4_IPC_REABORTED     = 0x0f,
  L4_IPC_SEABORTED     = 0x0e,
  L4_IPC_REMSGCUT      = 0x09,
  L4_IPC_SEMSGCUT      = 0x08,
  /* Receive phase without a usable reply capability. */
  L4_IPC_NO_REPLY_CAP  = 0x13,
  L4_IPC_RENOREPLYCAP  = L4_IPC_NO_REPLY_CAP, /* older SDK name */
};

/* The raw system call. */
L4_INLINE l4_msgtag_t
l4_ipc(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_umword_t flags,
       l4_umword_t slabel, l4_msgtag_t tag, l4_umword_t *rlabel,
       l4_timeout_t timeout)
{
  l4_umword_t eax = (l4_umword_t)tag.raw;
  l4_umword_t ecx = timeout.raw;
  l4_umword_t edx = dest | flags;
  l4_umword_t esi = slabel;
  (void)utcb;
  __asm__ __volatile__(
      "push %%ebp            \n\t"
      "call __l4sys_invoke_direct \n\t"
      "pop  %%ebp            \n\t"
      : "+a" (eax), "+c" (ecx), "+d" (edx), "+S" (esi)
      :
      : "ebx", "edi", "memory", "cc");
  if (rlabel)
    *rlabel = esi;
  tag.raw = (l4_mword_t)eax;
  return tag;
}

/* Send, then receive the reply from the same partner. */
L4_INLINE l4_msgtag_t
l4_ipc_call(l4_cap_idx_t object, l4_utcb_t *utcb, l4_msgtag_t tag,
            l4_timeout_t timeout)
{
  return l4_ipc(object, utcb, L4_SYSF_CALL, 0, tag, 0, timeout);
}

L4_INLINE l4_msgtag_t
l4_ipc_send(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
            l4_timeout_t timeout)
{
  return l4_ipc(dest, utcb, L4_SYSF_SEND, 0, tag, 0, timeout);
}

/* Answer the caller held in the implicit reply capability (send only).
 * Pass L4_INVALID_CAP as reply_cap: the kernel uses the implicit slot. */
L4_INLINE l4_msgtag_t
l4_ipc_reply(l4_cap_idx_t reply_cap, l4_utcb_t *utcb, l4_msgtag_t tag,
             l4_timeout_t timeout)
{
  return l4_ipc(reply_cap, utcb, L4_SYSF_SEND | L4_SYSF_REPLY, 0, tag, 0,
                timeout);
}

/* Closed wait: receive only from the given object. */
L4_INLINE l4_msgtag_t
l4_ipc_receive(l4_cap_idx_t object, l4_utcb_t *utcb, l4_timeout_t timeout)
{
  return l4_ipc(object, utcb, L4_SYSF_RECV, 0, l4_msgtag(0, 0, 0, 0), 0,
                timeout);
}

/* Open wait: receive from anyone; *label gets the sender's label. */
L4_INLINE l4_msgtag_t
l4_ipc_wait(l4_utcb_t *utcb, l4_umword_t *label, l4_timeout_t timeout)
{
  return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_WAIT, 0, l4_msgtag(0, 0, 0, 0),
                label, timeout);
}

L4_INLINE l4_msgtag_t
l4_ipc_reply_and_wait(l4_utcb_t *utcb, l4_msgtag_t tag, l4_umword_t *label,
                      l4_timeout_t timeout)
{
  return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_REPLY_AND_WAIT, 0, tag, label,
                timeout);
}

L4_INLINE l4_msgtag_t
l4_ipc_send_and_wait(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
                     l4_umword_t *label, l4_timeout_t timeout)
{
  return l4_ipc(dest, utcb, L4_SYSF_SEND_AND_WAIT, 0, tag, label, timeout);
}

/* Receive from the invoking thread itself: nothing ever arrives, so this
 * only returns when the timeout expires. */
L4_INLINE l4_msgtag_t
l4_ipc_sleep(l4_timeout_t timeout)
{
  return l4_ipc_receive(L4_INVALID_CAP, 0, timeout);
}

L4_INLINE l4_msgtag_t
l4_ipc_sleep_us(l4_uint64_t us)
{
  return l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us)));
}

L4_INLINE l4_msgtag_t
l4_ipc_sleep_ms(l4_umword_t ms)
{
  return l4_ipc_sleep_us((l4_uint64_t)ms * 1000);
}

/* Error code of the last IPC (0 when the tag has no error bit). */
L4_INLINE l4_umword_t
l4_ipc_error_code(l4_utcb_t *utcb)
{
  return l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK;
}

L4_INLINE l4_umword_t
l4_ipc_error(l4_msgtag_t tag, l4_utcb_t *utcb)
{
  if (!l4_msgtag_has_error(tag))
    return 0;
  return l4_ipc_error_code(utcb);
}

L4_INLINE int
l4_ipc_is_snd_error(l4_utcb_t *utcb)
{
  return (l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK) == 0;
}

L4_INLINE int
l4_ipc_is_rcv_error(l4_utcb_t *utcb)
{
  return (l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK) != 0;
}

/* One number for both kinds of failure: an IPC error becomes
 * -(L4_EIPC_LO + code), otherwise the (possibly negative) label. */
L4_INLINE long
l4_error_u(l4_msgtag_t tag, l4_utcb_t *utcb)
{
  if (l4_msgtag_has_error(tag))
    return -(long)(L4_EIPC_LO + l4_ipc_error_code(utcb));
  return l4_msgtag_label(tag);
}

L4_INLINE long
l4_error(l4_msgtag_t tag)
{
  return l4_error_u(tag, l4_utcb());
}

/* The negative error code (L4_EIPC_LO + code) for an IPC error code. */
L4_INLINE l4_ret_t
l4_ipc_to_errno(unsigned long ipc_error_code)
{
  return (l4_ret_t)-(L4_EIPC_LO + (long)ipc_error_code);
}

/* Appends a map item (send base, flexpage) after the words and items that
 * `tag` already counts, and counts it in `tag`; -L4_ENOMEM when full. */
L4_INLINE int
l4_sndfpage_add_u(l4_fpage_t const snd_fpage, unsigned long snd_base,
                  l4_msgtag_t *tag, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned i = l4_msgtag_words(*tag) + 2 * l4_msgtag_items(*tag);
  if (i >= L4_UTCB_GENERIC_DATA_SIZE - 1)
    return -L4_ENOMEM;
  v->mr[i] = snd_base | L4_ITEM_MAP | L4_ITEM_CONT;
  v->mr[i + 1] = snd_fpage.raw;
  *tag = l4_msgtag(l4_msgtag_label(*tag), l4_msgtag_words(*tag),
                   l4_msgtag_items(*tag) + 1, l4_msgtag_flags(*tag));
  return 0;
}

L4_INLINE int
l4_sndfpage_add(l4_fpage_t const snd_fpage, unsigned long snd_base, l4_msgtag_t *tag)
{
  return l4_sndfpage_add_u(snd_fpage, snd_base, tag, l4_utcb());
}

/* Give up the rest of the time slice. */
L4_INLINE l4_msgtag_t
l4_thread_yield(void)
{
  return l4_ipc_receive(L4_INVALID_CAP, 0, L4_IPC_BOTH_TIMEOUT_0);
}

#endif
