/* Sorting: quicksort (recursive, median of three) and insertion sort for small runs, on LCG data. */
#include "runtime.h"
#define N 60000
static u32 v[N];
static u32 seed = 12345;
static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 1; }
static void isort(u32 *p, int n) {
  for (int i = 1; i < n; i++) { u32 x = p[i]; int j = i - 1; while (j >= 0 && p[j] > x) { p[j + 1] = p[j]; j--; } p[j + 1] = x; }
}
static void qsort_(u32 *p, int n) {
  while (n > 16) {
    u32 x = p[0], y = p[n / 2], z = p[n - 1];
    u32 piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = 0, j = n - 1;
    for (;;) {
      while (p[i] < piv) i++;
      while (p[j] > piv) j--;
      if (i >= j) break;
      u32 t = p[i]; p[i] = p[j]; p[j] = t; i++; j--;
    }
    if (j + 1 < n - j - 1) { qsort_(p, j + 1); p += j + 1; n -= j + 1; }
    else { qsort_(p + j + 1, n - j - 1); n = j + 1; }
  }
  isort(p, n);
}
int main(void) {
  u32 h = 0;
  for (int rep = 0; rep < 5; rep++) {
    for (int i = 0; i < N; i++) v[i] = rnd() % 1000000;
    qsort_(v, N);
    for (int i = 1; i < N; i++) if (v[i - 1] > v[i]) h += 0x1000000;
    for (int i = 0; i < N; i += 97) h = h * 31 + v[i];
  }
  put_result("sort", h);
  return 0;
}
