/* The Kernel Info Page (spec 11) and the two system-call entry addresses
 * (spec 1.1): magic, version, version string, memory descriptors, the clock
 * (field and KIP+0x900/0x980 code), scheduler granularity, the syscall stub at
 * KIP+0x800 (the same code as on the syscall page: `int $0x30; ret`, or the
 * sysenter stub a real-L4Re layout gets, as on real Fiasco); an IPC to the log
 * made by calling 0xEACFF000 and KIP+0x800 directly. The mocha test checks
 * that both of those lines appear in the output. */
#include <ktest.h>
#include <string.h>
#include <l4/sys/kip.h>
#include <l4/sys/vcon.h>

/* Offsets of the current (2025-06+) KIP layout, spec section 11. */
enum
{
  KIP_CLOCK = 0x20,
  KIP_FREQUENCY_CPU = 0x28,
  KIP_SCHED_GRANULARITY = 0x50,
  KIP_MEM_DESCS_OFFSET = 0x54,
  KIP_MEM_DESCS_NUM = 0x58,
  KIP_PLATFORM_NAME = 0x70,
  KIP_SYSCALL_STUB = 0x800,
  KIP_CLOCK_NS_CODE = 0x980,
  MEM_CONVENTIONAL = 1,
  SYSCALL_PAGE = 0xEACFF000,
};

/* The two entry stubs Fiasco installs (syscall page and KIP+0x800): without and with sysenter. */
static unsigned char const STUB_INT30[] = { 0xcd, 0x30, 0xc3 };
static unsigned char const STUB_SYSENTER[] = { 0x5b, 0x89, 0xe5, 0x0f, 0x34 };

static l4_uint32_t kip_u32(l4_kernel_info_t const *k, unsigned off)
{
  return *(l4_uint32_t const volatile *)((char const *)k + off);
}

static l4_uint64_t kip_u64(l4_kernel_info_t const *k, unsigned off)
{
  return kip_u32(k, off) | ((l4_uint64_t)kip_u32(k, off + 4) << 32);
}

/* A vcon write to the log, entering the kernel by calling `entry`:
 * EAX = tag, ECX = timeout, EDX = cap | SEND, ESI = label 0 (spec 1.2). */
static l4_addr_t volatile entry_point;

static l4_umword_t write_via(l4_addr_t entry, char const *text)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  unsigned len = strlen(text);
  l4_umword_t tag = l4_msgtag(L4_PROTO_LOG, 2 + (len + 3) / 4, 0, 0).raw;
  l4_umword_t ecx = L4_IPC_NEVER.raw, edx = L4_BASE_LOG_CAP | L4_SYSF_SEND, esi = 0;
  mr->mr[0] = L4_VCON_WRITE_OP;
  mr->mr[1] = len;
  memcpy(&mr->mr[2], text, len);
  entry_point = entry;
  __asm__ __volatile__("push %%ebp\n\t"
                       "call *%[entry]\n\t"
                       "pop %%ebp"
                       : "+a"(tag), "+c"(ecx), "+d"(edx), "+S"(esi)
                       : [entry] "m"(entry_point)
                       : "ebx", "edi", "memory", "cc");
  return tag;
}

static l4_uint64_t clock_ns(l4_kernel_info_t const *k)
{
  l4_uint64_t v;
  __asm__ __volatile__("call *%1" : "=A"(v) : "r"((char const *)k + KIP_CLOCK_NS_CODE)
                       : "ecx", "esi", "edi", "memory", "cc");
  return v;
}

int main(void)
{
  l4_kernel_info_t *k = l4_kip();
  char const *vs;
  unsigned i, ndesc, conventional = 0;
  l4_uint64_t t0, t1, ns, us;
  volatile unsigned spin = 0;
  l4_umword_t tag;
  unsigned char const *stub;

  ktest_eq("l4_kip() is at 0xAFFFF000", (l4_addr_t)k, L4_KIP_ADDR_DEFAULT);
  ktest_eq("magic", k->magic, L4_KERNEL_INFO_MAGIC);
  ktest_eq("version & 0xFF00FFFF", k->version & 0xFF00FFFFUL, 0x87004444UL);
  vs = l4_kip_version_string(k);
  ktest_true("a version string", vs[0] != 0, "empty");
  printf("kip version string: %s\n", vs);
  ktest_true("the feature strings end with an empty string within the page",
             ({ char const *p = vs; unsigned n = 0;
                while (*p && n < 64) { p += strlen(p) + 1; ++n; }
                *p == 0 && p < (char const *)k + L4_PAGESIZE; }), "no end");

  ndesc = kip_u32(k, KIP_MEM_DESCS_NUM);
  ktest_range("memory descriptor count", ndesc, 1, 64);
  for (i = 0; i < ndesc && i < 64; ++i)
    {
      l4_umword_t const *d = (l4_umword_t const *)((char const *)k + kip_u32(k, KIP_MEM_DESCS_OFFSET)) + 2 * i;
      l4_umword_t start = d[0] & ~0x3ffUL, end = d[1] | 0x3ffUL;
      if ((d[0] & 0xf) == MEM_CONVENTIONAL && end > start + 0x100000)
        ++conventional;
    }
  ktest_true("a conventional RAM descriptor of more than 1 MiB", conventional >= 1, "none");

  ktest_eq("scheduler granularity (µs)", kip_u32(k, KIP_SCHED_GRANULARITY), 1000);
  ktest_true("cpu frequency (kHz) set", kip_u32(k, KIP_FREQUENCY_CPU) > 0, "0");
  ktest_true("platform name set", *((char const *)k + KIP_PLATFORM_NAME) != 0, "empty");

  t0 = l4_kip_clock(k);
  for (i = 0; i < 300000; ++i)
    spin += i;
  t1 = l4_kip_clock(k);
  ktest_true("l4_kip_clock() advances over 300000 loop iterations", t1 > t0, "did not move");
  ktest_range("the clock field agrees with l4_kip_clock() (µs)",
              (long long)(kip_u64(k, KIP_CLOCK) - t1), -1000, 1000);
  ns = clock_ns(k);
  us = l4_kip_clock(k);
  ktest_range("KIP+0x980 gives ns (= µs * 1000 within 1 ms)", (long long)(ns / 1000 - us), -1000, 1000);
  l4_ipc_sleep_ms(5);
  ktest_range("after sleeping 5 ms the clock moved 5..6 ms", (long long)(l4_kip_clock(k) - us), 5000, 6000);

  stub = (unsigned char const *)k + KIP_SYSCALL_STUB;
  ktest_true("the KIP holds a syscall stub at 0x800 (int $0x30; ret, or pop %ebx; mov %esp,%ebp; sysenter)",
             !memcmp(stub, STUB_INT30, sizeof STUB_INT30) || !memcmp(stub, STUB_SYSENTER, sizeof STUB_SYSENTER),
             "neither stub");
  ktest_eq("... the same code as at 0xEACFF000",
           memcmp(stub, (void const *)SYSCALL_PAGE, stub[0] == STUB_INT30[0] ? sizeof STUB_INT30 : sizeof STUB_SYSENTER), 0);
  tag = write_via(SYSCALL_PAGE, "kip: syscall via 0xEACFF000\n");
  ktest_eq("a send through 0xEACFF000 succeeds (tag comes back)", tag & L4_MSGTAG_ERROR, 0);
  tag = write_via((l4_addr_t)k + KIP_SYSCALL_STUB, "kip: syscall via KIP+0x800\n");
  ktest_eq("a send through KIP+0x800 succeeds (tag comes back)", tag & L4_MSGTAG_ERROR, 0);
  return ktest_verdict();
}
