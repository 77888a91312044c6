/* Virtual console / log protocol (L4_PROTO_LOG, spec section 8). */
#ifndef L4_SYS_VCON_H
#define L4_SYS_VCON_H

#include <l4/sys/ipc.h>

enum L4_vcon_ops
{
  L4_VCON_WRITE_OP    = 0,
  L4_VCON_READ_OP     = 1,
  L4_VCON_SET_ATTR_OP = 2,
  L4_VCON_GET_ATTR_OP = 3,
};

enum L4_vcon_size_consts
{
  /* MR0 = opcode, MR1 = length, characters from MR2 on. */
  L4_VCON_WRITE_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t),
  L4_VCON_READ_SIZE  = (L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t),
};

enum L4_vcon_read_flags
{
  L4_VCON_READ_SIZE_MASK   = 0x3fffffff,
  L4_VCON_READ_STAT_MASK   = 0xc0000000,
  L4_VCON_READ_STAT_BREAK  = 1UL << 30,
  L4_VCON_READ_STAT_DONE   = 1UL << 31,
};

enum L4_vcon_attr_flags
{
  L4_VCON_INLCR  = 0100,
  L4_VCON_IGNCR  = 0200,
  L4_VCON_ICRNL  = 0400,
  L4_VCON_ONLCR  = 04,
  L4_VCON_OCRNL  = 010,
  L4_VCON_ONLRET = 040,
  L4_VCON_ICANON = 02,
  L4_VCON_ECHO   = 010,
};

typedef struct l4_vcon_attr_t
{
  l4_umword_t i_flags;
  l4_umword_t o_flags;
  l4_umword_t l_flags;
} l4_vcon_attr_t;

/* Sends up to L4_VCON_WRITE_SIZE bytes (at most that many are taken); the
 * message tag of the send. */
L4_INLINE l4_msgtag_t
l4_vcon_send_u(l4_cap_idx_t vcon, char const *buf, unsigned size, l4_utcb_t *utcb)
{
  l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
  char *dst = (char *)&mr->mr[2];
  unsigned i;
  if (size > L4_VCON_WRITE_SIZE)
    size = L4_VCON_WRITE_SIZE;
  mr->mr[0] = L4_VCON_WRITE_OP;
  mr->mr[1] = size;
  for (i = 0; i < size; ++i)
    dst[i] = buf[i];
  return l4_ipc_send(vcon, utcb,
                     l4_msgtag(L4_PROTO_LOG, 2 + (size + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t),
                               0, L4_MSGTAG_SCHEDULE),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_vcon_send(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
  return l4_vcon_send_u(vcon, buf, size, l4_utcb());
}

/* Write up to L4_VCON_WRITE_SIZE bytes (longer input is clipped). Returns
 * the number of bytes sent, or a negative error. */
L4_INLINE long
l4_vcon_write_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
                l4_utcb_t *utcb)
{
  l4_msgtag_t tag = l4_vcon_send_u(vcon, buf, size, utcb);
  if (l4_msgtag_has_error(tag))
    return l4_error_u(tag, utcb);
  return (long)(size > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : size);
}

L4_INLINE long
l4_vcon_write(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
  return l4_vcon_write_u(vcon, buf, size, l4_utcb());
}

/* Read up to `size` bytes. Returns the count (bit 31 set: no more data
 * pending) or a negative error. */
/* Reads up to `size` bytes. Returns the number read, or size + 1 when more
 * is waiting, together with the L4_VCON_READ_STAT_BREAK flag; or a negative
 * error. */
L4_INLINE int
l4_vcon_read_with_flags_u(l4_cap_idx_t vcon, char *buf, unsigned size, l4_utcb_t *utcb)
{
  l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
  char const *src = (char const *)&mr->mr[1];
  l4_umword_t status, got, i;
  int r;
  mr->mr[0] = ((l4_umword_t)size << 16) | L4_VCON_READ_OP;
  r = (int)l4_error_u(l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER), utcb);
  if (r < 0)
    return r;
  status = mr->mr[0];
  got = status & L4_VCON_READ_SIZE_MASK;
  if (!(status & L4_VCON_READ_STAT_DONE))
    r = (int)size + 1;           /* more than asked for is waiting */
  else
    r = (int)(got < size ? got : size);
  if (buf)
    for (i = 0; i < got && i < size; ++i)
      buf[i] = src[i];
  return r | (int)(status & ~(l4_umword_t)(L4_VCON_READ_STAT_DONE | L4_VCON_READ_SIZE_MASK));
}

L4_INLINE int
l4_vcon_read_with_flags(l4_cap_idx_t vcon, char *buf, unsigned size)
{
  return l4_vcon_read_with_flags_u(vcon, buf, size, l4_utcb());
}

/* Reads up to `size` bytes: the number read (size + 1: more is waiting), or
 * a negative error. */
L4_INLINE int
l4_vcon_read_u(l4_cap_idx_t vcon, char *buf, unsigned size, l4_utcb_t *utcb)
{
  int r = l4_vcon_read_with_flags_u(vcon, buf, size, utcb);
  return r < 0 ? r : (int)(r & L4_VCON_READ_SIZE_MASK);
}

L4_INLINE int
l4_vcon_read(l4_cap_idx_t vcon, char *buf, unsigned size)
{
  return l4_vcon_read_u(vcon, buf, size, l4_utcb());
}

/* Attributes for raw input and output (no echo, no line editing). */
L4_INLINE void
l4_vcon_set_attr_raw(l4_vcon_attr_t *attr)
{
  attr->i_flags = 0;
  attr->o_flags = 0;
  attr->l_flags = 0;
}

L4_INLINE l4_msgtag_t
l4_vcon_set_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t const *a, l4_utcb_t *utcb)
{
  l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
  mr->mr[0] = L4_VCON_SET_ATTR_OP;
  mr->mr[1] = a->i_flags;
  mr->mr[2] = a->o_flags;
  mr->mr[3] = a->l_flags;
  return l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 4, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_vcon_set_attr(l4_cap_idx_t vcon, l4_vcon_attr_t const *a)
{
  return l4_vcon_set_attr_u(vcon, a, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_vcon_get_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t *a, l4_utcb_t *utcb)
{
  l4_msg_regs_t *mr = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  mr->mr[0] = L4_VCON_GET_ATTR_OP;
  tag = l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
  if (l4_error_u(tag, utcb) >= 0)
    {
      a->i_flags = mr->mr[1];
      a->o_flags = mr->mr[2];
      a->l_flags = mr->mr[3];
    }
  return tag;
}

L4_INLINE l4_msgtag_t
l4_vcon_get_attr(l4_cap_idx_t vcon, l4_vcon_attr_t *a)
{
  return l4_vcon_get_attr_u(vcon, a, l4_utcb());
}

#endif
