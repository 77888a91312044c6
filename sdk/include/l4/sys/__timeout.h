/* IPC timeouts (spec section 5): a 16-bit receive half (bits 0..15) and a
 * 16-bit send half (bits 16..31); 0 means never. */
#ifndef L4_SYS_TIMEOUT_H
#define L4_SYS_TIMEOUT_H

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

typedef struct l4_timeout_s
{
  l4_uint16_t t;
} l4_timeout_s;

typedef union l4_timeout_t
{
  l4_uint32_t raw;
  struct
  {
    l4_timeout_s rcv;
    l4_timeout_s snd;
  } p;
} l4_timeout_t;

#define L4_IPC_TIMEOUT_0     ((l4_timeout_s){0x0400})
#define L4_IPC_TIMEOUT_NEVER ((l4_timeout_s){0})
#define L4_IPC_NEVER_INITIALIZER {0}
#define L4_IPC_NEVER          ((l4_timeout_t){0})
#define L4_IPC_RECV_TIMEOUT_0 ((l4_timeout_t){0x00000400})
#define L4_IPC_SEND_TIMEOUT_0 ((l4_timeout_t){0x04000000})
#define L4_IPC_BOTH_TIMEOUT_0 ((l4_timeout_t){0x04000400})

/* Largest relative timeout the encoding can express: 1023 * 2^31 us. */
#define L4_TIMEOUT_US_NEVER  (~0ULL)
#define L4_TIMEOUT_US_MAX    ((1ULL << 41) - 1)

L4_INLINE l4_timeout_t
l4_timeout(l4_timeout_s snd, l4_timeout_s rcv)
{
  l4_timeout_t t;
  t.p.snd = snd;
  t.p.rcv = rcv;
  return t;
}

/* Relative timeout of man * 2^exp microseconds (man 10 bits, exp 5 bits). */
L4_INLINE l4_timeout_s
l4_timeout_rel(unsigned man, unsigned exp)
{
  l4_timeout_s t;
  t.t = (l4_uint16_t)((man & 0x3ff) | ((exp & 0x1f) << 10));
  return t;
}

/* Both halves from relative mantissa/exponent pairs. */
L4_INLINE l4_timeout_t
l4_ipc_timeout(unsigned snd_man, unsigned snd_exp, unsigned rcv_man, unsigned rcv_exp)
{
  return l4_timeout(l4_timeout_rel(snd_man, snd_exp), l4_timeout_rel(rcv_man, rcv_exp));
}

/* The length of a relative timeout in microseconds (~0 for never). */
L4_INLINE l4_kernel_clock_t
l4_timeout_rel_get(l4_timeout_s to)
{
  if (to.t == 0)
    return ~0ULL;
  return (l4_kernel_clock_t)(to.t & 0x3ff) << ((to.t >> 10) & 0x1f);
}

L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s to) { return to.t & 0x8000; }

/* When a relative timeout started at `cur` expires (0 for an absolute one,
 * whose value lives in the UTCB). */
L4_INLINE l4_kernel_clock_t
l4_timeout_get(l4_kernel_clock_t cur, l4_timeout_s to)
{
  return l4_timeout_is_absolute(to) ? 0 : cur + l4_timeout_rel_get(to);
}

L4_INLINE void l4_snd_timeout(l4_timeout_s to, l4_timeout_t *t) { t->p.snd = to; }
L4_INLINE void l4_rcv_timeout(l4_timeout_s to, l4_timeout_t *t) { t->p.rcv = to; }

/* Encode a duration in microseconds; rounds up to the next representable
 * value. 0 is the zero timeout, too large or ~0 means never. Only shifts
 * are used so that no 64-bit division helper is needed. */
L4_INLINE l4_timeout_s
l4_timeout_from_us(l4_uint64_t us)
{
  l4_timeout_s t;
  unsigned msb = 0, e = 0;
  l4_uint64_t m, v;
  if (us == 0)
    return L4_IPC_TIMEOUT_0;
  if (us == L4_TIMEOUT_US_NEVER || us > L4_TIMEOUT_US_MAX)
    return L4_IPC_TIMEOUT_NEVER;
  for (v = us; v > 1; v >>= 1)
    ++msb;
  if (msb > 9)
    e = msb - 9;
  m = (us + ((1ULL << e) - 1)) >> e;
  if (m > 1023)
    {
      ++e;
      m >>= 1;
    }
  if (e > 31)
    return L4_IPC_TIMEOUT_NEVER;
  t.t = (l4_uint16_t)((e << 10) | (unsigned)m);
  return t;
}

#endif
