/* "hello" without the C library: build a vcon write message in the UTCB by
 * hand and send it to the log capability with one IPC system call. */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/vcon.h>
#include <string.h>

int main(void)
{
  /* The message registers live in this thread's UTCB. */
  l4_msg_regs_t *mr = l4_utcb_mr();

  mr->mr[0] = L4_VCON_WRITE_OP;          /* opcode: write */
  mr->mr[1] = 7;                         /* number of characters */
  memcpy(&mr->mr[2], "hello\n", 7);      /* the characters, from MR2 on */

  /* 4 words: opcode, length and two words of text. */
  l4_ipc_send(l4re_env()->log, l4_utcb(),
              l4_msgtag(L4_PROTO_LOG, 4, 0, 0), L4_IPC_NEVER);

  return 0;
}
