/* Kernel-debugger object operations (spec section 1.6): name objects so
 * the debugger shows them by name. A debugging aid: the calls fail when the
 * kernel has no debugger capability. */
#ifndef L4_SYS_DEBUGGER_H
#define L4_SYS_DEBUGGER_H

#include <l4/sys/kernel_object.h>

enum L4_debugger_kobject_ops
{
  L4_DEBUGGER_NAME_SET_OP           = 0UL,
  L4_DEBUGGER_GLOBAL_ID_OP          = 1UL,
  L4_DEBUGGER_KOBJ_TO_ID_OP         = 2UL,
  L4_DEBUGGER_ADD_IMAGE_INFO_OP     = 7UL,
  L4_DEBUGGER_NAME_GET_OP           = 8UL,
  L4_DEBUGGER_OBJ_INFO_OP           = 16UL,
  /* The names of the current L4Re headers. */
  L4_DEBUGGER_KOBJ_SET_NAME_OP          = 0UL,
  L4_DEBUGGER_KOBJ_GET_GLOBAL_ID_OP     = 1UL,
  L4_DEBUGGER_KOBJ_PTR_GET_GLOBAL_ID_OP = 2UL,
  L4_DEBUGGER_LOG_QUERY_TYPEID_OP       = 3UL,
  L4_DEBUGGER_LOG_SWITCH_OP             = 4UL,
  L4_DEBUGGER_GLOBAL_ID_GET_NAME_OP     = 5UL,
  L4_DEBUGGER_LOG_QUERY_NAME_OP         = 6UL,
  L4_DEBUGGER_TASK_ADD_IMAGE_INFO_OP    = 7UL,
  L4_DEBUGGER_KOBJ_GET_NAME_OP          = 8UL,
};

enum
{
  L4_DEBUGGER_SWITCH_LOG_ON  = 1,
  L4_DEBUGGER_SWITCH_LOG_OFF = 0,
};

/* Copies at most maxlen - 1 characters and a NUL; returns bytes written. */
L4_INLINE unsigned
__l4_debugger_strcpy_max(char *dst, char const *src, unsigned maxlen)
{
  unsigned i = 0;
  if (!maxlen)
    return 0;
  for (; i + 1 < maxlen && src[i]; ++i)
    dst[i] = src[i];
  dst[i] = 0;
  return i + 1;
}

L4_INLINE l4_msgtag_t
l4_debugger_set_object_name_u(l4_cap_idx_t cap, char const *name,
                              l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned n;
  v->mr[0] = L4_DEBUGGER_NAME_SET_OP;
  n = __l4_debugger_strcpy_max((char *)&v->mr[1], name,
                               (L4_UTCB_GENERIC_DATA_SIZE - 3)
                                 * sizeof(l4_umword_t));
  return l4_invoke_debugger(cap, l4_msgtag(0, 1 + l4_bytes_to_mwords(n), 0, 0),
                            utcb);
}

L4_INLINE l4_msgtag_t
l4_debugger_set_object_name(l4_cap_idx_t cap, char const *name)
{
  return l4_debugger_set_object_name_u(cap, name, l4_utcb());
}

/* Copies the object's name (NUL-terminated, at most size bytes) into
 * `name`; the kernel answers with the name in the MRs from MR0 on.
 * Returns 0 or a negative error. */
L4_INLINE long
l4_debugger_get_object_name_u(l4_cap_idx_t cap, char *name, unsigned size,
                              l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  long err;
  v->mr[0] = L4_DEBUGGER_NAME_GET_OP;
  err = l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb), utcb);
  if (err < 0)
    return err;
  __l4_debugger_strcpy_max(name, (char const *)&v->mr[0], size);
  return 0;
}

L4_INLINE long
l4_debugger_get_object_name(l4_cap_idx_t cap, char *name, unsigned size)
{
  return l4_debugger_get_object_name_u(cap, name, size, l4_utcb());
}

/* The kernel-wide id of the object behind `cap`, or ~0UL. */
L4_INLINE unsigned long
l4_debugger_global_id_u(l4_cap_idx_t cap, l4_utcb_t *utcb)
{
  l4_utcb_mr_u(utcb)->mr[0] = L4_DEBUGGER_GLOBAL_ID_OP;
  if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb), utcb))
    return ~0UL;
  return l4_utcb_mr_u(utcb)->mr[0];
}

L4_INLINE unsigned long
l4_debugger_global_id(l4_cap_idx_t cap)
{
  return l4_debugger_global_id_u(cap, l4_utcb());
}

#endif
