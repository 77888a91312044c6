/* SSE/SSE2/MMX differential guest: vector extensions and builtins, scalar double/float with -mfpmath=sse. */
#include "runtime.h"
typedef int v4si __attribute__((vector_size(16)));
typedef short v8hi __attribute__((vector_size(16)));
typedef char v16qi __attribute__((vector_size(16)));
typedef float v4sf __attribute__((vector_size(16)));
typedef double v2df __attribute__((vector_size(16)));
typedef long long v2di __attribute__((vector_size(16)));
static u32 h = 0;
static void mix(u32 v) { h = (h ^ v) * 0x01000193u; }
static void mixd(double d) { union { double d; u32 w[2]; } u; u.d = d; mix(u.w[0]); mix(u.w[1]); }
static void mixf(float f) { union { float f; u32 w; } u; u.f = f; mix(u.w); }
static int ai[256], bi[256]; static float af[256], bf[256]; static double ad[128];
static volatile double vz = 0.0, vone = 1.0, vneg = -2.0, vbig = 3e9, vh = 2.5, vh2 = 3.5, vh3 = -2.5;
static volatile float fz = 0.0f, fbig = 1e20f;
int main(void) {
  for (int i = 0; i < 256; i++) { ai[i] = i * 7919 - 1000000; bi[i] = (i * 31) ^ 0x5a5a; af[i] = (float)i * 0.37f - 20.0f; bf[i] = 1.0f / (float)(i + 1); }
  for (int r = 0; r < 4; r++) {
    for (int i = 0; i < 256; i++) ai[i] = ai[i] * 3 + bi[i];
    for (int i = 0; i < 256; i++) af[i] = af[i] * bf[i] + 1.5f;
    for (int i = 0; i < 128; i++) ad[i] = ad[i] * 0.5 + (double)ai[i] / 7.0;
  }
  for (int i = 0; i < 256; i++) { mix(ai[i]); mixf(af[i]); }
  for (int i = 0; i < 128; i++) mixd(ad[i]);
  double s = 0; for (int i = 1; i < 200; i++) s += __builtin_sqrt((double)i) / (double)i;
  mixd(s);
  float fs = 0; for (int i = 1; i < 200; i++) fs += __builtin_sqrtf((float)i) * 0.25f - fs / 8.0f;
  mixf(fs);
  mix((u32)(int)vbig); mix((u32)(long long)vbig); mix((int)vh); mix((int)vh3); mix((unsigned)vh2);
  mixd(vz / vz); mixd(vone / vz); mixd(-vone / vz); mixd(__builtin_sqrt(vneg)); mixf(fz / fz); mixf(fbig * fbig);
  mix(vh < vh2); mix(vh2 <= vh); mix((vz / vz) == (vz / vz)); mix((vz / vz) != 1.0); mix(vh > vh3);
  mixd(vh < vh2 ? vh : vh2); mixd(vh > vh2 ? vh : vh2);
  mixd((double)(float)vh2); mixf((float)(vone / 3.0));
  v4si a = { 1, -2, 0x7fffffff, 5 }, b = { 3, 4, 1, -7 };
  v4si c = a + b; mix(c[0] ^ c[1] ^ c[2] ^ c[3]);
  c = a * b; mix(c[0] ^ c[1] ^ c[2] ^ c[3]);
  c = (a > b); mix(c[0] ^ c[1] ^ c[2] ^ c[3]);
  c = a << 3; mix(c[2]); c = a >> 2; mix(c[1]);
  v8hi x = { 1, -1, 32767, -32768, 100, 200, 300, 400 }, y = { 5, 6, 7, 8, -9, 10, 11, 12 };
  v8hi z = __builtin_ia32_paddsw128(x, y); for (int i = 0; i < 8; i++) mix(z[i]);
  z = __builtin_ia32_pmulhw128(x, y); for (int i = 0; i < 8; i++) mix(z[i]);
  v4si m = __builtin_ia32_pmaddwd128(x, y); for (int i = 0; i < 4; i++) mix(m[i]);
  v16qi p = __builtin_ia32_packsswb128(x, y); mix(__builtin_ia32_pmovmskb128(p));
  v16qi q = __builtin_ia32_packuswb128(x, y); for (int i = 0; i < 16; i++) mix(q[i]);
  v2di sh = __builtin_ia32_psllqi128((v2di){0x0123456789abcdefll, -1}, 13); mix((u32)sh[0]); mix((u32)(sh[1] >> 32));
  v4si sf = __builtin_ia32_pshufd(a, 0x1b); mix(sf[0] * 3 + sf[3]);
  v4sf f1 = { 1.5f, -2.25f, 1e30f, 0.1f }, f2 = { 2.0f, 4.0f, 1e30f, 3.0f };
  v4sf f3 = f1 * f2 + f1 / f2; for (int i = 0; i < 4; i++) mixf(f3[i]);
  f3 = __builtin_ia32_minps(f1, f2); mixf(f3[1]); f3 = __builtin_ia32_maxps(f1, f2); mixf(f3[3]);
  mix(__builtin_ia32_movmskps(f1)); mix(__builtin_ia32_movmskpd((v2df){-1.0, 2.0}));
  v2df d1 = { 1.0 / 3.0, -7.5 }, d2 = { 3.0, 0.5 };
  v2df d3 = __builtin_ia32_sqrtpd(d1 * d2 + d2); mixd(d3[0]); mixd(d3[1]);
  v4si cv = __builtin_ia32_cvtps2dq(f1); mix(cv[0]); mix(cv[1]); mix(cv[2]);
  cv = __builtin_ia32_cvttpd2dq(d1); mix(cv[1]);
  v2df cd = { (double)f1[0], (double)f1[1] }; mixd(cd[1]);
  v4si un = { a[2], b[2], a[3], b[3] }; mix(un[0] + un[1] * 3);
  v16qi bb = { 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 }, bc = { -1,-2,-3,-4,120,121,122,123,0,0,0,0,-128,-128,-128,-128 };
  v16qi br = __builtin_ia32_paddusb128(bb, bc); mix(br[5] + br[13]);
  v2di sad = __builtin_ia32_psadbw128(bb, bc); mix((u32)sad[0]); mix((u32)sad[1]);
  v2di pm = (v2di)__builtin_ia32_pmuludq128(a, b); mix((u32)pm[0]); mix((u32)(pm[1] >> 32));
  put_hex("sse", h);
  return 0;
}
