/* Freestanding runtime for the benchmark payloads: Linux int 0x80 write/exit, _start, and the few
 * library routines gcc may call (memcpy/memset, 64-bit division helpers; there is no 32-bit libgcc).
 * With -DMULTIBOOT_RUNTIME the same payload is a multiboot kernel for v86: output goes to the first
 * serial port, exit halts, and _start sets up its own stack. */
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned char u8;

#ifdef MULTIBOOT_RUNTIME
static inline void outb(unsigned short port, u8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static void sys_exit(int code) { (void)code; for (;;) __asm__ volatile("cli; hlt"); }
static void out(const char *s, int n) { for (int i = 0; i < n; i++) outb(0x3f8, (u8)s[i]); }
#else
static inline int sys3(int nr, int a, int b, int c) {
  int r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return r;
}
static void sys_exit(int code) { sys3(1, code, 0, 0); for (;;) {} }
static void out(const char *s, int n) { sys3(4, 1, (int)s, n); }
/* Never called: `npm run bench` sets a breakpoint here to measure the speed with a breakpoint set but not hit.
 * The payloads' .text is one page, so the breakpoint shares the page with the hot code. */
__attribute__((used, noinline)) void bench_breakpoint_never_hit(void) { out("unreachable\n", 12); }
#endif
static void put_result(const char *label, u32 v) {
  char buf[64]; int n = 0;
  while (label[n]) { buf[n] = label[n]; n++; }
  buf[n++] = ' ';
  for (int i = 7; i >= 0; i--) buf[n++] = "0123456789abcdef"[(v >> (i * 4)) & 15];
  buf[n++] = '\n';
  out(buf, n);
}

void *memcpy(void *d, const void *s, unsigned n) {
  char *dd = d; const char *ss = s;
  while (n--) *dd++ = *ss++;
  return d;
}
void *memset(void *d, int c, unsigned n) { char *dd = d; while (n--) *dd++ = (char)c; return d; }

/* Shift-subtract 64-bit division: what libgcc's helpers compute, written plainly. */
static u64 udivmod64(u64 n, u64 d, u64 *rem) {
  if (d == 0) { *rem = 0; return 0; }
  u64 q = 0, r = 0;
  if ((d >> 32) == 0 && (n >> 32) < d) {
    /* quotient fits 32 bits: one hardware divl does it */
    u32 lo = (u32)n, hi = (u32)(n >> 32), qq, rr;
    __asm__("divl %4" : "=a"(qq), "=d"(rr) : "a"(lo), "d"(hi), "rm"((u32)d));
    *rem = rr;
    return qq;
  }
  for (int i = 63; i >= 0; i--) {
    r = (r << 1) | ((n >> i) & 1);
    if (r >= d) { r -= d; q |= (u64)1 << i; }
  }
  *rem = r;
  return q;
}
u64 __udivdi3(u64 n, u64 d) { u64 r; return udivmod64(n, d, &r); }
u64 __umoddi3(u64 n, u64 d) { u64 r; udivmod64(n, d, &r); return r; }
s64 __divdi3(s64 n, s64 d) {
  int neg = (n < 0) != (d < 0); u64 r;
  u64 q = udivmod64(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
  return neg ? -(s64)q : (s64)q;
}
s64 __moddi3(s64 n, s64 d) {
  u64 r;
  udivmod64(n < 0 ? -(u64)n : (u64)n, d < 0 ? -(u64)d : (u64)d, &r);
  return n < 0 ? -(s64)r : (s64)r;
}

int main(void);
__attribute__((used)) void start_c(void) { sys_exit(main()); }
#ifdef MULTIBOOT_RUNTIME
/* Multiboot header (magic, flags 0: the loader reads the ELF program headers, checksum), then _start. */
__asm__(".text\n.align 4\n.long 0x1BADB002\n.long 0\n.long -0x1BADB002\n"
        ".globl _start\n_start:\n  movl $payload_stack_top, %esp\n  call start_c\n  hlt\n"
        ".bss\n.align 16\n.space 65536\npayload_stack_top:\n.text\n");
#else
__asm__(".globl _start\n_start:\n  andl $-16, %esp\n  call start_c\n  hlt\n");
#endif
