/* Minimal freestanding runtime for CPU differential tests: Linux int 0x80 write/exit, _start. */
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;

static inline int sys3(int nr, int a, int b, int c) {
  int r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}
static void sys_exit(int code) { sys3(1, code, 0, 0); for (;;) {} }
static void out(const char *s, int n) { sys3(4, 1, (int)s, n); }
static int slen(const char *s) { int n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { out(s, slen(s)); }
static void put_hex(const char *label, u32 v) {
  char buf[64]; int n = 0;
  while (label[n]) { buf[n] = label[n]; n++; }
  buf[n++] = '=';
  for (int i = 7; i >= 0; i--) buf[n++] = "0123456789abcdef"[(v >> (i * 4)) & 15];
  buf[n++] = '\n';
  out(buf, n);
}

/* gcc may emit calls to these even with -ffreestanding. */
void *memcpy(void *d, const void *s, unsigned n) { char *dd = d; const char *ss = s; while (n--) *dd++ = *ss++; return d; }
void *memset(void *d, int c, unsigned n) { char *dd = d; while (n--) *dd++ = (char)c; return d; }
void *memmove(void *d, const void *s, unsigned n) {
  char *dd = d; const char *ss = s;
  if (dd < ss) while (n--) *dd++ = *ss++; else { dd += n; ss += n; while (n--) *--dd = *--ss; }
  return d;
}
int memcmp(const void *a, const void *b, unsigned n) {
  const unsigned char *x = a, *y = b;
  for (unsigned i = 0; i < n; i++) if (x[i] != y[i]) return x[i] - y[i];
  return 0;
}

int main(void);
__attribute__((used)) void start_c(void) { sys_exit(main()); }
__asm__(".globl _start\n_start:\n  andl $-16, %esp\n  call start_c\n  hlt\n");
