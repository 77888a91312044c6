/* Allocates ROUNDS dataspaces of DS_SIZE bytes from moe (Mem_alloc alloc, as the real client sends it),
 * maps a few of each one's pages straight into this task (Dataspace map), writes and reads them, then
 * unmaps them and drops its only capability. ROUNDS * DS_SIZE is more than the machine's RAM, so this
 * only gets through when moe frees a dataspace once its last capability is gone. Prints
 *   probe: round <n> ok          every 10 rounds
 *   probe: round <n> failed: <what> <error>   and stops
 *   probe: done <ROUNDS> rounds of <DS_SIZE> bytes */
#include <stdio.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include <l4/sys/consts.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>

enum { ROUNDS = 40, DS_SIZE = 8 << 20, TOUCHED = 4, WINDOW = 0x30000000 };
enum { PROTO_DATASPACE = 0x4000, DS_OP_MAP = 0, RW = 6 };

/* The answer's label, or the IPC error as a negative number below -1000. */
static long call(l4_cap_idx_t dest, long label, unsigned words)
{
  l4_msgtag_t t = l4_ipc_call(dest, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_NEVER);
  long e = l4_ipc_error(t, l4_utcb());
  return e ? -1000 - e : l4_msgtag_label(t);
}

static long alloc_ds(l4_cap_idx_t ds)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = PROTO_DATASPACE;
  mr[1] = 0x81 | 4 << 16; mr[2] = DS_SIZE;
  mr[3] = 0x01 | 4 << 16; mr[4] = 0;
  mr[5] = 0x01 | 4 << 16; mr[6] = 0;
  l4_utcb_br()->bdr = 0;
  l4_utcb_br()->br[0] = ds | L4_RCV_ITEM_SINGLE_CAP;
  l4_utcb_br()->br[1] = 0;
  return call(l4re_env()->mem_alloc, L4_PROTO_FACTORY, 7);
}

static long map_page(l4_cap_idx_t ds, unsigned long offset, l4_addr_t page)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = DS_OP_MAP; mr[1] = 0;
  mr[2] = offset;    mr[3] = 0;
  mr[4] = 0;         mr[5] = 0;
  mr[6] = RW;
  l4_utcb_br()->bdr = 0;
  l4_utcb_br()->br[0] = L4_ITEM_MAP;
  l4_utcb_br()->br[1] = l4_fpage(page, L4_PAGESHIFT, 0).raw;
  l4_utcb_br()->br[2] = 0;
  return call(ds, PROTO_DATASPACE, 7);
}

static int round_trip(unsigned round, l4_cap_idx_t ds)
{
  long e = alloc_ds(ds);
  if (e < 0)
    {
      printf("probe: round %u failed: alloc %ld\n", round, e);
      return -1;
    }
  for (unsigned i = 0; i < TOUCHED; ++i)
    {
      unsigned long offset = (DS_SIZE / TOUCHED) * i;
      l4_addr_t page = WINDOW + i * L4_PAGESIZE;
      e = map_page(ds, offset, page);
      volatile unsigned *word = (volatile unsigned *)page;
      if (e < 0 || *word != 0)
        {
          printf("probe: round %u failed: map %ld, page %u reads %x\n", round, e, i, e < 0 ? 0 : *word);
          return -1;
        }
      *word = round * 100 + i;
      if (*word != round * 100 + i)
        {
          printf("probe: round %u failed: page %u does not keep what was written\n", round, i);
          return -1;
        }
    }
  l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(WINDOW, L4_PAGESHIFT + 2, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
  return 0;
}

int main(void)
{
  l4_cap_idx_t ds = l4re_util_cap_alloc(); /* the same slot every round: the old capability is gone */
  for (unsigned round = 1; round <= ROUNDS; ++round)
    {
      if (round_trip(round, ds) < 0)
        return 1;
      if (round % 10 == 0)
        printf("probe: round %u ok\n", round);
    }
  printf("probe: done %u rounds of %u bytes\n", ROUNDS, DS_SIZE);
  return 0;
}
