/* Differential test for x87 code gcc emits for double/float: arithmetic, conversions, comparisons. */
#include "runtime.h"

static u32 hash = 2166136261u;
static void mix(u32 v) { hash = (hash ^ v) * 16777619u; }
static void mixd(double d) { union { double d; u32 w[2]; } u; u.d = d; mix(u.w[0]); mix(u.w[1]); }

__attribute__((noinline)) static double poly(double x) { return ((3.5 * x - 2.25) * x + 1.0) * x - 7.0; }
__attribute__((noinline)) static float fpoly(float x) { return (x * 0.5f + 3.0f) / (x + 1.5f); }
__attribute__((noinline)) static double newton_sqrt(double v) {
  double x = v > 1 ? v : 1;
  for (int i = 0; i < 30; i++) x = 0.5 * (x + v / x);
  return x;
}

int main(void) {
  /* Precision control = double: the emulator computes in doubles, so the host must round like one. */
  unsigned short cw = 0x027f;
  __asm__ volatile("fldcw %0" : : "m"(cw));
  volatile double acc = 0;
  for (int i = -50; i < 50; i++) {
    double x = i * 0.37;
    double p = poly(x);
    mixd(p);
    mix((u32)(int)p);
    mix((u32)(s64)(p * 1000.0));
    mix(p < 0.0); mix(p == x); mix(p >= x * 2);
    float f = fpoly((float)x);
    mixd(f);
    mix((u32)(int)(f * 100.0f));
    mixd(newton_sqrt(i < 0 ? -x : x));
    acc += p / (x + 0.125);
    unsigned u = (unsigned)(i + 60) * 123456789u;
    mixd((double)u);
    mixd((double)(s64)((s64)i * 987654321987LL));
    mix((u32)(unsigned)((double)u * 0.75));
  }
  mixd(acc);
  double m = -0.0; mixd(m); mixd(-m); mixd(1.0 / 3.0);
  put_hex("x87", hash);
  return 0;
}
