/* Differential guest: MMX through gcc's vector builtins (-mmmx), with emms before any x87 code. */
#include "runtime.h"
typedef short v4hi __attribute__((vector_size(8)));
typedef char v8qi __attribute__((vector_size(8)));
typedef int v2si __attribute__((vector_size(8)));
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
static void mixv(v2si v) { mix((u32)v[0]); mix((u32)v[1]); }
int main(void) {
  v4hi a = { 1, -2, 32767, -32768 }, b = { 100, 200, 300, -400 };
  v8qi c = { 1, 2, 3, 127, -128, -1, 50, 60 }, d = { 10, 20, 30, 40, 50, 60, 70, 80 };
  for (int r = 0; r < 3; r++) {
    mixv((v2si)__builtin_ia32_paddw(a, b)); mixv((v2si)__builtin_ia32_paddsw(a, b)); mixv((v2si)__builtin_ia32_psubusw(a, b));
    mixv((v2si)__builtin_ia32_pmullw(a, b)); mixv((v2si)__builtin_ia32_pmulhw(a, b)); mixv((v2si)__builtin_ia32_pmaddwd(a, b));
    mixv((v2si)__builtin_ia32_paddusb(c, d)); mixv((v2si)__builtin_ia32_psubsb(c, d)); mixv((v2si)__builtin_ia32_pcmpgtb(c, d));
    mixv((v2si)__builtin_ia32_packsswb(a, b)); mixv((v2si)__builtin_ia32_packuswb(a, b)); mixv((v2si)__builtin_ia32_punpckhbw(c, d));
    mixv((v2si)__builtin_ia32_punpcklwd(a, b)); mixv((v2si)__builtin_ia32_psllwi(a, r + 3)); mixv((v2si)__builtin_ia32_psrawi(a, r * 5));
    mixv((v2si)__builtin_ia32_pshufw(a, 0x1b)); mix(__builtin_ia32_pmovmskb(c)); mixv((v2si)__builtin_ia32_pavgb(c, d));
    a = __builtin_ia32_paddw(a, (v4hi){ 7, 7, 7, 7 });
    c = (v8qi)__builtin_ia32_pxor((v2si)c, (v2si)d);
  }
  __builtin_ia32_emms();
  volatile double x = 1.5; x = x * 3.0 + 0.25; mix((u32)(int)(x * 100));
  put_hex("mmx", h);
  return 0;
}
