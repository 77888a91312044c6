/* Differential test: integer arithmetic, bit tricks, 64-bit math, strings, control flow. */
#include "runtime.h"

u64 __udivmoddi4(u64 n, u64 d, u64 *rem) {
  u64 q = 0, r = 0;
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) { r -= d; q |= (u64)1 << i; }
  }
  if (rem) *rem = r;
  return q;
}
u64 __udivdi3(u64 n, u64 d) { return __udivmoddi4(n, d, 0); }
u64 __umoddi3(u64 n, u64 d) { u64 r; __udivmoddi4(n, d, &r); return r; }
s64 __divdi3(s64 n, s64 d) {
  int neg = (n < 0) ^ (d < 0);
  u64 q = __udivdi3(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d);
  return neg ? -(s64)q : (s64)q;
}
s64 __moddi3(s64 n, s64 d) {
  u64 r; __udivmoddi4(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
  return n < 0 ? -(s64)r : (s64)r;
}

static u32 seed = 12345;
static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return seed ^ (seed >> 16); }

static u32 hash = 2166136261u;
static void mix(u32 v) { hash = (hash ^ v) * 16777619u; }

__attribute__((noinline)) static int popcount_loop(u32 v) { int n = 0; while (v) { v &= v - 1; n++; } return n; }
__attribute__((noinline)) static u32 rotl(u32 v, int n) { return (v << (n & 31)) | (v >> ((32 - n) & 31)); }
__attribute__((noinline)) static int clz_(u32 v) { return v ? __builtin_clz(v) : 32; }
__attribute__((noinline)) static int ctz_(u32 v) { return v ? __builtin_ctz(v) : 32; }
__attribute__((noinline)) static u32 bswap_(u32 v) { return __builtin_bswap32(v); }
__attribute__((noinline)) static s32 sdiv(s32 a, s32 b) { return b == 0 || (a == (s32)0x80000000 && b == -1) ? 0 : a / b; }
__attribute__((noinline)) static s32 smod(s32 a, s32 b) { return b == 0 || (a == (s32)0x80000000 && b == -1) ? 0 : a % b; }
__attribute__((noinline)) static u32 udiv(u32 a, u32 b) { return b ? a / b : 0; }
__attribute__((noinline)) static u32 umod(u32 a, u32 b) { return b ? a % b : 0; }

struct rec { char name[12]; short s; unsigned char c; int v; };

static int cmp_rec(const struct rec *a, const struct rec *b) { return a->v - b->v; }

static void sort(struct rec *r, int n) {
  for (int i = 1; i < n; i++) {
    struct rec t = r[i]; int j = i - 1;
    while (j >= 0 && cmp_rec(&r[j], &t) > 0) { r[j + 1] = r[j]; j--; }
    r[j + 1] = t;
  }
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
  /* 32-bit arithmetic */
  for (int i = 0; i < 2000; i++) {
    u32 a = rnd(), b = rnd(), c = rnd() & 31;
    s32 sa = (s32)a, sb = (s32)(b >> (c & 7));
    mix(a + b); mix(a - b); mix(a * b); mix(a & b); mix(a | ~b); mix(a ^ b);
    mix(a << c); mix(a >> c); mix((u32)(sa >> c));
    mix(udiv(a, b >> c)); mix(umod(a, b >> c)); mix((u32)sdiv(sa, sb)); mix((u32)smod(sa, sb));
    mix(popcount_loop(a)); mix(rotl(a, c)); mix(clz_(a >> c)); mix(ctz_(a << c)); mix(bswap_(a));
    mix(sa < sb); mix(a < b); mix(sa >= 0 ? 1 : 2); mix((s32)(short)a); mix((u32)(unsigned char)b);
    mix((u32)(signed char)b); mix(sa > sb ? sa : sb); mix(a > b ? a - b : b - a);
    u64 p = (u64)a * b; mix((u32)p); mix((u32)(p >> 32));
    s64 sp = (s64)sa * sb; mix((u32)sp); mix((u32)(sp >> 32));
    u64 x = ((u64)a << 32) | b;
    mix((u32)(x >> c)); mix((u32)((x << c) >> 32)); mix((u32)((s64)x >> (c + 7)));
    if ((b & 0xff) != 0) { mix((u32)(x / (b & 0xfffff | 1))); mix((u32)(x % (b | 1))); }
    mix((u32)((s64)x / (s32)(b | 1)));
    unsigned short h = (unsigned short)a; h = (unsigned short)(h * 3 + (b >> 5)); mix(h);
    unsigned char q = (unsigned char)a; q = (unsigned char)(q / ((b & 7) + 1)); mix(q);
  }
  put_hex("arith", hash);

  /* strings and structs */
  struct rec recs[40];
  for (int i = 0; i < 40; i++) {
    for (int k = 0; k < 11; k++) recs[i].name[k] = 'a' + (rnd() % 26);
    recs[i].name[11] = 0;
    recs[i].s = (short)rnd(); recs[i].c = (unsigned char)rnd(); recs[i].v = (int)(rnd() % 1000) - 500;
  }
  sort(recs, 40);
  for (int i = 0; i < 40; i++) { mix(recs[i].v); mix(recs[i].s); mix(recs[i].c); mix(slen(recs[i].name)); mix(recs[i].name[3]); }
  char buf[300];
  memset(buf, 'x', sizeof buf);
  memcpy(buf + 3, recs[5].name, 11);
  memmove(buf + 5, buf + 3, 100);
  for (int i = 0; i < 300; i++) mix(buf[i]);
  mix(memcmp(buf, buf + 1, 50) > 0);
  put_hex("strings", hash);

  /* control flow */
  mix(fib(20));
  int sw = 0;
  for (int i = 0; i < 100; i++) {
    switch (rnd() % 7) {
      case 0: sw += 3; break; case 1: sw ^= 0x55; break; case 2: sw -= i; break;
      case 3: sw *= 3; break; case 4: sw >>= 1; break; case 5: sw = ~sw; break; default: sw += 100;
    }
  }
  mix(sw);
  put_hex("control", hash);
  return (int)(hash & 0x7f);
}
