/* Kernel Info Page (spec section 11). The loader passes its address in the
 * AT_L4_KIP aux vector entry; crt0 stores it in l4_global_kip. */
#ifndef L4_SYS_KIP_H
#define L4_SYS_KIP_H

#include <l4/sys/types.h>

#define L4_KERNEL_INFO_MAGIC 0x4BE6344CUL
/* Where older binaries expect the KIP when no AT_L4_KIP is given. */
#define L4_KIP_ADDR_DEFAULT  0xAFFFF000UL

/* Only the fields both KIP generations share (spec section 11). */
typedef struct l4_kernel_info_t
{
  l4_uint32_t magic;
  l4_uint32_t version;
  l4_uint8_t  offset_version_strings;
  l4_uint8_t  fill0[3];
  l4_uint8_t  kip_sys_calls;
  l4_uint8_t  node;
  l4_uint8_t  fill1[2];
} l4_kernel_info_t;

L4_BEGIN_DECLS
extern l4_kernel_info_t *l4_global_kip;
L4_END_DECLS

L4_INLINE l4_kernel_info_t *l4_kip(void) { return l4_global_kip; }

/* Version string: at offset_version_strings * 16 bytes. */
L4_INLINE char const *
l4_kip_version_string(l4_kernel_info_t const *k)
{
  return (char const *)k + k->offset_version_strings * 16;
}

/* Current kernel clock in microseconds, read by calling the clock code the
 * kernel places at KIP + 0x900 (returns EDX:EAX). */
L4_INLINE l4_uint64_t
l4_kip_clock(l4_kernel_info_t const *k)
{
  l4_uint64_t v;
  __asm__ __volatile__("call *%1" : "=A" (v) : "r" ((char const *)k + 0x900)
                       : "ecx", "esi", "edi", "memory", "cc");
  return v;
}

#endif
