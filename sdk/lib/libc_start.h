/* Internal interface of the start code (kept separate so tests can drive
 * the initial-stack parser directly). */
#ifndef SDK_LIBC_START_H
#define SDK_LIBC_START_H

#include <l4/sys/types.h>

/* Aux vector types the L4Re loader adds (spec section 3.3). */
enum
{
  AT_NULL   = 0,
  AT_PAGESZ = 6,
  AT_L4_AUX = 0xf0,
  AT_L4_ENV = 0xf1,
  AT_L4_KIP = 0xf2,
};

/* What the loader points AT_L4_AUX at. */
typedef struct l4re_aux_t
{
  char const  *binary;
  l4_cap_idx_t kip_ds;
  l4_umword_t  dbg_lvl;
  l4_umword_t  ldr_flags;
  l4_addr_t    ldr_base;
} l4re_aux_t;

extern l4re_aux_t *l4re_global_aux;

struct __l4_start_args
{
  int argc;
  char **argv;
  char **envp;
};

void __l4_parse_initial_stack(l4_umword_t *sp, struct __l4_start_args *out);
void __l4_libc_start(l4_umword_t *sp) __attribute__((noreturn));

#endif
