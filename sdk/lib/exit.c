/* Program termination: tell the L4Re parent with the "signal" IPC, then
 * sleep forever (the parent tears the task down). */
#include <l4/re/env.h>
#include <l4/re/c/parent.h>
#include <l4/sys/ipc.h>
#include <stdio.h>
#include <stdlib.h>

void
_exit(int status)
{
  l4re_env_t *env = l4re_env();
  if (env)
    l4re_parent_signal(env->parent, L4RE_PARENT_SIG_EXIT, (unsigned long)status);
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
