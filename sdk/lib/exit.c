/* Program termination: tell the L4Re parent with the "signal" IPC, then
 * sleep forever (the parent tears the task down). */
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <stdio.h>
#include <stdlib.h>

void
_exit(int status)
{
  l4re_env_t *env = l4re_env();
  if (env)
    {
      l4_msg_regs_t *mr = l4_utcb_mr();
      mr->mr[0] = L4RE_PARENT_OP_SIGNAL;
      mr->mr[1] = L4RE_PARENT_SIG_EXIT;
      mr->mr[2] = (l4_umword_t)status;
      l4_ipc_call(env->parent, l4_utcb(),
                  l4_msgtag(L4RE_PROTO_PARENT, 3, 0, 0), L4_IPC_NEVER);
    }
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

void
exit(int status)
{
  __stdout_flush();
  _exit(status);
}

void
abort(void)
{
  __stdout_flush();
  _exit(134); /* 128 + SIGABRT, as a shell would report it */
}
