/* L4Re debug objects, C interface: ask a server to show its state (the
 * region manager prints its areas and regions). The message is
 * L4Re::Debug_obj's one RPC without an opcode: label L4RE_PROTO_DEBUG,
 * MR0 = function. */
#ifndef L4RE_C_DEBUG_H
#define L4RE_C_DEBUG_H

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/re/protocols.h>
#include <l4/re/c/__rpc.h>

L4_BEGIN_DECLS

L4_INLINE l4_ret_t
l4re_debug_obj_debug(l4_cap_idx_t srv, unsigned long function)
{
  l4_utcb_t *u = l4_utcb();
  l4_utcb_mr_u(u)->mr[0] = function;
  return __l4re_rpc_call(srv, L4RE_PROTO_DEBUG, 1, 0, u);
}

L4_END_DECLS

#endif
