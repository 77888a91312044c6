/* Kernel-user memory for the own task (l4re_util_kumem_alloc): where new
 * threads' UTCBs go once the task's UTCB area is used up. */
#ifndef L4RE_C_UTIL_KUMEM_ALLOC_H
#define L4RE_C_UTIL_KUMEM_ALLOC_H

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/linkage.h>

L4_BEGIN_DECLS

/* Reserves 2^pages_order pages of address space with the region manager
 * `rm`, then has the kernel back them as kernel-user memory of `task`.
 * *mem receives the address. Returns 0 or a negative error. */
L4_CV int
l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order,
                      l4_cap_idx_t task, l4_cap_idx_t rm);

L4_END_DECLS

#endif
