/* The initial environment and the KIP, as an L4Re program reads them:
 * l4re_env(), the named capabilities, L4RE_THIS_TASK_CAP and l4re_kip(). */
#include <l4/re/env.h>
#include <l4/re/consts.h>
#include <l4/sys/kip.h>
#include <l4/sys/task.h>
#include <l4/sys/types.h>
#include <stdio.h>

static int failures;

static void check(char const *what, int ok)
{
  if (!ok)
    {
      printf("FAIL: %s\n", what);
      ++failures;
    }
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_kernel_info_t const *kip = l4re_kip();
  l4_cpu_time_t t0, t1;
  char const *s;
  int features = 0;

  check("l4re_env() is set", e != NULL);
  check("L4RE_THIS_TASK_CAP is the task's base capability", L4RE_THIS_TASK_CAP == L4_BASE_TASK_CAP);
  check("the main thread runs at L4RE_MAIN_THREAD_PRIO", L4RE_MAIN_THREAD_PRIO == 2);
  check("the own task capability is valid",
        l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP)) == 1);
  check("the region manager capability is valid", l4_is_valid_cap(e->rm));
  check("the memory allocator capability is valid", l4_is_valid_cap(e->mem_alloc));
  check("an unknown name gives an invalid capability",
        l4_is_invalid_cap(l4re_env_get_cap("no-such-capability")));
  /* Without libpthread the UTCB area after the main thread's UTCB is ours. */
  check("first_free_utcb lies in the UTCB area",
        e->first_free_utcb != ~0UL
        && e->first_free_utcb >= l4_fpage_memaddr(e->utcb_area)
        && e->first_free_utcb < l4_fpage_memaddr(e->utcb_area) + (1UL << l4_fpage_size(e->utcb_area)));
  check("first_free_utcb is UTCB-aligned", e->first_free_utcb % L4_UTCB_OFFSET == 0);

  check("l4re_kip() is l4_kip()", kip == l4_kip());
  check("the KIP has its magic", kip->magic == L4_KERNEL_INFO_MAGIC);
  check("the kernel is a Fiasco", l4_kip_version(kip) == L4_KIP_VERSION_FIASCO);
  check("the CPU frequency is known", kip->frequency_cpu > 0);
  s = l4_kip_version_string(kip);
  check("the version string is not empty", s[0] != 0);
  l4_kip_for_each_feature(s)
    ++features;
  check("an unknown feature is not there", !l4_kip_kernel_has_feature(kip, "no-such-feature"));

  t0 = l4_kip_clock(kip);
  l4_ipc_sleep_ms(3);
  t1 = l4_kip_clock(kip);
  check("the KIP clock advances by the sleep", t1 - t0 >= 3000);
  check("the ns clock agrees with the us clock", l4_kip_clock_ns(kip) / 1000 >= t1);

  printf("kip: version string '%s', %d feature strings\n", l4_kip_version_string(kip), features);
  printf("env_kip: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
