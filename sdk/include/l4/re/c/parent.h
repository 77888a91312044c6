/* L4Re parent, C interface: a program tells its parent (moe, ned) about
 * itself with signals; signal 0 with the exit code is "I am done". The
 * message is L4Re::Parent's signal RPC: MR0 opcode 0, MR1 signal, MR2 value. */
#ifndef L4RE_C_PARENT_H
#define L4RE_C_PARENT_H

#include <l4/re/protocols.h>
#include <l4/re/c/__rpc.h>

L4_BEGIN_DECLS

L4_INLINE long
l4re_parent_signal(l4_cap_idx_t parent, unsigned long sig, unsigned long val)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  m->mr[0] = L4RE_PARENT_OP_SIGNAL;
  m->mr[1] = sig;
  m->mr[2] = val;
  return __l4re_rpc_call(parent, L4RE_PROTO_PARENT, 3, 0, u);
}

L4_END_DECLS

#endif
