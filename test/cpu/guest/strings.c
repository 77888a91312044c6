/* Differential guest: string functions, rep-prefixed string instructions in both directions. */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
static int my_strcmp(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }
static char *my_strchr(const char *s, int c) { for (; *s; s++) if (*s == (char)c) return (char *)s; return c ? 0 : (char *)s; }
static char *my_strstr(const char *s, const char *n) {
  for (; *s; s++) { const char *a = s, *b = n; while (*b && *a == *b) { a++; b++; } if (!*b) return (char *)s; }
  return 0;
}
static void rev(char *s) { int n = slen(s); for (int i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; } }
static void rep_movsb(void *d, const void *s, u32 n) { __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory"); }
static void rep_stosl(void *d, u32 v, u32 n) { __asm__ volatile("rep stosl" : "+D"(d), "+c"(n) : "a"(v) : "memory"); }
static u32 repne_scasb(const char *s) { u32 n = 0xffffffff; __asm__ volatile("repne scasb" : "+D"(s), "+c"(n) : "a"(0) : "memory"); return ~n - 1; }
static int repe_cmpsb(const void *a, const void *b, u32 n) {
  unsigned char eq;
  __asm__ volatile("repe cmpsb; sete %0" : "=q"(eq), "+S"(a), "+D"(b), "+c"(n) : : "memory", "cc");
  return eq | (int)(n << 1);
}
static void back_movsl(u32 *d, const u32 *s, u32 n) {
  d += n - 1; s += n - 1;
  __asm__ volatile("std; rep movsl; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}
static char big[4096], big2[4096];
int main(void) {
  const char *words[] = { "", "a", "abc", "abd", "hello world", "hello", "Fiasco.OC", "L4Re", "capability", "zzz" };
  for (int i = 0; i < 10; i++) for (int j = 0; j < 10; j++) {
    int c = my_strcmp(words[i], words[j]); mix(c < 0 ? 1 : c > 0 ? 2 : 3);
    const char *p = my_strstr(words[i], words[j]); mix(p ? (u32)(p - words[i]) : 0xffff);
  }
  for (int i = 0; i < 10; i++) { const char *p = my_strchr(words[i], 'l'); mix(p ? (u32)(p - words[i]) : 99); mix(repne_scasb(words[i])); }
  for (int i = 0; i < 4096; i++) big[i] = (char)(i * 7 + (i >> 5));
  for (u32 off = 0; off < 8; off++) for (u32 n = 0; n < 70; n += 3) {
    memset(big2, 0, sizeof big2);
    rep_movsb(big2 + off, big + 3, n);
    u32 s = 0; for (int k = 0; k < 80; k++) s = s * 31 + (unsigned char)big2[k];
    mix(s); mix(repe_cmpsb(big2 + off, big + 3, n + 1));
  }
  rep_stosl(big2, 0xa5a5f00d, 300);
  back_movsl((u32 *)(big2 + 8), (u32 *)big2, 200);
  for (int k = 0; k < 1300; k += 13) mix((unsigned char)big2[k]);
  char s[64]; memcpy(s, "The quick brown fox", 20); rev(s); mix(slen(s)); for (int k = 0; k < 19; k++) mix(s[k]);
  memmove(big + 10, big, 1000); memmove(big, big + 7, 500); mix(memcmp(big, big + 1, 100) < 0);
  for (int k = 0; k < 1000; k += 7) mix((unsigned char)big[k]);
  put_hex("strings", h);
  return 0;
}
