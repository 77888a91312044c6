/* irq-wait: binds an IRQ to ICU line 5 and waits for it a few rounds, each
 * with a short timeout, counting the IRQs that came. The debugger raises the
 * line (the `irq 5` Debug Console command): a host input that time travel
 * logs and replays (dap-time-travel.test.ts). */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/ipc.h>
#include <stdio.h>

enum { LINE = 5, LABEL = 0x70, ROUNDS = 3 };

volatile unsigned irqs_seen;
volatile unsigned rounds_done;

int main(void)
{
  l4_cap_idx_t irq = l4re_util_cap_alloc();
  l4_cap_idx_t icu = l4re_env_get_cap("icu");
  l4_umword_t label = 0;
  unsigned i;

  l4_factory_create_irq(l4re_env()->factory, irq);
  l4_icu_bind(icu, LINE, irq);
  l4_irq_attach(irq, LABEL, l4re_env()->main_thread);
  printf("waiting for line %d\n", LINE);
  for (i = 0; i < ROUNDS; i++)
    {
      l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(1000)));
      if (!l4_ipc_error(tag, l4_utcb()) && label == LABEL)
        irqs_seen++;
      rounds_done++;
    }
  printf("irqs %u\n", irqs_seen);
  return 0;
}
