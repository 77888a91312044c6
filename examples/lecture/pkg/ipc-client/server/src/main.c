/* A client: it calls the server through the "channel" capability ned gave
 * it and prints the answers. */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/util/util.h>
#include <stdio.h>

int main(void)
{
  l4_cap_idx_t server = l4re_env_get_cap("channel");
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_msgtag_t tag;

  if (l4_is_invalid_cap(server))
    {
      printf("no capability named 'channel'\n");
      return 1;
    }
  for (l4_umword_t x = 1; x <= 5; ++x)
    {
      mr->mr[0] = x;
      tag = l4_ipc_call(server, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
      if (l4_ipc_error(tag, l4_utcb()) == L4_IPC_ENOT_EXISTENT)
        {
          /* The server has not bound the gate yet: try again a bit later. */
          l4_sleep(1);
          --x;
          continue;
        }
      printf("client: %lu squared is %lu\n", x, mr->mr[0]);
    }
  printf("client: done\n");
  return 0;
}
