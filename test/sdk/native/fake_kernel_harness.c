/* Runs an SDK program natively on Linux with a fake L4 kernel, to check the
 * system-call binding, crt0, the vcon stdout and the exit protocol without
 * the emulator. It
 *  - provides __l4sys_invoke_direct (instead of the absolute 0xEACFF000),
 *    logs every IPC to fd 2, serves log writes (to fd 1) and the parent
 *    exit signal (Linux exit), and clobbers EBX/ECX/EDX/EDI/EBP on return
 *    like the real sysenter stub may;
 *  - points %fs at a fake UTCB so that l4_utcb() works;
 *  - builds a SysV initial stack with AT_L4_ENV/AT_L4_KIP and jumps to the
 *    SDK's _start. Link with -e harness_start. */
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>
#include "linux_syscalls.h"

l4_umword_t harness_utcb[128] __attribute__((aligned(512)));

static l4re_env_cap_entry_t harness_caps[] = {
  { 0x16000, 0, "rom" },
  { 0x17000, 0, "sixteen_chars_xx" },
  { L4_INVALID_CAP, ~0UL, "" },
};

l4re_env_t harness_env = {
  .parent = 0x13000,
  .rm = 0x10000,
  .mem_alloc = 0x11000,
  .log = L4_BASE_LOG_CAP,
  .main_thread = L4_BASE_THREAD_CAP,
  .factory = L4_BASE_FACTORY_CAP,
  .scheduler = L4_BASE_SCHEDULER_CAP,
  .first_free_cap = 0x18,
  .caps = harness_caps,
};

static l4_umword_t stack_area[1024] __attribute__((aligned(16)));
static char arg0[] = "rom/probe";
static char arg1[] = "second";
static char env0[] = "HOME=/";

struct user_desc
{
  unsigned entry_number;
  unsigned base_addr;
  unsigned limit;
  unsigned seg_32bit : 1, contents : 2, read_exec_only : 1, limit_in_pages : 1,
           seg_not_present : 1, useable : 1;
};

static void
field(char const *name, unsigned long long v)
{
  lx_puts2(name);
  lx_hex(2, v);
}

l4_umword_t
fake_kernel(l4_umword_t tag_raw, l4_umword_t timeout, l4_umword_t dest,
            l4_umword_t slabel)
{
  l4_msgtag_t tag = { (l4_mword_t)tag_raw };
  l4_umword_t op = dest & 0xf, cap = dest & ~0xfffUL;
  l4_umword_t *mr = harness_utcb;

  field("ipc tag=", tag_raw);
  field(" timeout=", timeout);
  field(" dest=", dest);
  field(" slabel=", slabel);
  lx_puts2("\n");

  if (cap == harness_env.log && op == L4_SYSF_SEND
      && l4_msgtag_label(tag) == L4_PROTO_LOG && mr[0] == L4_VCON_WRITE_OP)
    {
      field("vcon len=", mr[1]);
      field(" words=", l4_msgtag_words(tag));
      lx_puts2("\n");
      if (mr[1] <= L4_VCON_WRITE_SIZE)
        lx_write(1, &mr[2], mr[1]);
      return tag_raw & ~(l4_umword_t)L4_MSGTAG_ERROR;
    }
  if (cap == harness_env.parent && op == L4_SYSF_CALL
      && l4_msgtag_label(tag) == L4RE_PROTO_PARENT && l4_msgtag_words(tag) == 3
      && mr[0] == L4RE_PARENT_OP_SIGNAL && mr[1] == L4RE_PARENT_SIG_EXIT)
    {
      field("exit status=", mr[2]);
      lx_puts2("\n");
      lx_exit((int)mr[2]);
    }
  if (dest == (L4_INVALID_CAP | L4_SYSF_RECV))
    {
      lx_puts2("sleep forever\n");
      lx_exit(111);
    }
  lx_puts2("unexpected ipc\n");
  lx_exit(112);
}

__asm__(
    ".text\n"
    ".globl __l4sys_invoke_direct\n"
    "__l4sys_invoke_direct:\n"
    "  push %esi\n"
    "  push %edx\n"
    "  push %ecx\n"
    "  push %eax\n"
    "  call fake_kernel\n"
    "  add  $16, %esp\n"
    "  xor  %esi, %esi\n"             /* received label */
    "  mov  $0xdeadbeef, %ebx\n"
    "  mov  %ebx, %ecx\n"
    "  mov  %ebx, %edx\n"
    "  mov  %ebx, %edi\n"
    "  mov  %ebx, %ebp\n"             /* the sysenter stub overwrites EBP */
    "  ret\n");

/* Returns the initial stack pointer for _start. */
l4_umword_t *
harness_setup(void)
{
  struct user_desc d = { (unsigned)-1, (unsigned)&harness_utcb[63], 0xfffff,
                         1, 0, 0, 1, 0, 1 };
  l4_umword_t *sp = &stack_area[512];
  unsigned sel;
  int i = 0;

  harness_utcb[63] = (l4_umword_t)harness_utcb;
  if (lx_syscall3(243 /* set_thread_area */, (long)&d, 0, 0) != 0)
    {
      lx_puts2("set_thread_area failed\n");
      lx_exit(113);
    }
  sel = d.entry_number * 8 + 3;
  __asm__ __volatile__("mov %0, %%fs" : : "r" (sel));

  sp[i++] = 2;
  sp[i++] = (l4_umword_t)arg0;
  sp[i++] = (l4_umword_t)arg1;
  sp[i++] = 0;
  sp[i++] = (l4_umword_t)env0;
  sp[i++] = 0;
  sp[i++] = 6;    /* AT_PAGESZ */
  sp[i++] = 4096;
  sp[i++] = 0xf1; /* AT_L4_ENV */
  sp[i++] = (l4_umword_t)&harness_env;
  sp[i++] = 0xf2; /* AT_L4_KIP */
  sp[i++] = 0xb0000000;
  sp[i++] = 0;    /* AT_NULL */
  sp[i++] = 0;
  return sp;
}

__asm__(
    ".globl harness_start\n"
    "harness_start:\n"
    "  call harness_setup\n"
    "  mov  %eax, %esp\n"
    "  jmp  _start\n");
