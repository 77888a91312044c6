/* C part of program start: decode the initial stack, remember the L4Re
 * environment and the KIP, run main, exit with its result. */
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdlib.h>
#include "libc_start.h"

l4re_env_t *l4re_global_env;
l4_kernel_info_t *l4_global_kip = (l4_kernel_info_t *)L4_KIP_ADDR_DEFAULT;
l4re_aux_t *l4re_global_aux;

int main(int argc, char **argv, char **envp);

/* Bounds of the constructor tables; the linker defines them (weak: absent
 * means empty). */
typedef void (*__l4_ctor_t)(void);
extern __l4_ctor_t __preinit_array_start[] __attribute__((weak, visibility("hidden")));
extern __l4_ctor_t __preinit_array_end[] __attribute__((weak, visibility("hidden")));
extern __l4_ctor_t __init_array_start[] __attribute__((weak, visibility("hidden")));
extern __l4_ctor_t __init_array_end[] __attribute__((weak, visibility("hidden")));

/* Runs the constructors (libpthread's among them) before main, in order. */
static void
run_constructors(void)
{
  __l4_ctor_t *f;
  for (f = __preinit_array_start; f < __preinit_array_end; ++f)
    (*f)();
  for (f = __init_array_start; f < __init_array_end; ++f)
    (*f)();
}

void
__l4_parse_initial_stack(l4_umword_t *sp, struct __l4_start_args *out)
{
  l4_umword_t *p;
  out->argc = (int)sp[0];
  out->argv = (char **)&sp[1];
  out->envp = out->argv + out->argc + 1;
  for (p = (l4_umword_t *)out->envp; *p; ++p)
    ;
  /* The aux vector starts after the NULL that ends envp. */
  for (++p; p[0] != AT_NULL; p += 2)
    {
      switch (p[0])
        {
        case AT_L4_AUX:
          l4re_global_aux = (l4re_aux_t *)p[1];
          break;
        case AT_L4_ENV:
          l4re_global_env = (l4re_env_t *)p[1];
          break;
        case AT_L4_KIP:
          l4_global_kip = (l4_kernel_info_t *)p[1];
          break;
        default:
          break;
        }
    }
}

void
__l4_libc_start(l4_umword_t *sp)
{
  struct __l4_start_args a;
  __l4_parse_initial_stack(sp, &a);
  run_constructors();
  exit(main(a.argc, a.argv, a.envp));
}
