/* Integer matrix multiply (i-k-j order) plus a transposed variant. */
#include "runtime.h"
#define N 96
static int a[N][N], b[N][N], c[N][N];
int main(void) {
  u32 h = 0;
  for (int rep = 0; rep < 16; rep++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) { a[i][j] = (i * 7 + j * 3 + rep) % 23 - 11; b[i][j] = (i ^ j) + rep - 40; c[i][j] = 0; }
    for (int i = 0; i < N; i++)
      for (int k = 0; k < N; k++) {
        int aik = a[i][k];
        for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
      }
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) h = h * 33 + (u32)c[i][j];
  }
  put_result("matmul", h);
  return 0;
}
