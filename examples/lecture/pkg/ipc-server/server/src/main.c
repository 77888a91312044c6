/* A server: it binds the IPC gate ned gave it as "channel" to its thread
 * and answers requests through it: the square of the number in MR0. */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <stdio.h>

enum { GATE_LABEL = 0x10 };

int main(void)
{
  l4_cap_idx_t gate = l4re_env_get_cap("channel");
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_umword_t label;
  l4_msgtag_t tag;

  if (l4_is_invalid_cap(gate))
    {
      printf("no capability named 'channel'\n");
      return 1;
    }
  /* Messages sent through the gate now arrive here, with GATE_LABEL. */
  if (l4_error(l4_ipc_gate_bind_thread(gate, l4re_env()->main_thread, GATE_LABEL)) < 0)
    {
      printf("cannot bind the gate\n");
      return 1;
    }
  printf("server: ready\n");

  tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
  for (;;)
    {
      l4_umword_t x = mr->mr[0];
      printf("server: request %lu (label 0x%lx)\n", x, label & ~3UL);
      mr->mr[0] = x * x;
      tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
      (void)tag;
    }
}
