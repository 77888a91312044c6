/*
 * Lockstep oracle harness for the CPU fuzzer (test/cpu/fuzz). Runs under qemu-i386 (or natively on an i386-capable
 * host). Reads cases from stdin, runs each instruction stream with EFLAGS.TF set and records the architectural
 * state after every instruction from the SIGTRAP handler's signal context; a fault (SIGSEGV/SIGILL/SIGFPE/SIGBUS)
 * or an int3 ends the case and is recorded with its trap number, error code and CR2.
 * Build: gcc -m32 -static -nostdlib -ffreestanding -fno-pie -no-pie -O2 -mno-sse -mno-mmx -mno-80387 harness.c
 * The C code must not touch x87/MMX/SSE state (hence -mno-*): the guest's state lives in those registers.
 * Wire format: see test/cpu/fuzz/oracle.ts (CASE_HEADER, STEP_BYTES).
 */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

#define CODE_VA 0x10000000u  /* 2 pages RWX, the third is unmapped */
#define RO_VA 0x1ffff000u    /* 1 page read-only */
#define DATA_VA 0x20000000u  /* 2 pages RW, the third is unmapped */
#define STACK_VA 0x30000000u /* 1 page RW */
#define CODE_BYTES 8192
#define DATA_BYTES 8192

static int sys(int nr, int a, int b, int c, int d, int e, int f) {
  int r;
  __asm__ volatile("push %%ebp\n mov %7, %%ebp\n int $0x80\n pop %%ebp"
                   : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e), "g"(f) : "memory");
  return r;
}
static void die(int code) { for (;;) sys(1, code, 0, 0, 0, 0, 0); }

/* gcc may emit calls to these even with -ffreestanding. */
void *memcpy(void *d, const void *s, unsigned n) { u8 *dd = d; const u8 *ss = s; while (n--) *dd++ = *ss++; return d; }
void *memset(void *d, int c, unsigned n) { u8 *dd = d; while (n--) *dd++ = (u8)c; return d; }

/* ------------------------------------------------------------------ input */
struct case_in {
  u32 code_off, code_len, mem_seed, flags, max_steps;
  u32 regs[8]; /* eax ecx edx ebx esp ebp esi edi */
  u32 eflags, mxcsr;
  u16 fpu_cw, x87_count;
  u8 x87[8][8]; /* doubles, st(0) first */
  u8 xmm[128];
  u8 mm[64];
};
#define FLAG_MMX_INIT 1
#define FLAG_DUMP_MEMORY 2

static u8 inbuf[1 << 16];
static u32 in_len, in_pos;
static int read_exact(void *dst, u32 n) {
  u8 *d = dst;
  while (n > 0) {
    if (in_pos == in_len) {
      int r = sys(3, 0, (int)inbuf, sizeof inbuf, 0, 0, 0);
      if (r <= 0) return 0;
      in_len = (u32)r;
      in_pos = 0;
    }
    u32 k = in_len - in_pos < n ? in_len - in_pos : n;
    memcpy(d, inbuf + in_pos, k);
    in_pos += k; d += k; n -= k;
  }
  return 1;
}

/* ------------------------------------------------------------------ output */
static u8 outbuf[1 << 17];
static u32 out_len;
static void flush(void) {
  u32 p = 0;
  while (p < out_len) {
    int r = sys(4, 1, (int)(outbuf + p), out_len - p, 0, 0, 0);
    if (r <= 0) die(3);
    p += (u32)r;
  }
  out_len = 0;
}
static void emit(const void *src, u32 n) {
  if (out_len + n > sizeof outbuf) flush();
  memcpy(outbuf + out_len, src, n);
  out_len += n;
}

/* One record per retired instruction (kind 0), per stop (1: signal, 2: step cap, 4: unsafe next EIP), case end (3). */
struct step_out {
  u32 kind, signo, code, err, cr2, eip; /* code: si_code (qemu leaves sigcontext.trapno at -1) */
  u32 regs[8];
  u32 eflags, memsum, mxcsr, steps;
  u8 fsave[108];
  u8 xmm[128];
};

/* ------------------------------------------------------------------ memory */
static u32 rng;
static u32 next_rand(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }
static void fill(u32 va, u32 bytes) { u32 *p = (u32 *)va; for (u32 k = 0; k < bytes / 4; k++) p[k] = next_rand(); }

