/* String work: strlen/strcmp/strcpy loops, memcpy of blocks, a byte histogram, word counting. */
#include "runtime.h"
static char text[65536], copy[65536];
static u32 hist[256];
static int slen(const char *s) { int n = 0; while (s[n]) n++; return n; }
static int scmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (u8)*a - (u8)*b; }
static void scpy(char *d, const char *s) { while ((*d++ = *s++) != 0) {} }
int main(void) {
  static const char *words[] = { "alpha", "beta", "gamma", "delta", "fiasco", "kernel", "ipc", "capability" };
  u32 seed = 7, h = 0;
  int n = 0;
  while (n < 60000) {
    seed = seed * 1664525u + 1013904223u;
    const char *w = words[(seed >> 16) & 7];
    while (*w) text[n++] = *w++;
    text[n++] = (seed & 0x300) ? ' ' : '\n';
  }
  text[n] = 0;
  for (int rep = 0; rep < 36; rep++) {
    memcpy(copy, text, (unsigned)n + 1);
    copy[rep * 1000] = 'X';
    h += (u32)slen(copy) + (u32)scmp(text, copy);
    for (int i = 0; i < 256; i++) hist[i] = 0;
    for (int i = 0; i < n; i++) hist[(u8)copy[i]]++;
    int words_ = 0, in = 0;
    for (int i = 0; i < n; i++) { int sp = copy[i] == ' ' || copy[i] == '\n'; if (!sp && !in) words_++; in = !sp; }
    h = h * 31 + (u32)words_ + hist['a'] * 7 + hist['e'];
    scpy(copy + 100, text + 5000 + rep);
    h ^= (u32)slen(copy);
  }
  put_result("strings", h);
  return 0;
}
