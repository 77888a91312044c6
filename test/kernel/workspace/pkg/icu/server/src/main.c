/* The interrupt controller (spec 9.5): an IRQ object bound to an interrupt
 * line reaches its thread when the line is raised (here by the test harness,
 * which raises line 5 when it sees "waiting for line 5"). As in L4Re, the
 * program gets the kernel's ICU from moe as the named capability "icu" (only
 * the root task holds it in slot L4_BASE_ICU_CAP). */
#include <ktest.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>

enum { LINE = 5, LABEL = 0x70 };

int main(void)
{
  l4_icu_info_t info;
  l4_cap_idx_t irq = l4re_util_cap_alloc();
  l4_umword_t label = 0;
  l4_msgtag_t tag;
  l4_cap_idx_t icu = l4re_env_get_cap("icu");

  ktest_true("the program holds the icu as named capability \"icu\"", l4_is_valid_cap(icu), "no \"icu\"");
  ktest_eq("icu info answers", l4_error(l4_icu_info(icu, &info)), 0);
  ktest_eq("the icu has 16 lines", info.nr_irqs, 16);
  ktest_eq("create an IRQ", l4_error(l4_factory_create_irq(l4re_env()->factory, irq)), 0);
  ktest_eq("bind it to line 5", l4_error(l4_icu_bind(icu, LINE, irq)), 0);
  ktest_eq("a line beyond the last is refused", l4_error(l4_icu_bind(icu, 99, irq)), -L4_EINVAL);
  ktest_eq("attach the IRQ to this thread", l4_error(l4_irq_attach(irq, LABEL, l4re_env()->main_thread)), 0);
  printf("waiting for line %d\n", LINE);
  tag = l4_ipc_wait(l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(100000)));
  ktest_eq("the raised line arrives as an IRQ message", l4_ipc_error(tag, l4_utcb()), 0);
  ktest_eq("with the attached label", label, LABEL);
  ktest_eq("and tag 0", tag.raw, 0);
  ktest_eq("unbind the line", l4_error(l4_icu_unbind(icu, LINE, irq)), 0);
  return ktest_verdict();
}
