/* Capability slot allocator of the L4Re C API: hands out free slots of the
 * task's object space, starting at l4re_env()->first_free_cap. */
#ifndef L4RE_C_UTIL_CAP_ALLOC_H
#define L4RE_C_UTIL_CAP_ALLOC_H

#include <l4/sys/types.h>
#include <l4/sys/consts.h>

L4_BEGIN_DECLS

/* A free capability selector, or L4_INVALID_CAP when none is left. */
L4_CV l4_cap_idx_t l4re_util_cap_alloc(void);

/* Give a selector back (its slot is not unmapped). */
L4_CV void l4re_util_cap_free(l4_cap_idx_t cap);

/* Unmap the capability from the own task, then give the selector back. */
L4_CV void l4re_util_cap_free_um(l4_cap_idx_t cap);

/* The highest selector the allocator can hand out. */
L4_CV long l4re_util_cap_last(void);

L4_END_DECLS

#endif
