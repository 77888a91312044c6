/* The bits of a double, for the exact functions in math_*.c. */
#ifndef SDK_MATH_BITS_H
#define SDK_MATH_BITS_H

#include <stdint.h>

typedef union
{
  double d;
  uint64_t u;
} math_bits_t;

static inline uint64_t bits_of(double x) { math_bits_t b; b.d = x; return b.u; }
static inline double double_of(uint64_t u) { math_bits_t b; b.u = u; return b.d; }
/* The unbiased exponent field (-1023 for zero and subnormals). */
static inline int exponent_of(double x) { return (int)((bits_of(x) >> 52) & 0x7ff) - 1023; }

#endif
