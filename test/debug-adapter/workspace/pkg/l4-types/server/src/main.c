/* One local of each L4 type the debugger renders as such (l4_msgtag_t,
 * l4_cap_idx_t, l4_timeout_t, l4_fpage_t, an IPC error and an L4 error),
 * filled from real system calls where there is one. Used by the debugger
 * tests of L4-typed values (test/debug-adapter/dap-l4-types.test.ts). */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

static unsigned char buffer[64] = "fiasco";

int main(void)
{
  /* An IPC to a capability slot nobody filled: the kernel answers with an error. */
  l4_cap_idx_t empty = 200UL << L4_CAP_SHIFT;
  l4_cap_idx_t log = L4_BASE_LOG_CAP;
  l4_timeout_t timeout = l4_timeout(L4_IPC_TIMEOUT_0, l4_timeout_rel(5, 10));
  l4_msgtag_t tag = l4_ipc_send(empty, l4_utcb(), l4_msgtag(0x77, 3, 0, 0), timeout);
  l4_umword_t ipc_err = l4_ipc_error(tag, l4_utcb());
  long err = l4_error(tag);
  l4_fpage_t page = l4_fpage(0x00200000, 12, L4_FPAGE_RW);
  l4_fpage_t objects = l4_obj_fpage(log, 0, L4_CAP_FPAGE_RWS);
  unsigned char *bytes = buffer;

  printf("tag %ld ipc_err %lu err %ld page %lx objects %lx %s\n", tag.raw, ipc_err, err, page.raw, objects.raw, (char *)bytes); /* l4-types: all set */
  return 0;
}
