/* Differential guest: bit tricks — bsf/bsr builtins, rotates, bswap, bitfields, shifts of every width. */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
static u32 rol(u32 x, unsigned n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
static u32 ror(u32 x, unsigned n) { return (x >> (n & 31)) | (x << ((32 - n) & 31)); }
static unsigned char rolb(unsigned char x, unsigned n) { n &= 7; return (unsigned char)((x << n) | (x >> ((8 - n) & 7))); }
static u32 popcount(u32 x) { x = x - ((x >> 1) & 0x55555555); x = (x & 0x33333333) + ((x >> 2) & 0x33333333); return (((x + (x >> 4)) & 0x0f0f0f0f) * 0x01010101) >> 24; }
static u32 rev_bits(u32 x) { u32 r = 0; for (int i = 0; i < 32; i++) { r = (r << 1) | (x & 1); x >>= 1; } return r; }
struct bf { unsigned a : 3; signed b : 5; unsigned c : 12; signed d : 12; };
static const u32 V[] = { 0, 1, 2, 3, 0x80, 0xff, 0x8000, 0xffff, 0x10000, 0x12345678, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff, 0x00f0f0f0, 0xaaaaaaab };
int main(void) {
  for (unsigned i = 0; i < 16; i++) {
    u32 x = V[i];
    if (x) { mix(__builtin_ctz(x)); mix(__builtin_clz(x)); }
    mix(__builtin_bswap32(x)); mix((u32)(__builtin_bswap64(((u64)x << 32) | ~x) >> 7));
    mix(popcount(x)); mix(rev_bits(x)); mix(x & -x); mix(x & (x - 1)); mix(x ^ (x >> 1));
    for (unsigned n = 0; n < 40; n += 3) {
      mix(rol(x, n)); mix(ror(x, n)); mix(rolb((unsigned char)x, n));
      mix((u32)((s32)x >> (n & 31))); mix(x >> (n & 31)); mix(x << (n & 31));
      mix((u32)((u64)x << (n & 63) >> 32)); mix((u32)(((u64)x * 0x9e3779b97f4a7c15ull) >> (n & 63)));
      mix((unsigned short)((unsigned short)x >> (n & 15))); mix((unsigned)(signed char)x >> (n & 7));
    }
    struct bf b; b.a = x; b.b = (int)x >> 3; b.c = x >> 7; b.d = (int)x >> 11;
    mix(b.a); mix((u32)b.b); mix(b.c); mix((u32)b.d); mix(b.a + b.b * b.d);
    mix((x > 0x7fff) + (x < 0x10) * 2 + ((s32)x < 0) * 4);
    mix((u32)(short)x); mix((u32)(signed char)x); mix((unsigned char)x * (unsigned short)x);
    mix(x / 7 + x % 13); mix((u32)((s32)x / -3)); mix((u32)((s32)x % 11));
  }
  put_hex("bits", h);
  return 0;
}
