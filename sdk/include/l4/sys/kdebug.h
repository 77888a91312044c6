/* Kernel-debugger output through IPC to L4_BASE_DEBUGGER_CAP with
 * L4_PROTO_DEBUGGER (spec section 1.6). Only works when the kernel provides
 * the debugger capability. */
#ifndef L4_SYS_KDEBUG_H
#define L4_SYS_KDEBUG_H

#include <l4/sys/ipc.h>

/* Groups of kernel-debugger operations (the op word's high bits). */
enum l4_kdebug_group_t
{
  L4_KDEBUG_GROUP_JDB   = 0x000,
  L4_KDEBUG_GROUP_KOBJ  = 0x100,
  L4_KDEBUG_GROUP_TRACE = 0x200,
  L4_KDEBUG_GROUP_COV   = 0x400,
  L4_KDEBUG_GROUP_DUMP  = 0x500,
};

enum l4_kdebug_ops_t
{
  L4_KDEBUG_ENTER      = 0,
  L4_KDEBUG_OUTCHAR    = 1,
  L4_KDEBUG_OUTNSTRING = 2,
  L4_KDEBUG_OUTHEX32   = 3,
  L4_KDEBUG_OUTHEX20   = 4,
  L4_KDEBUG_OUTHEX16   = 5,
  L4_KDEBUG_OUTHEX12   = 6,
  L4_KDEBUG_OUTHEX8    = 7,
  L4_KDEBUG_OUTDEC     = 8,
};

/* Ops with a text: MR1 = length, text from MR2 (clipped to the MRs). */
L4_INLINE l4_msgtag_t
__l4_kdebug_text(unsigned op, char const *s, unsigned len)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  char *dst = (char *)&mr->mr[2];
  unsigned i, max = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t);
  if (len > max)
    len = max;
  mr->mr[0] = op;
  mr->mr[1] = len;
  for (i = 0; i < len; ++i)
    dst[i] = s[i];
  return l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(),
                     l4_msgtag(L4_PROTO_DEBUGGER,
                               2 + (len + sizeof(l4_umword_t) - 1)
                                     / sizeof(l4_umword_t), 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE unsigned __l4_kdebug_strlen(char const *s)
{
  unsigned n = 0;
  while (s[n])
    ++n;
  return n;
}

L4_INLINE void outnstring(char const *s, unsigned len)
{ __l4_kdebug_text(L4_KDEBUG_OUTNSTRING, s, len); }
L4_INLINE void outstring(char const *s)
{ outnstring(s, __l4_kdebug_strlen(s)); }
L4_INLINE void enter_kdebug(char const *text)
{ __l4_kdebug_text(L4_KDEBUG_ENTER, text, __l4_kdebug_strlen(text)); }

L4_INLINE void
__l4_kdebug_num(unsigned op, l4_umword_t v)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  mr->mr[0] = op;
  mr->mr[1] = v;
  l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(),
              l4_msgtag(L4_PROTO_DEBUGGER, 2, 0, 0), L4_IPC_NEVER);
}

/* Current names (since 2023); the short ones below are the older API. */
L4_INLINE void l4_kd_enter(char const *text)
{
  if (!text)
    l4_ipc_call(L4_BASE_DEBUGGER_CAP, 0, l4_msgtag(L4_PROTO_DEBUGGER, 0, 0, 0), L4_IPC_NEVER);
  else
    __l4_kdebug_text(L4_KDEBUG_ENTER, text, __l4_kdebug_strlen(text));
}
L4_INLINE void l4_kd_outnstring(char const *s, unsigned len) { __l4_kdebug_text(L4_KDEBUG_OUTNSTRING, s, len); }
L4_INLINE void l4_kd_outstring(char const *s) { l4_kd_outnstring(s, __l4_kdebug_strlen(s)); }
L4_INLINE void l4_kd_outchar(char c)           { __l4_kdebug_num(L4_KDEBUG_OUTCHAR, (unsigned char)c); }
L4_INLINE void l4_kd_outdec(l4_mword_t v)      { __l4_kdebug_num(L4_KDEBUG_OUTDEC, (l4_umword_t)v); }
L4_INLINE void l4_kd_outhex32(l4_uint32_t v)   { __l4_kdebug_num(L4_KDEBUG_OUTHEX32, v); }
L4_INLINE void l4_kd_outhex20(l4_uint32_t v)   { __l4_kdebug_num(L4_KDEBUG_OUTHEX20, v); }
L4_INLINE void l4_kd_outhex16(l4_uint32_t v)   { __l4_kdebug_num(L4_KDEBUG_OUTHEX16, v); }
L4_INLINE void l4_kd_outhex12(l4_uint32_t v)   { __l4_kdebug_num(L4_KDEBUG_OUTHEX12, v); }
L4_INLINE void l4_kd_outhex8(l4_uint32_t v)    { __l4_kdebug_num(L4_KDEBUG_OUTHEX8, v); }
L4_INLINE void l4_kd_outhex64(l4_uint64_t v)
{
  __l4_kdebug_num(L4_KDEBUG_OUTHEX32, (l4_umword_t)(v >> 32));
  __l4_kdebug_num(L4_KDEBUG_OUTHEX32, (l4_umword_t)v);
}
L4_INLINE void l4_kd_outumword(l4_umword_t v)  { __l4_kdebug_num(L4_KDEBUG_OUTHEX32, v); }

L4_INLINE void outchar(char c)          { __l4_kdebug_num(L4_KDEBUG_OUTCHAR, (unsigned char)c); }
L4_INLINE void outhex32(l4_umword_t v)  { __l4_kdebug_num(L4_KDEBUG_OUTHEX32, v); }
L4_INLINE void outhex20(l4_umword_t v)  { __l4_kdebug_num(L4_KDEBUG_OUTHEX20, v); }
L4_INLINE void outhex16(l4_umword_t v)  { __l4_kdebug_num(L4_KDEBUG_OUTHEX16, v); }
L4_INLINE void outhex12(l4_umword_t v)  { __l4_kdebug_num(L4_KDEBUG_OUTHEX12, v); }
L4_INLINE void outhex8(l4_umword_t v)   { __l4_kdebug_num(L4_KDEBUG_OUTHEX8, v); }
L4_INLINE void outdec(l4_umword_t v)    { __l4_kdebug_num(L4_KDEBUG_OUTDEC, v); }

#endif
