/* KIP helpers of L4Re's l4util (l4/util/kip.h). */
#ifndef L4_UTIL_KIP_H
#define L4_UTIL_KIP_H

#include <l4/sys/compiler.h>
#include <l4/sys/kip.h>

L4_BEGIN_DECLS

/* 1 if the kernel lists feature `str` in the KIP, else 0. */
L4_CV int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str);

/* The number after the "abiver:" feature string, 0 if there is none. */
L4_CV unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k);

L4_END_DECLS

#define l4util_kip_for_each_feature(s) l4_kip_for_each_feature(s)

#endif
