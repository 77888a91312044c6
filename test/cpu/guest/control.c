/* Differential guest: setjmp/longjmp, dense and sparse switches, computed goto, varargs, recursion. */
#include "runtime.h"
static u32 h = 2166136261u;
static void mix(u32 v) { h = (h ^ v) * 16777619u; }
/* A setjmp/longjmp pair of our own: saves ebx esi edi ebp esp and the return address. */
typedef u32 jmp_buf_[6];
int my_setjmp(jmp_buf_ b);
__attribute__((noreturn)) void my_longjmp(jmp_buf_ b, int v);
__asm__(".globl my_setjmp\nmy_setjmp:\n mov 4(%esp),%eax\n mov %ebx,(%eax)\n mov %esi,4(%eax)\n mov %edi,8(%eax)\n"
        " mov %ebp,12(%eax)\n lea 4(%esp),%ecx\n mov %ecx,16(%eax)\n mov (%esp),%ecx\n mov %ecx,20(%eax)\n xor %eax,%eax\n ret\n"
        ".globl my_longjmp\nmy_longjmp:\n mov 4(%esp),%edx\n mov 8(%esp),%eax\n test %eax,%eax\n jnz 1f\n inc %eax\n1:\n"
        " mov (%edx),%ebx\n mov 4(%edx),%esi\n mov 8(%edx),%edi\n mov 12(%edx),%ebp\n mov 16(%edx),%esp\n jmp *20(%edx)\n");
static jmp_buf_ jb;
static int depth;
__attribute__((noinline)) static void dive(int n) { depth = n; if (n == 7) my_longjmp(jb, n * 3); dive(n + 1); mix(0xdead); }
__attribute__((noinline)) static int dense(int x) {
  switch (x) {
    case 0: return 11; case 1: return 23; case 2: return x * 5; case 3: return 7; case 4: return -1; case 5: return 99;
    case 6: return x << 4; case 7: return 1234; case 8: return 5; case 9: return 81; case 10: return x ^ 0x55; case 11: return 3;
    default: return -x;
  }
}
__attribute__((noinline)) static int sparse(u32 x) {
  switch (x) { case 3: return 1; case 100: return 2; case 1000: return 3; case 0x10000: return 4; case 0xffffffff: return 5; case 77: return 6; default: return 0; }
}
static int interp(const unsigned char *code) {
  static void *ops[] = { &&op_push, &&op_add, &&op_mul, &&op_dup, &&op_end };
  int stack[16], sp = 0; const unsigned char *pc = code;
  goto *ops[*pc];
op_push: stack[sp++] = pc[1]; pc += 2; goto *ops[*pc];
op_add: sp--; stack[sp - 1] += stack[sp]; pc++; goto *ops[*pc];
op_mul: sp--; stack[sp - 1] *= stack[sp]; pc++; goto *ops[*pc];
op_dup: stack[sp] = stack[sp - 1]; sp++; pc++; goto *ops[*pc];
op_end: return stack[sp - 1];
}
static int sum_ints(int n, ...) {
  __builtin_va_list ap; __builtin_va_start(ap, n);
  int s = 0; for (int i = 0; i < n; i++) s = s * 3 + __builtin_va_arg(ap, int);
  __builtin_va_end(ap); return s;
}
static int format(char *out, const char *fmt, ...) {
  __builtin_va_list ap; __builtin_va_start(ap, fmt);
  int n = 0;
  for (; *fmt; fmt++) {
    if (*fmt != '%') { out[n++] = *fmt; continue; }
    fmt++;
    if (*fmt == 'd') { int v = __builtin_va_arg(ap, int); u32 u = v < 0 ? -(u32)v : (u32)v; char t[12]; int k = 0; do { t[k++] = (char)('0' + u % 10); u /= 10; } while (u); if (v < 0) out[n++] = '-'; while (k) out[n++] = t[--k]; }
    else if (*fmt == 'x') { u32 v = __builtin_va_arg(ap, u32); for (int i = 28; i >= 0; i -= 4) out[n++] = "0123456789abcdef"[(v >> i) & 15]; }
    else if (*fmt == 's') { const char *s = __builtin_va_arg(ap, const char *); while (*s) out[n++] = *s++; }
    else if (*fmt == 'c') out[n++] = (char)__builtin_va_arg(ap, int);
    else if (*fmt == 'L') { u64 v = __builtin_va_arg(ap, u64); mix((u32)v); mix((u32)(v >> 32)); out[n++] = 'L'; }
  }
  __builtin_va_end(ap); out[n] = 0; return n;
}
static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
static int is_even(int n);
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
int main(void) {
  volatile int local = 5;
  int r = my_setjmp(jb);
  if (r == 0) { local = 6; dive(0); mix(0xbeef); }
  mix(r); mix(depth); mix(local);
  for (int i = -3; i < 16; i++) mix(dense(i));
  static const u32 sv[] = { 0, 3, 77, 100, 101, 1000, 0x10000, 0xffffffff, 5 };
  for (int i = 0; i < 9; i++) mix(sparse(sv[i]));
  static const unsigned char prog[] = { 0, 6, 0, 7, 2, 3, 1, 0, 100, 1, 4 };
  mix(interp(prog));
  mix(sum_ints(0)); mix(sum_ints(3, 1, 2, 3)); mix(sum_ints(8, -1, 2, -3, 4, -5, 6, -7, 8));
  char buf[200];
  int n = format(buf, "x=%d y=%x s=%s c=%c big=%L end%d", -12345, 0xdeadbeefu, "str", 'Q', 0x123456789abcdefull, 2147483647);
  out(buf, n); out("\n", 1);
  mix(ack(2, 3)); mix(is_even(301)); mix(is_odd(301));
  put_hex("control", h);
  return 0;
}
