/* Kernel Info Page (spec section 11; the current, 2025-06 layout). The
 * loader passes its address in the AT_L4_KIP aux vector entry; crt0 stores
 * it in l4_global_kip. */
#ifndef L4_SYS_KIP_H
#define L4_SYS_KIP_H

#include <l4/sys/types.h>

#define L4_KERNEL_INFO_MAGIC 0x4BE6344CUL
/* Where older binaries expect the KIP when no AT_L4_KIP is given. */
#define L4_KIP_ADDR_DEFAULT  0xAFFFF000UL

struct l4_kip_platform_info_arch
{
};

struct l4_kip_platform_info
{
  char        name[16];
  l4_uint32_t is_mp;
  struct l4_kip_platform_info_arch arch;
};

typedef struct l4_kernel_info_t
{
  l4_uint32_t magic;                  /* 0x00 */
  l4_uint32_t version;
  l4_uint8_t  offset_version_strings; /* 0x08: in units of 16 bytes */
  l4_uint8_t  _fill0[3];
  l4_uint8_t  kip_sys_calls;          /* 0x0c */
  l4_uint8_t  node;
  l4_uint8_t  _fill1[2];
  l4_uint64_t sigma0_ip;              /* 0x10 */
  l4_uint64_t root_ip;
  volatile l4_cpu_time_t _clock_val;  /* 0x20: read it with l4_kip_clock() */
  l4_uint64_t frequency_cpu;          /* 0x28: kHz */
  l4_uint64_t acpi_rsdp_addr;         /* 0x30 */
  l4_uint64_t dt_addr;
  l4_uint64_t user_ptr;               /* 0x40 */
  l4_uint64_t _res0[1];
  l4_uint32_t scheduler_granularity;  /* 0x50: us */
  l4_uint32_t mem_descs;              /* memory descriptors, offset from the KIP */
  l4_uint32_t mem_descs_num;
  l4_uint32_t _res1[1];
  l4_uint64_t _res2[2];               /* 0x60 */
  struct l4_kip_platform_info platform_info; /* 0x70 */
} l4_kernel_info_t;

enum l4_kernel_info_consts_t
{
  L4_KIP_VERSION_FIASCO      = 0x87004444,
  L4_KIP_VERSION_FIASCO_MASK = 0xff00ffff,
};

/* Offsets of the kernel's clock code in the KIP. */
enum
{
  L4_KIP_OFFS_READ_US = 0x900,
  L4_KIP_OFFS_READ_NS = 0x980,
};

L4_BEGIN_DECLS
extern l4_kernel_info_t *l4_global_kip;
L4_END_DECLS

L4_INLINE l4_kernel_info_t const *l4_kip(void) { return l4_global_kip; }

L4_INLINE l4_umword_t
l4_kip_version(l4_kernel_info_t const *k)
{
  return k->version & L4_KIP_VERSION_FIASCO_MASK;
}

/* Byte offset of the version string from the start of the KIP. */
L4_INLINE int
l4_kernel_info_version_offset(l4_kernel_info_t const *k)
{
  return k->offset_version_strings << 4;
}

/* The version string; the feature strings follow it. */
L4_INLINE char const *
l4_kip_version_string(l4_kernel_info_t const *k)
{
  return (char const *)k + l4_kernel_info_version_offset(k);
}

/* Calls the clock code the kernel places in the KIP (returns EDX:EAX). */
L4_INLINE l4_uint64_t
__l4_kip_call_clock(l4_kernel_info_t const *k, unsigned offset)
{
  l4_uint64_t v;
  __asm__ __volatile__("call *%1" : "=A" (v) : "r" ((char const *)k + offset)
                       : "ecx", "esi", "edi", "memory", "cc");
  return v;
}

/* Current kernel clock in microseconds. */
L4_INLINE l4_cpu_time_t
l4_kip_clock(l4_kernel_info_t const *k)
{
  return __l4_kip_call_clock(k, L4_KIP_OFFS_READ_US);
}

/* Current kernel clock in nanoseconds. */
L4_INLINE l4_cpu_time_t
l4_kip_clock_ns(l4_kernel_info_t const *k)
{
  return __l4_kip_call_clock(k, L4_KIP_OFFS_READ_NS);
}

/* The low word of the microsecond clock. */
L4_INLINE l4_umword_t
l4_kip_clock_lw(l4_kernel_info_t const *k)
{
  return (l4_umword_t)l4_kip_clock(k);
}

/* Steps `s` (initialised with l4_kip_version_string()) through the feature strings. */
#define l4_kip_for_each_feature(s) \
  for (s += __builtin_strlen(s) + 1; *s; s += __builtin_strlen(s) + 1)

/* 1 when the KIP lists feature `str`, else 0. */
L4_INLINE int
l4_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str)
{
  char const *s = l4_kip_version_string(k);
  l4_kip_for_each_feature(s)
    if (__builtin_strcmp(s, str) == 0)
      return 1;
  return 0;
}

#endif
