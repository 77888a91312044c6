/* Bit operations (L4Re's l4util, l4/util/bitops.h). Bit b of an array of
 * machine words is bit b % 32 of word b / 32. The set/clear/complement and
 * test-and-modify operations are atomic. */
#ifndef L4_UTIL_BITOPS_H
#define L4_UTIL_BITOPS_H

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

enum { __L4UTIL_WORD_BITS = 8 * sizeof(l4_umword_t) };

L4_INLINE l4_umword_t __l4util_bit(int b) { return 1UL << (b % __L4UTIL_WORD_BITS); }

L4_INLINE void
l4util_set_bit(int b, volatile l4_umword_t *dest)
{
  (void)__atomic_fetch_or(dest + b / __L4UTIL_WORD_BITS, __l4util_bit(b), __ATOMIC_SEQ_CST);
}

L4_INLINE void
l4util_clear_bit(int b, volatile l4_umword_t *dest)
{
  (void)__atomic_fetch_and(dest + b / __L4UTIL_WORD_BITS, ~__l4util_bit(b), __ATOMIC_SEQ_CST);
}

L4_INLINE void
l4util_complement_bit(int b, volatile l4_umword_t *dest)
{
  (void)__atomic_fetch_xor(dest + b / __L4UTIL_WORD_BITS, __l4util_bit(b), __ATOMIC_SEQ_CST);
}

/* 1 if bit b is set, else 0. */
L4_INLINE int
l4util_test_bit(int b, const volatile l4_umword_t *dest)
{
  return (dest[b / __L4UTIL_WORD_BITS] & __l4util_bit(b)) != 0;
}

/* Set / clear / complement bit b; return its old value (0 or 1). */
L4_INLINE int
l4util_bts(int b, volatile l4_umword_t *dest)
{
  return (__atomic_fetch_or(dest + b / __L4UTIL_WORD_BITS, __l4util_bit(b), __ATOMIC_SEQ_CST) & __l4util_bit(b)) != 0;
}

L4_INLINE int
l4util_btr(int b, volatile l4_umword_t *dest)
{
  return (__atomic_fetch_and(dest + b / __L4UTIL_WORD_BITS, ~__l4util_bit(b), __ATOMIC_SEQ_CST) & __l4util_bit(b)) != 0;
}

L4_INLINE int
l4util_btc(int b, volatile l4_umword_t *dest)
{
  return (__atomic_fetch_xor(dest + b / __L4UTIL_WORD_BITS, __l4util_bit(b), __ATOMIC_SEQ_CST) & __l4util_bit(b)) != 0;
}

/* Index of the most / least significant set bit; -1 for 0. */
L4_INLINE int
l4util_bsr(l4_umword_t word)
{
  return word ? __L4UTIL_WORD_BITS - 1 - __builtin_clzl(word) : -1;
}

L4_INLINE int
l4util_bsf(l4_umword_t word)
{
  return word ? __builtin_ctzl(word) : -1;
}

/* Index of the first set / zero bit among the first `size` bits (searched
 * in whole 32-bit words); the number of bits searched if there is none. */
L4_INLINE int
l4util_find_first_set_bit(const void *dest, l4_size_t size)
{
  const l4_umword_t *w = (const l4_umword_t *)dest;
  l4_size_t i, words = (size + __L4UTIL_WORD_BITS - 1) / __L4UTIL_WORD_BITS;
  for (i = 0; i < words; ++i)
    if (w[i])
      return (int)(i * __L4UTIL_WORD_BITS) + __builtin_ctzl(w[i]);
  return (int)(words * __L4UTIL_WORD_BITS);
}

L4_INLINE int
l4util_find_first_zero_bit(const void *dest, l4_size_t size)
{
  const l4_umword_t *w = (const l4_umword_t *)dest;
  l4_size_t i, words = (size + __L4UTIL_WORD_BITS - 1) / __L4UTIL_WORD_BITS;
  for (i = 0; i < words; ++i)
    if (~w[i])
      return (int)(i * __L4UTIL_WORD_BITS) + __builtin_ctzl(~w[i]);
  return (int)(words * __L4UTIL_WORD_BITS);
}

/* The smallest power of two >= val (1 for 0). */
L4_INLINE int
l4util_next_power2(unsigned long val)
{
  unsigned i;
  if (val == 0)
    return 1;
  --val;
  for (i = 1; i < 8 * sizeof(unsigned long); i <<= 1)
    val |= val >> i;
  return (int)(val + 1);
}

/* Older names of the test-and-modify operations. */
#define l4util_test_and_set_bit(b, dest)    l4util_bts(b, dest)
#define l4util_test_and_clear_bit(b, dest)  l4util_btr(b, dest)
#define l4util_test_and_change_bit(b, dest) l4util_btc(b, dest)
/* floor(log2(word)), -1 for 0. */
#define l4util_log2(word) l4util_bsr(word)

L4_END_DECLS

#endif
