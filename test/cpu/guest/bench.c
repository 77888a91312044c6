/* Loop-heavy benchmark guest: sieve, checksum, and a small matrix multiply. */
#include "runtime.h"
static unsigned char sieve[200000];
static int m1[40][40], m2[40][40], m3[40][40];
int main(void) {
  u32 h = 0;
  for (int rep = 0; rep < 5; rep++) {
    for (int i = 0; i < 200000; i++) sieve[i] = 1;
    for (int i = 2; i * i < 200000; i++)
      if (sieve[i]) for (int j = i * i; j < 200000; j += i) sieve[j] = 0;
    for (int i = 0; i < 200000; i++) h = h * 31 + sieve[i];
    for (int i = 0; i < 40; i++) for (int j = 0; j < 40; j++) { m1[i][j] = i + j + rep; m2[i][j] = i - j; }
    for (int i = 0; i < 40; i++) for (int j = 0; j < 40; j++) {
      int s = 0; for (int k = 0; k < 40; k++) s += m1[i][k] * m2[k][j];
      m3[i][j] = s;
    }
    for (int i = 0; i < 40; i++) h ^= (u32)m3[i][i] + (h << 3);
  }
  put_hex("bench", h);
  return 0;
}
