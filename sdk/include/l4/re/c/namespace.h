/* L4Re namespaces, C interface (l4re_ns_*): look a name up, get a
 * capability. moe's "rom" namespace holds the boot modules as read-only
 * dataspaces. Opcodes: docs/l4re-protocols.md. */
#ifndef L4RE_C_NAMESPACE_H
#define L4RE_C_NAMESPACE_H

#include <l4/sys/ipc.h>
#include <l4/re/protocols.h>

L4_BEGIN_DECLS

typedef l4_cap_idx_t l4re_namespace_t;

/* Rights and kind of an entry registered in a namespace. */
enum l4re_ns_register_flags
{
  L4RE_NS_REGISTER_RO  = L4_FPAGE_RO,
  L4RE_NS_REGISTER_DIR = 0x10,
  L4RE_NS_REGISTER_RW  = L4_FPAGE_RX,
  L4RE_NS_REGISTER_RWS = L4_FPAGE_RWX,
  L4RE_NS_REGISTER_S   = L4_FPAGE_W,
};

#define L4RE_NS_OP_QUERY 0

/* Looks `name` up in `srv` and puts the capability it names into slot `cap`.
 * Returns 0, or a negative error (-L4_ENOENT when there is no such name).
 * `timeout` (ms) is how long L4Re retries a name that is not there yet;
 * moe's namespaces answer at once, so it does not matter here. */
L4_INLINE l4_ret_t
l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
                     int timeout)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_buf_regs_t *b = l4_utcb_br_u(u);
  char *dst = (char *)&m->mr[2];
  unsigned len = 0;
  while (name[len] && len < 200)
    {
      dst[len] = name[len];
      ++len;
    }
  dst[len] = 0;
  m->mr[0] = L4RE_NS_OP_QUERY;
  m->mr[1] = len;
  b->bdr = 0;
  b->br[0] = cap | L4_RCV_ITEM_SINGLE_CAP;
  (void)timeout;
  return (l4_ret_t)l4_error(l4_ipc_call(srv, u, l4_msgtag(L4RE_PROTO_NAMESPACE, 2 + (len + 4) / 4, 0, 0),
                                        L4_IPC_NEVER));
}

L4_INLINE l4_ret_t
l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap)
{
  return l4re_ns_query_to_srv(srv, name, cap, 40000);
}

L4_END_DECLS

#endif