/* Checksum of every writable byte the guest can reach (mirrored by memoryChecksum in oracle.ts). */
static u32 sum_region(u32 h, u32 va, u32 bytes) {
  const u32 *p = (const u32 *)va;
  for (u32 k = 0; k < bytes / 4; k++) { h = (h ^ p[k]) * 0x01000193u; h ^= h >> 15; }
  return h;
}
static u32 memsum(void) {
  u32 h = 0x811c9dc5u;
  h = sum_region(h, CODE_VA, CODE_BYTES);
  h = sum_region(h, DATA_VA, DATA_BYTES);
  h = sum_region(h, STACK_VA, 4096);
  return h;
}

/* ------------------------------------------------------------------ running a case */
static struct case_in cur;
static u32 entry_eip, steps, started, done;
u32 saved_esp, guest_gp[9], entry_ptr;
static u8 fx_area[512 + 16];

void enter_case(void);
void case_return(void);
__asm__(
    ".globl enter_case, case_return\n"
    "enter_case:\n"
    "  push %ebp\n push %ebx\n push %esi\n push %edi\n"
    "  mov %esp, saved_esp\n"
    "  pushl guest_gp+32\n"
    "  orl $0x100, (%esp)\n"
    "  popf\n" /* TF is on from here: the handler ignores traps until EIP reaches the stream */
    "  mov guest_gp+4, %ecx\n mov guest_gp+8, %edx\n mov guest_gp+12, %ebx\n"
    "  mov guest_gp+16, %esp\n mov guest_gp+20, %ebp\n mov guest_gp+24, %esi\n mov guest_gp+28, %edi\n"
    "  mov guest_gp+0, %eax\n"
    "  jmp *entry_ptr\n"
    "case_return:\n"
    "  pop %edi\n pop %esi\n pop %ebx\n pop %ebp\n"
    "  ret\n"
    ".globl restorer\n"
    "restorer:\n  mov $173, %eax\n  int $0x80\n");
void restorer(void);

/* i386 ucontext: flags, link, stack (3 words), then the sigcontext. */
enum { UC_GS = 5, UC_FS, UC_ES, UC_DS, UC_EDI, UC_ESI, UC_EBP, UC_ESP, UC_EBX, UC_EDX, UC_ECX, UC_EAX,
       UC_TRAPNO, UC_ERR, UC_EIP, UC_CS, UC_EFL, UC_UESP, UC_SS, UC_FPSTATE, UC_OLDMASK, UC_CR2 };

static u32 last_code;
static void record(u32 *uc, u32 kind, u32 signo) {
  struct step_out o;
  o.kind = kind; o.signo = signo;
  o.code = last_code; o.err = uc[UC_ERR]; o.cr2 = uc[UC_CR2]; o.eip = uc[UC_EIP];
  o.regs[0] = uc[UC_EAX]; o.regs[1] = uc[UC_ECX]; o.regs[2] = uc[UC_EDX]; o.regs[3] = uc[UC_EBX];
  o.regs[4] = uc[UC_ESP]; o.regs[5] = uc[UC_EBP]; o.regs[6] = uc[UC_ESI]; o.regs[7] = uc[UC_EDI];
  o.eflags = uc[UC_EFL] & ~0x100u;
  o.memsum = memsum();
  o.steps = steps;
  if (uc[UC_FPSTATE] != 0) memcpy(o.fsave, (const void *)uc[UC_FPSTATE], 108);
  else memset(o.fsave, 0, 108);
  u8 *fx = (u8 *)(((u32)fx_area + 15) & ~15u);
  __asm__ volatile("fxsave (%0)" : : "r"(fx) : "memory");
  o.mxcsr = *(u32 *)(fx + 24);
  memcpy(o.xmm, fx + 160, 128);
  emit(&o, sizeof o);
}

/* Only bytes of the code pages run, and never anything that might reach the host kernel (int $0x80, sysenter,
 * syscall): a random store may have written such bytes, so the 16 bytes at EIP are checked before each step. */
static int safe_to_run(u32 eip) {
  if (eip < CODE_VA || eip >= CODE_VA + CODE_BYTES) return 0;
  const u8 *p = (const u8 *)eip;
  for (u32 k = 0; k < 16 && eip + k + 1 < CODE_VA + CODE_BYTES; k++) {
    if (p[k] == 0xcd && p[k + 1] == 0x80) return 0;
    if (p[k] == 0x0f && (p[k + 1] == 0x34 || p[k + 1] == 0x35 || p[k + 1] == 0x05 || p[k + 1] == 0x07)) return 0;
  }
  return 1;
}

