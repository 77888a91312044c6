/* Differential guest: 64-bit integer math through the SDK's division helpers (sdk/lib/int64_division.c). */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
static void mix64(u64 v) { mix((u32)v); mix((u32)(v >> 32)); }
static const u64 U[] = { 0, 1, 2, 3, 7, 10, 0xff, 0x100, 0xffffffffull, 0x100000000ull, 0x100000001ull, 0x123456789abcdefull,
  0x7fffffffffffffffull, 0x8000000000000000ull, 0xfffffffffffffffeull, 0xffffffffffffffffull, 1000000007ull, 0xdeadbeefcafebabeull };
#define N (sizeof U / sizeof U[0])
int main(void) {
  for (unsigned i = 0; i < N; i++)
    for (unsigned j = 0; j < N; j++) {
      u64 a = U[i], b = U[j];
      s64 sa = (s64)a, sb = (s64)b;
      mix64(a + b); mix64(a - b); mix64(a * b);
      mix64(a << (b & 63)); mix64(a >> (b & 63)); mix64((u64)(sa >> (b & 63)));
      mix(a < b); mix(sa < sb); mix(a == b);
      if (b != 0) { mix64(a / b); mix64(a % b); }
      if (sb != 0 && !(sa == (s64)0x8000000000000000ull && sb == -1)) { mix64((u64)(sa / sb)); mix64((u64)(sa % sb)); }
      mix64((u64)((s64)(s32)a * (s64)(s32)b));
      mix64((u64)(u32)a * (u32)b);
    }
  /* a 64-bit LCG and a decimal conversion loop */
  u64 x = 42;
  char buf[24];
  for (int k = 0; k < 200; k++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    u64 v = x; int n = 0;
    do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    mix(n); mix(buf[0]); mix(buf[n - 1]);
  }
  put_hex("int64", h);
  return 0;
}
