/* Differential guest: x87 environment and state instructions — fnstenv/fldenv, fnsave/frstor, fxsave/fxrstor,
 * fxtract, ffreep, fxam, rounding-control changes with fistp, and the tag word. Pointer fields of the saved
 * images (FIP/FCS/FDP/FDS), which the emulator does not track, are not printed. */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
static void mixd(double d) { union { double d; u32 w[2]; } u; u.d = d; mix(u.w[0]); mix(u.w[1]); }
static unsigned char env[28], save[108], fx[512] __attribute__((aligned(16)));
int main(void) {
  double vals[] = { 1.0, -2.5, 0.0, 1e300, 3.0e-310, 12345.678 };
  for (int i = 0; i < 6; i++) {
    double sig, ex;
    __asm__ volatile("fldl %2; fxtract; fstpl %0; fstpl %1" : "=m"(sig), "=m"(ex) : "m"(vals[i]));
    if (i != 2) { mixd(sig); mixd(ex); }
  }
  /* three values on the stack, then the environment */
  /* (80-bit constants such as fldpi are not used: the emulator's registers are doubles) */
  static const double d1 = 3.25, d2 = -2.75;
  __asm__ volatile("fninit; fld1; fldz; fldl %1; fnstenv %0" : "=m"(env) : "m"(d1));
  mix(env[0] | env[1] << 8); mix(env[4] | env[5] << 8); mix(env[8] | env[9] << 8);
  __asm__ volatile("fldenv %0" : : "m"(env));
  unsigned short cw, sw;
  __asm__ volatile("fnstcw %0; fnstsw %1" : "=m"(cw), "=m"(sw));
  mix(cw); mix(sw);
  double a, b, c;
  __asm__ volatile("fnsave %0" : "=m"(save));
  for (int k = 28; k < 108; k++) mix(save[k]);
  mix(save[0] | save[1] << 8); mix(save[8] | save[9] << 8);
  __asm__ volatile("frstor %3; fstpl %0; fstpl %1; fstpl %2" : "=m"(a), "=m"(b), "=m"(c) : "m"(save));
  mixd(a); mixd(b); mixd(c);
  __asm__ volatile("fninit; fld1; fldl %1; fxsave %0" : "=m"(fx) : "m"(d2));
  mix(fx[0] | fx[1] << 8); mix(fx[2] | fx[3] << 8); mix(fx[4]); mix(fx[24] | fx[25] << 8);
  for (int k = 32; k < 64; k++) mix(fx[k]);
  __asm__ volatile("fninit; fxrstor %2; fstpl %0; fstpl %1" : "=m"(a), "=m"(b) : "m"(fx));
  mixd(a); mixd(b);
  __asm__ volatile("fninit; fld1; fldz; ffreep %%st(0); fnstsw %0; fstpl %1" : "=m"(sw), "=m"(a));
  mix(sw); mixd(a);
  static const double rv[] = { 2.5, -2.5, 3.5, -0.5, 1.49999, 7.75 };
  for (int rc = 0; rc < 4; rc++) {
    unsigned short ncw = (unsigned short)(0x037f | (rc << 10));
    __asm__ volatile("fldcw %0" : : "m"(ncw));
    for (int i = 0; i < 6; i++) { int r; __asm__ volatile("fldl %1; fistpl %0" : "=m"(r) : "m"(rv[i])); mix(r); }
    double x; __asm__ volatile("fldl %1; frndint; fstpl %0" : "=m"(x) : "m"(rv[0])); mixd(x);
  }
  put_hex("x87env", h);
  return 0;
}
