/* 64-bit integer math: multiply, shifts, division through the helpers, a 64-bit LCG and popcount. */
#include "runtime.h"
int main(void) {
  u64 x = 0x123456789abcdef0ull, acc = 0;
  s64 s = -987654321012345ll;
  for (int i = 0; i < 50000; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    acc += x >> (i & 31);
    acc ^= x / ((u64)(i | 1) * 977u + 3u);
    s += (s64)(x >> 40) - (s64)(i * 3);
    acc += (u64)(s % 1000003);
    u64 y = x;
    y = y - ((y >> 1) & 0x5555555555555555ull);
    y = (y & 0x3333333333333333ull) + ((y >> 2) & 0x3333333333333333ull);
    acc += (((y + (y >> 4)) & 0x0f0f0f0f0f0f0f0full) * 0x0101010101010101ull) >> 56;
  }
  put_result("math64", (u32)acc ^ (u32)(acc >> 32) ^ (u32)s);
  return 0;
}
