/* Sieve of Eratosthenes over a byte array, repeated; checksum of the prime count and positions. */
#include "runtime.h"
#define N 1000000
static u8 flags[N];
int main(void) {
  u32 h = 0;
  for (int rep = 0; rep < 6; rep++) {
    for (int i = 0; i < N; i++) flags[i] = 1;
    for (int i = 2; i * i < N; i++)
      if (flags[i]) for (int j = i * i; j < N; j += i) flags[j] = 0;
    u32 count = 0;
    for (int i = 2; i < N; i++) if (flags[i]) { count++; h = h * 31 + (u32)i; }
    h ^= count + (u32)rep;
  }
  put_result("sieve", h);
  return 0;
}
