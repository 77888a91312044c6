/* Faults for the debugger's exception filters: a page fault the region
 * manager resolves (first touch of freshly attached memory), an IPC to an
 * empty capability slot (a capability fault), then a write to an address
 * nobody maps (a page fault nobody can resolve). */
#include <l4/re/env.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/ipc.h>
#include <stdio.h>

enum { EMPTY_SLOT = 0x1f0, PAGE = 4096 };

int main(void)
{
  l4_msgtag_t tag;
  volatile int *nowhere = (volatile int *)0x10;
  l4re_ds_t ds = l4re_util_cap_alloc();
  void *region = 0;
  long err;

  err = l4re_ma_alloc(PAGE, ds, 0);
  if (!err)
    err = l4re_rm_attach(&region, PAGE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 12);
  if (!err)
    *(volatile int *)region = 42;
  printf("attached memory: error %ld\n", err);

  tag = l4_ipc_send(EMPTY_SLOT << L4_CAP_SHIFT, l4_utcb(),
                    l4_msgtag(0x42, 0, 0, 0), L4_IPC_NEVER);
  printf("send to an empty slot: error %ld\n", l4_ipc_error(tag, l4_utcb()));
  *nowhere = 1;
  printf("not reached\n");
  return 0;
}
