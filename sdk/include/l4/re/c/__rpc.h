/* How L4Re's C++ IPC framework (L4::Ipc, l4sys/include/cxx/ipc_*) lays an
 * RPC out on ia32, for the C functions of l4/re/c/ (docs/l4re-protocols.md):
 * the opcode is an int at byte 0; each argument follows at the next offset
 * aligned to its __alignof, which is 8 for 64-bit values, so a 64-bit value
 * right after the opcode sits in MR2..MR3; capabilities travel as map items
 * after the data words; the reply's label is the result, out values follow
 * from MR0 with the same alignment. Internal to the SDK. */
#ifndef L4RE_C___RPC_H
#define L4RE_C___RPC_H

#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Stores a 64-bit value in MR[w] (low word) and MR[w + 1]. */
L4_INLINE void
__l4re_mr_set_u64(l4_msg_regs_t *m, unsigned w, l4_uint64_t v)
{
  m->mr[w] = (l4_umword_t)v;
  m->mr[w + 1] = (l4_umword_t)(v >> 32);
}

L4_INLINE l4_uint64_t
__l4re_mr_get_u64(l4_msg_regs_t const *m, unsigned w)
{
  return (l4_uint64_t)m->mr[w] | ((l4_uint64_t)m->mr[w + 1] << 32);
}

/* The RPC's result as L4::Ipc returns it: the reply's label (negative: an
 * error), or the errno of an IPC error. */
L4_INLINE l4_ret_t
__l4re_rpc_result(l4_msgtag_t t, l4_utcb_t *u)
{
  if (l4_msgtag_has_error(t))
    return l4_ipc_to_errno(l4_ipc_error_code(u));
  return (l4_ret_t)l4_msgtag_label(t);
}

/* Calls `obj` with a message of `words` data words and `items` items of
 * protocol `proto`; the result as __l4re_rpc_result. */
L4_INLINE l4_ret_t
__l4re_rpc_call(l4_cap_idx_t obj, long proto, unsigned words, unsigned items,
                l4_utcb_t *u)
{
  return __l4re_rpc_result(l4_ipc_call(obj, u, l4_msgtag(proto, words, items, 0),
                                       L4_IPC_NEVER), u);
}

/* Puts an L4::Ipc::Cap argument (a plain selector: rights = its low 8 bits,
 * as Ipc::Cap::from_ci) as a map item into MR[w], MR[w + 1]. */
L4_INLINE void
__l4re_mr_set_cap_item(l4_msg_regs_t *m, unsigned w, l4_cap_idx_t cap)
{
  m->mr[w] = L4_ITEM_MAP | (cap & 0xf0);
  m->mr[w + 1] = l4_obj_fpage(cap & L4_CAP_MASK, 0, cap & 0x0f).raw;
}

/* Number of words that `bytes` bytes of message fill. */
L4_INLINE unsigned
__l4re_words(unsigned bytes)
{
  return (bytes + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
}

L4_END_DECLS

#endif