static u32 harness_seg[5]; /* gs fs es ds ss */

static void end_case(u32 *uc) {
  uc[UC_EIP] = (u32)case_return;
  uc[UC_ESP] = saved_esp;
  uc[UC_EFL] = 0x202;
  for (int k = 0; k < 4; k++) uc[UC_GS + k] = harness_seg[k]; /* a stream may have loaded a segment register */
  uc[UC_SS] = harness_seg[4];
  done = 1;
}

/* qemu-i386 7.2 resets the x87 state for the handler (fsave semantics) and its sigreturn does not bring the saved
 * state back (the FPU comes back reset), so the handler reloads the frame's image itself and clears the frame's
 * fpstate pointer, which makes sigreturn leave the FPU alone. (Under a Linux kernel a null fpstate would reset
 * the FPU: this harness is for qemu-i386.) */
static u8 fpu_image[112];
static void handler_body(int signo, void *info, u32 *uc);
static void handler(int signo, void *info, u32 *uc) {
  handler_body(signo, info, uc);
  if (uc[UC_FPSTATE] != 0) {
    memcpy(fpu_image, (const void *)uc[UC_FPSTATE], 108);
    uc[UC_FPSTATE] = 0;
    __asm__ volatile("frstor (%0)" : : "r"(fpu_image) : "memory");
  }
}

static void handler_body(int signo, void *info, u32 *uc) {
  (void)info;
  __asm__ volatile("cld");
  u32 eip = uc[UC_EIP];
  last_code = ((u32 *)info)[2];
  if (!started) {
    if (signo == 5 && eip == entry_eip) {
      started = 1;
      if (!safe_to_run(eip)) { record(uc, 4, 0); end_case(uc); return; }
      record(uc, 0, 0); /* the initial state, as the oracle sees it */
      uc[UC_EFL] |= 0x100;
      return;
    }
    if (signo == 5) return; /* the loader stub */
    record(uc, 1, signo); /* never expected: reported so that the driver fails loudly */
    end_case(uc);
    return;
  }
  if (signo == 5 && (last_code == 1 || last_code == 2)) { /* TRAP_BRKPT (qemu) or TRAP_TRACE (Linux) */
    steps++;
    record(uc, 0, 0);
    if (steps >= cur.max_steps) {
      record(uc, 2, 0);
      end_case(uc);
      return;
    }
    if (!safe_to_run(uc[UC_EIP])) { /* kind 4: the next instruction is outside the stream or could be a syscall */
      record(uc, 4, 0);
      end_case(uc);
      return;
    }
    uc[UC_EFL] |= 0x100; /* a popf in the stream may have cleared TF */
    return;
  }
  record(uc, 1, signo);
  end_case(uc);
}

struct ksigaction { void *handler; u32 flags; void *restorer; u32 mask[2]; };
static void install(int signo) {
  struct ksigaction sa;
  sa.handler = (void *)handler;
  sa.flags = 0x4 | 0x08000000 | 0x04000000; /* SA_SIGINFO | SA_ONSTACK | SA_RESTORER */
  sa.restorer = (void *)restorer;
  sa.mask[0] = 0xffffffffu; sa.mask[1] = 0xffffffffu;
  if (sys(174, signo, (int)&sa, 0, 8, 0, 0) != 0) die(4);
}

static u8 altstack[1 << 16];

static void map(u32 va, u32 bytes, int prot) {
  /* mmap2(va, bytes, prot, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0) */
  if ((u32)sys(192, (int)va, (int)bytes, prot, 0x32, -1, 0) != va) die(5);
}

