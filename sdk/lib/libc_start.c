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
  exit(main(a.argc, a.argv, a.envp));
}
