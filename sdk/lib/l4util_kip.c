/* KIP helpers of <l4/util/kip.h>. */
#include <l4/util/kip.h>
#include <stdlib.h>
#include <string.h>

L4_CV int
l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str)
{
  return l4_kip_kernel_has_feature(k, str);
}

L4_CV unsigned long
l4util_kip_kernel_abi_version(l4_kernel_info_t const *k)
{
  char const *s = l4_kip_version_string(k);
  l4util_kip_for_each_feature(s)
    if (strncmp(s, "abiver:", 7) == 0)
      return strtoul(s + 7, 0, 0);
  return 0;
}
