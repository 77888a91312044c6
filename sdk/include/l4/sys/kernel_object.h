/* Operations every kernel object understands (L4_PROTO_KOBJECT), and the
 * debugger invocation on an object (spec sections 1.6, 9.5). */
#ifndef L4_SYS_KERNEL_OBJECT_H
#define L4_SYS_KERNEL_OBJECT_H

#include <l4/sys/ipc.h>

enum L4_kobject_op
{
  L4_KOBJECT_OP_DEC_REFCNT = 0,
};

L4_INLINE l4_msgtag_t
l4_kobject_dec_refcnt_u(l4_cap_idx_t obj, l4_mword_t diff, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_KOBJECT_OP_DEC_REFCNT;
  v->mr[1] = (l4_umword_t)diff;
  return l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_kobject_dec_refcnt(l4_cap_idx_t obj, l4_mword_t diff)
{
  return l4_kobject_dec_refcnt_u(obj, diff, l4_utcb());
}

/* A kernel-debugger operation about object `obj`: the request already in
 * the MRs (MR0 = op) goes to L4_BASE_DEBUGGER_CAP with L4_PROTO_DEBUGGER,
 * the op moved into the kobject group (+0x100) and `obj` appended as a
 * typed item. */
L4_INLINE l4_msgtag_t
l4_invoke_debugger(l4_cap_idx_t obj, l4_msgtag_t tag, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned words = l4_msgtag_words(tag);
  if (l4_is_invalid_cap(obj))
    return l4_msgtag(-L4_EINVAL, 0, 0, 0);
  if (words + 2 > L4_UTCB_GENERIC_DATA_SIZE)
    return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
  v->mr[0] += 0x100;
  v->mr[words] = L4_ITEM_MAP;
  v->mr[words + 1] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb,
                     l4_msgtag(L4_PROTO_DEBUGGER, words, 1,
                               l4_msgtag_flags(tag)),
                     L4_IPC_NEVER);
}

#endif
