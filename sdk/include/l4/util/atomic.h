/* Atomic operations (L4Re's l4util, l4/util/atomic.h), on the compiler's
 * __atomic builtins: lock-prefixed x86 instructions, sequentially consistent. */
#ifndef L4_UTIL_ATOMIC_H
#define L4_UTIL_ATOMIC_H

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

/* Compare and exchange: if *dest == cmp_val, store new_val and return 1,
 * else return 0. (As in L4Re, there is no 64-bit form on 32-bit targets:
 * 64-bit variables need not be naturally aligned there.) */
L4_INLINE int
l4util_cmpxchg32(volatile l4_uint32_t *dest, l4_uint32_t cmp_val, l4_uint32_t new_val)
{
  return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

L4_INLINE int
l4util_cmpxchg16(volatile l4_uint16_t *dest, l4_uint16_t cmp_val, l4_uint16_t new_val)
{
  return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

L4_INLINE int
l4util_cmpxchg8(volatile l4_uint8_t *dest, l4_uint8_t cmp_val, l4_uint8_t new_val)
{
  return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

L4_INLINE int
l4util_cmpxchg(volatile l4_umword_t *dest, l4_umword_t cmp_val, l4_umword_t new_val)
{
  return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Exchange: store val, return the old value. */
L4_INLINE l4_uint32_t
l4util_xchg32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
  return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
}

L4_INLINE l4_uint16_t
l4util_xchg16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
  return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
}

L4_INLINE l4_uint8_t
l4util_xchg8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
  return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
}

L4_INLINE l4_umword_t
l4util_xchg(volatile l4_umword_t *dest, l4_umword_t val)
{
  return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
}

/* *dest op= val; the _res forms return the new value. */
L4_INLINE void l4util_add8(volatile l4_uint8_t *dest, l4_uint8_t val) { (void)__atomic_fetch_add(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_add8_res(volatile l4_uint8_t *dest, l4_uint8_t val) { return __atomic_add_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_add16(volatile l4_uint16_t *dest, l4_uint16_t val) { (void)__atomic_fetch_add(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_add16_res(volatile l4_uint16_t *dest, l4_uint16_t val) { return __atomic_add_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_add32(volatile l4_uint32_t *dest, l4_uint32_t val) { (void)__atomic_fetch_add(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_add32_res(volatile l4_uint32_t *dest, l4_uint32_t val) { return __atomic_add_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_sub8(volatile l4_uint8_t *dest, l4_uint8_t val) { (void)__atomic_fetch_sub(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_sub8_res(volatile l4_uint8_t *dest, l4_uint8_t val) { return __atomic_sub_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_sub16(volatile l4_uint16_t *dest, l4_uint16_t val) { (void)__atomic_fetch_sub(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_sub16_res(volatile l4_uint16_t *dest, l4_uint16_t val) { return __atomic_sub_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_sub32(volatile l4_uint32_t *dest, l4_uint32_t val) { (void)__atomic_fetch_sub(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_sub32_res(volatile l4_uint32_t *dest, l4_uint32_t val) { return __atomic_sub_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_and8(volatile l4_uint8_t *dest, l4_uint8_t val) { (void)__atomic_fetch_and(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_and8_res(volatile l4_uint8_t *dest, l4_uint8_t val) { return __atomic_and_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_and16(volatile l4_uint16_t *dest, l4_uint16_t val) { (void)__atomic_fetch_and(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_and16_res(volatile l4_uint16_t *dest, l4_uint16_t val) { return __atomic_and_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_and32(volatile l4_uint32_t *dest, l4_uint32_t val) { (void)__atomic_fetch_and(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_and32_res(volatile l4_uint32_t *dest, l4_uint32_t val) { return __atomic_and_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_or8(volatile l4_uint8_t *dest, l4_uint8_t val) { (void)__atomic_fetch_or(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_or8_res(volatile l4_uint8_t *dest, l4_uint8_t val) { return __atomic_or_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_or16(volatile l4_uint16_t *dest, l4_uint16_t val) { (void)__atomic_fetch_or(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_or16_res(volatile l4_uint16_t *dest, l4_uint16_t val) { return __atomic_or_fetch(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_or32(volatile l4_uint32_t *dest, l4_uint32_t val) { (void)__atomic_fetch_or(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_or32_res(volatile l4_uint32_t *dest, l4_uint32_t val) { return __atomic_or_fetch(dest, val, __ATOMIC_SEQ_CST); }

/* ++*dest and --*dest; the _res forms return the new value. */
L4_INLINE void l4util_inc8(volatile l4_uint8_t *dest) { (void)__atomic_fetch_add(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_dec8(volatile l4_uint8_t *dest) { (void)__atomic_fetch_sub(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_inc8_res(volatile l4_uint8_t *dest) { return __atomic_add_fetch(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint8_t l4util_dec8_res(volatile l4_uint8_t *dest) { return __atomic_sub_fetch(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_inc16(volatile l4_uint16_t *dest) { (void)__atomic_fetch_add(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_dec16(volatile l4_uint16_t *dest) { (void)__atomic_fetch_sub(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_inc16_res(volatile l4_uint16_t *dest) { return __atomic_add_fetch(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint16_t l4util_dec16_res(volatile l4_uint16_t *dest) { return __atomic_sub_fetch(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_inc32(volatile l4_uint32_t *dest) { (void)__atomic_fetch_add(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_dec32(volatile l4_uint32_t *dest) { (void)__atomic_fetch_sub(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_inc32_res(volatile l4_uint32_t *dest) { return __atomic_add_fetch(dest, 1, __ATOMIC_SEQ_CST); }
L4_INLINE l4_uint32_t l4util_dec32_res(volatile l4_uint32_t *dest) { return __atomic_sub_fetch(dest, 1, __ATOMIC_SEQ_CST); }

L4_INLINE void l4util_atomic_add(volatile long *dest, long val) { (void)__atomic_fetch_add(dest, val, __ATOMIC_SEQ_CST); }
L4_INLINE void l4util_atomic_inc(volatile long *dest) { (void)__atomic_fetch_add(dest, 1, __ATOMIC_SEQ_CST); }

L4_END_DECLS

#endif
