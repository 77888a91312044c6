/* Differential guest: sorting through function pointers, recursion, structs. */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
typedef int (*cmp_fn)(const void *, const void *);
static void swap(char *a, char *b, unsigned sz) { while (sz--) { char t = *a; *a++ = *b; *b++ = t; } }
static void my_qsort(void *base, unsigned n, unsigned sz, cmp_fn cmp) {
  char *b = base;
  if (n < 2) return;
  swap(b, b + (n / 2) * sz, sz);
  unsigned last = 0;
  for (unsigned i = 1; i < n; i++) if (cmp(b + i * sz, b) < 0) swap(b + ++last * sz, b + i * sz, sz);
  swap(b, b + last * sz, sz);
  my_qsort(b, last, sz, cmp);
  my_qsort(b + (last + 1) * sz, n - last - 1, sz, cmp);
}
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_uint_desc(const void *a, const void *b) { unsigned x = *(const unsigned *)a, y = *(const unsigned *)b; return (x < y) - (x > y); }
struct rec { short key; char name[6]; int value; };
static int cmp_rec(const void *a, const void *b) {
  const struct rec *x = a, *y = b;
  if (x->key != y->key) return x->key - y->key;
  return x->value - y->value;
}
static void merge_sort(int *a, int *tmp, int n) {
  if (n < 2) return;
  int m = n / 2;
  merge_sort(a, tmp, m); merge_sort(a + m, tmp, n - m);
  int i = 0, j = m, k = 0;
  while (i < m && j < n) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < m) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  for (k = 0; k < n; k++) a[k] = tmp[k];
}
static void sift(int *a, int i, int n) {
  for (;;) { int l = 2 * i + 1, m = i; if (l < n && a[l] > a[m]) m = l; if (l + 1 < n && a[l + 1] > a[m]) m = l + 1; if (m == i) return; int t = a[i]; a[i] = a[m]; a[m] = t; i = m; }
}
static void heap_sort(int *a, int n) {
  for (int i = n / 2 - 1; i >= 0; i--) sift(a, i, n);
  for (int e = n - 1; e > 0; e--) { int t = a[0]; a[0] = a[e]; a[e] = t; sift(a, 0, e); }
}
static int A[3000], B[3000], T[3000];
static struct rec R[500];
int main(void) {
  u32 s = 1;
  for (int i = 0; i < 3000; i++) { s = s * 1103515245 + 12345; A[i] = (int)(s >> 3) - (1 << 27); B[i] = A[i] % 1000; }
  my_qsort(A, 3000, sizeof(int), cmp_int);
  for (int i = 0; i < 3000; i += 17) mix(A[i]);
  for (int i = 1; i < 3000; i++) if (A[i - 1] > A[i]) mix(0xbad);
  my_qsort(A, 3000, sizeof(int), cmp_uint_desc);
  for (int i = 0; i < 3000; i += 23) mix(A[i]);
  merge_sort(B, T, 3000);
  for (int i = 0; i < 3000; i += 19) mix(B[i]);
  for (int i = 0; i < 3000; i++) B[i] = A[(i * 7) % 3000] ^ i;
  heap_sort(B, 3000);
  for (int i = 0; i < 3000; i += 29) mix(B[i]);
  for (int i = 0; i < 500; i++) { s = s * 69069 + 1; R[i].key = (short)(s >> 28); R[i].value = (int)(s >> 8) % 1000; for (int k = 0; k < 5; k++) R[i].name[k] = (char)('a' + (s >> (k * 3)) % 26); R[i].name[5] = 0; }
  my_qsort(R, 500, sizeof(struct rec), cmp_rec);
  for (int i = 0; i < 500; i += 7) { mix(R[i].key); mix(R[i].value); mix(R[i].name[2]); }
  put_hex("sorting", h);
  return 0;
}
