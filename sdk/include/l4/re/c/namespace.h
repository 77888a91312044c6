/* L4Re namespaces, C interface (l4re_ns_*): look a name up, get a
 * capability. moe's "rom" namespace holds the boot modules as read-only
 * dataspaces. The messages are L4Re::Namespace's (l4re/include/namespace),
 * laid out as docs/l4re-protocols.md says. */
#ifndef L4RE_C_NAMESPACE_H
#define L4RE_C_NAMESPACE_H

#include <l4/sys/ipc.h>
#include <l4/re/protocols.h>
#include <l4/re/c/__rpc.h>

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

/* L4Re::Namespace's RPCs (unlink keeps its old opcode 3). */
enum l4re_ns_opcodes
{
  L4RE_NS_OP_QUERY = 0,
  L4RE_NS_OP_REGISTER = 1,
  L4RE_NS_OP_UNLINK = 3,
};

/* A query's result label may say that only the front of the name was
 * resolved (L4Re::Namespace::Partly_resolved). */
enum { __L4RE_NS_PARTLY_RESOLVED = 0x20 };

/* Longest name a query or registration carries in one message. */
enum { __L4RE_NS_NAME_MAX = (L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t) };

/* One query: MR0 opcode, MR1 name length (no NUL), the name from MR2;
 * BR0 = the slot for the answer. Reply label = 0 or partly resolved, MR0 a
 * dummy opcode, MR1 the length of the unresolved rest, the rest from MR2,
 * then the capability item. *rest and *rest_len: the unresolved rest. */
L4_INLINE l4_ret_t
__l4re_ns_query_once(l4re_namespace_t srv, char const *name, unsigned len,
                     l4_cap_idx_t cap, char const **rest, unsigned *rest_len)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  l4_buf_regs_t *b = l4_utcb_br_u(u);
  char *dst = (char *)&m->mr[2];
  l4_msgtag_t t;
  l4_ret_t r;
  unsigned i;
  for (i = 0; i < len; ++i)
    dst[i] = name[i];
  m->mr[0] = L4RE_NS_OP_QUERY;
  m->mr[1] = len;
  b->bdr = 0;
  b->br[0] = cap | L4_RCV_ITEM_SINGLE_CAP;
  b->br[1] = 0;
  t = l4_ipc_call(srv, u, l4_msgtag(L4RE_PROTO_NAMESPACE, __l4re_words(8 + len), 0, 0),
                  L4_IPC_NEVER);
  r = __l4re_rpc_result(t, u);
  if (r < 0)
    return r;
  if (l4_msgtag_words(t) < 2 || m->mr[1] > len)
    return -L4_EMSGTOOSHORT;
  /* the rest is a tail of the name we sent */
  *rest_len = m->mr[1];
  *rest = name + len - *rest_len;
  return r;
}

/* Looks `name` up in `srv` and puts the capability it names into slot `cap`,
 * following namespaces that resolve only the front of the name. Returns 0,
 * or a negative error (-L4_ENOENT when there is no such name). A name that
 * is not there yet (-L4_EAGAIN) is asked for again for up to `timeout` ms,
 * as L4Re does. */
L4_INLINE l4_ret_t
l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
                     int timeout)
{
  unsigned len = 0;
  long waited = 0, step = timeout ? 10 : 0;
  l4_ret_t r;
  while (name[len])
    ++len;
  if (len == 0 || timeout < 0)
    return -L4_EINVAL;
  if (len > __L4RE_NS_NAME_MAX)
    return -L4_EMSGTOOLONG;
  for (;;)
    {
      l4re_namespace_t ns = srv;
      char const *n = name;
      unsigned l = len;
      do
        {
          char const *rest;
          unsigned rest_len;
          r = __l4re_ns_query_once(ns, n, l, cap, &rest, &rest_len);
          if (r < 0 || !(r & __L4RE_NS_PARTLY_RESOLVED))
            break;
          ns = cap; /* the front named a namespace: ask it for the rest */
          n = rest;
          l = rest_len;
        }
      while (l > 0);
      if (r != -L4_EAGAIN || waited >= timeout)
        return r < 0 ? r : 0;
      l4_ipc_sleep_ms(step);
      waited += step;
      if (step < 100)
        step += step;
    }
}

L4_INLINE l4_ret_t
l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap)
{
  return l4re_ns_query_to_srv(srv, name, cap, 40000);
}

/* Registers capability `obj` (or, with L4_INVALID_CAP, a placeholder) under
 * `name` in `srv` with L4RE_NS_REGISTER_* rights: MR0 opcode, MR1 flags,
 * MR2 name length, the name from MR3, the capability as an item. */
L4_INLINE l4_ret_t
l4re_ns_register_obj_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const obj,
                         unsigned flags)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *m = l4_utcb_mr_u(u);
  char *dst = (char *)&m->mr[3];
  unsigned len = 0, words;
  while (name[len])
    {
      if (len >= __L4RE_NS_NAME_MAX - 2 * sizeof(l4_umword_t))
        return -L4_EMSGTOOLONG;
      dst[len] = name[len];
      ++len;
    }
  m->mr[0] = L4RE_NS_OP_REGISTER;
  m->mr[1] = flags;
  m->mr[2] = len;
  words = __l4re_words(12 + len);
  if (l4_is_invalid_cap(obj))
    return __l4re_rpc_call(srv, L4RE_PROTO_NAMESPACE, words, 0, u);
  __l4re_mr_set_cap_item(m, words, obj);
  return __l4re_rpc_call(srv, L4RE_PROTO_NAMESPACE, words, 1, u);
}

L4_END_DECLS

#endif
