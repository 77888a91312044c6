/* Isolation matrix, rights (issue 11): ned gives the server its channel with
 * chan:svr() (rws) and two clients the plain channel (read-only). A client
 * cannot rebind the gate to itself (bind needs S: -L4_EPERM), so every call
 * reaches the real server, which sees the clients' calls without W/S bits.
 * One program, three roles: "server N", "client NAME". */
#include <ktest.h>
#include <l4/re/env.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include <string.h>
#include <stdlib.h>

enum { GATE_LABEL = 0x520, ANSWER = 42, LIE = 666, CALLS_PER_CLIENT = 3 };

static int server(l4_cap_idx_t gate, unsigned calls)
{
  l4_umword_t label, labels_ok = 1;
  l4_msgtag_t tag;
  unsigned i;

  ktest_ok_tag("server: binds the channel it got with svr()",
               l4_ipc_gate_bind_thread(gate, l4re_env()->main_thread, GATE_LABEL));
  tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  for (i = 1;; ++i)
    {
      if (l4_msgtag_has_error(tag) || label != GATE_LABEL)
        labels_ok = 0;
      l4_utcb_mr()->mr[0] = ANSWER;
      if (i == calls)
        break;
      tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
    }
  l4_ipc_reply(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
  ktest_true("server: every call came through the gate from a read-only client (label without W/S)",
             labels_ok, "a call with another label");
  ktest_eq("server: answered all calls", i, calls);
  return ktest_verdict();
}

static int client(l4_cap_idx_t gate, char const *name)
{
  char what[96];
  long err;
  int i, answered = 0;

  err = l4_error(l4_ipc_gate_bind_thread(gate, l4re_env()->main_thread, 0x660));
  snprintf(what, sizeof what, "%s: rebinding the read-only channel to itself: -L4_EPERM", name);
  ktest_eq(what, err, -L4_EPERM);
  for (i = 0; i < CALLS_PER_CLIENT; ++i)
    {
      l4_msgtag_t tag;
      int tries = 0;
      do
        {
          l4_utcb_mr()->mr[0] = 7;
          tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
          if (l4_msgtag_has_error(tag))
            l4_ipc_sleep_ms(1); /* the server has not bound the gate yet */
        }
      while (l4_msgtag_has_error(tag) && ++tries < 20);
      if (!l4_msgtag_has_error(tag) && l4_utcb_mr()->mr[0] == ANSWER)
        ++answered;
    }
  snprintf(what, sizeof what, "%s: every call got the real server's answer", name);
  ktest_eq(what, answered, CALLS_PER_CLIENT);
  return ktest_verdict();
}

int main(int argc, char **argv)
{
  l4_cap_idx_t gate = l4re_env_get_cap("channel");
  if (l4_is_invalid_cap(gate) || argc < 3)
    {
      printf("not ok - iso-rights: needs the capability \"channel\" and a role\n");
      return 1;
    }
  if (!strcmp(argv[1], "server"))
    return server(gate, (unsigned)atoi(argv[2]));
  return client(gate, argv[2]);
}
