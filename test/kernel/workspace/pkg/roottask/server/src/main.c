/* A root task that is not moe (spec 3.2, 10.3): no L4Re environment, the
 * kernel's initial capabilities, sigma0 as its pager. */
#include <ktest.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/task.h>

enum { SIGMA0_RAM = 0x60, SIGMA0_KIP = 0xa0 };

static long sigma0_request(unsigned long id, l4_umword_t fp, l4_msgtag_t *tag)
{
  l4_utcb_t *u = l4_utcb();
  l4_utcb_mr_u(u)->mr[0] = ~0xffUL | id;
  l4_utcb_mr_u(u)->mr[1] = fp;
  l4_utcb_br_u(u)->bdr = 0;
  l4_utcb_br_u(u)->br[0] = L4_ITEM_MAP;
  l4_utcb_br_u(u)->br[1] = l4_fpage_all().raw;
  *tag = l4_ipc_call(L4_BASE_PAGER_CAP, u, l4_msgtag(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
  return l4_error(*tag);
}

int main(int argc, char **argv)
{
  l4_msgtag_t tag;
  volatile unsigned *ram = (volatile unsigned *)0x40000000;
  volatile unsigned *faulted = (volatile unsigned *)0x50000000;

  ktest_eq("a root task has no L4Re environment", l4re_env() == 0, 1);
  ktest_eq("its arguments come from modules.lst", argc == 3 && !strcmp(argv[1], "alpha") && !strcmp(argv[2], "beta"), 1);
  ktest_eq("its own task cap is valid", l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, L4_BASE_THREAD_CAP)), 1);
  ktest_eq("its UTCB is at 0xBFF00000", (unsigned long)l4_utcb(), 0xbff00000UL);
  ktest_eq("sigma0 answers a RAM request", sigma0_request(SIGMA0_RAM, l4_fpage(0x40000000, 12, L4_FPAGE_RW).raw, &tag), 0);
  ktest_eq("with one map item", l4_msgtag_items(tag), 1);
  ram[0] = 0x5157a;
  ktest_eq("the RAM it gave is usable", ram[0], 0x5157a);
  ktest_eq("sigma0 hands out the KIP", sigma0_request(SIGMA0_KIP, 0, &tag), 0);
  faulted[1] = 7;
  ktest_eq("sigma0 resolves page faults anywhere", faulted[1], 7);
  ktest_eq("an unknown sigma0 request is refused", sigma0_request(0x33, 0, &tag), -L4_ENOSYS);
  return ktest_verdict();
}