static void load_fpu(void) {
  u8 *fx = (u8 *)(((u32)fx_area + 15) & ~15u);
  /* Zero the physical x87 registers (MMX reads them), then reset the rest. */
  __asm__ volatile("fninit\n fldz\n fldz\n fldz\n fldz\n fldz\n fldz\n fldz\n fldz\n fninit" ::: "memory");
  if (cur.flags & FLAG_MMX_INIT) {
    __asm__ volatile("movq 0(%0),%%mm0\n movq 8(%0),%%mm1\n movq 16(%0),%%mm2\n movq 24(%0),%%mm3\n"
                     "movq 32(%0),%%mm4\n movq 40(%0),%%mm5\n movq 48(%0),%%mm6\n movq 56(%0),%%mm7"
                     : : "r"(cur.mm) : "memory");
  } else {
    for (int k = (int)cur.x87_count - 1; k >= 0; k--) __asm__ volatile("fldl (%0)" : : "r"(cur.x87[k]) : "memory");
  }
  __asm__ volatile("fldcw (%0)" : : "r"(&cur.fpu_cw) : "memory");
  *(u32 *)fx = cur.mxcsr;
  __asm__ volatile("ldmxcsr (%0)" : : "r"(fx) : "memory");
  __asm__ volatile("movdqu 0(%0),%%xmm0\n movdqu 16(%0),%%xmm1\n movdqu 32(%0),%%xmm2\n movdqu 48(%0),%%xmm3\n"
                   "movdqu 64(%0),%%xmm4\n movdqu 80(%0),%%xmm5\n movdqu 96(%0),%%xmm6\n movdqu 112(%0),%%xmm7"
                   : : "r"(cur.xmm) : "memory");
}

__attribute__((used)) void start_c(void) {
  struct { void *sp; int flags; u32 size; } ss = { altstack, 0, sizeof altstack };
  if (sys(186, (int)&ss, 0, 0, 0, 0, 0) != 0) die(6);
  __asm__ volatile("mov %%gs, %0\n mov %%fs, %1\n mov %%es, %2\n mov %%ds, %3\n mov %%ss, %4"
                   : "=m"(harness_seg[0]), "=m"(harness_seg[1]), "=m"(harness_seg[2]), "=m"(harness_seg[3]), "=m"(harness_seg[4]));
  for (int k = 0; k < 5; k++) harness_seg[k] &= 0xffff;
  install(4); install(5); install(7); install(8); install(11);
  map(CODE_VA, CODE_BYTES, 7);
  map(RO_VA, 4096, 3);
  map(DATA_VA, DATA_BYTES, 3);
  map(STACK_VA, 4096, 3);
  /* The process's own mappings (qemu-user places the guest stack and its own pages in the guest address space):
   * the driver must know them, since a stream can reach them where our CPU faults. */
  static char maps[16384];
  u32 maps_len = 0;
  int fd = sys(5, (int)"/proc/self/maps", 0, 0, 0, 0, 0);
  if (fd >= 0) {
    int r;
    while (maps_len < sizeof maps && (r = sys(3, fd, (int)(maps + maps_len), sizeof maps - maps_len, 0, 0, 0)) > 0) maps_len += (u32)r;
    sys(6, fd, 0, 0, 0, 0, 0);
  }
  emit(&maps_len, 4);
  emit(maps, maps_len);
  static u8 code[CODE_BYTES];
  while (read_exact(&cur, sizeof cur)) {
    if (cur.code_len > CODE_BYTES || cur.code_off + cur.code_len > CODE_BYTES) die(7);
    if (!read_exact(code, cur.code_len)) die(8);
    rng = cur.mem_seed | 1;
    sys(125, (int)RO_VA, 4096, 3, 0, 0, 0);
    fill(RO_VA, 4096);
    sys(125, (int)RO_VA, 4096, 1, 0, 0, 0);
    fill(DATA_VA, DATA_BYTES);
    fill(STACK_VA, 4096);
    memset((void *)CODE_VA, 0xcc, CODE_BYTES);
    memcpy((void *)(CODE_VA + cur.code_off), code, cur.code_len);
    for (int k = 0; k < 8; k++) guest_gp[k] = cur.regs[k];
    guest_gp[8] = cur.eflags;
    entry_eip = CODE_VA + cur.code_off;
    entry_ptr = entry_eip;
    steps = 0; started = 0; done = 0;
    load_fpu();
    enter_case();
    struct step_out end;
    memset(&end, 0, sizeof end);
    end.kind = 3;
    end.steps = steps;
    emit(&end, sizeof end);
    if (cur.flags & FLAG_DUMP_MEMORY) {
      emit((void *)CODE_VA, CODE_BYTES);
      emit((void *)DATA_VA, DATA_BYTES);
      emit((void *)STACK_VA, 4096);
    }
  }
  flush();
  die(0);
}
__asm__(".globl _start\n_start:\n  andl $-16, %esp\n  call start_c\n  hlt\n");
