/* Allocates ROUNDS dataspaces of DS_SIZE bytes from moe (Mem_alloc alloc, as the real client sends it),
 * maps a few of each one's pages straight into this task (Dataspace map), writes and reads them, then
 * unmaps them and drops its only capability. ROUNDS * DS_SIZE is more than the machine's RAM, so this
 * only gets through when moe frees a dataspace once its last capability is gone. Prints
 *   probe: round <n> ok          every 10 rounds
 *   probe: round <n> failed: <what> <error>   and stops
 *   probe: done <ROUNDS> rounds of <DS_SIZE> bytes
 * Then the same number of task rounds: a region map from moe with a fresh dataspace attached, handed to a
 * child task, whose deletion takes the region map's last capability (and with it the dataspace's):
 *   probe: task round <n> ok / failed: <what> <error>
 *   probe: done <ROUNDS> task rounds */
#include <stdio.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/factory.h>
#include <string.h>
#include <l4/sys/utcb.h>
#include <l4/sys/consts.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>

enum { ROUNDS = 40, DS_SIZE = 8 << 20, TOUCHED = 4, WINDOW = 0x30000000 };
enum { PROTO_DATASPACE = 0x4000, PROTO_RM = 0x4005, DS_OP_MAP = 0, RW = 6, ATTACH_AT = 0x10000000 };

/* The answer's label, or the IPC error as a negative number below -1000. */
static long call(l4_cap_idx_t dest, long label, unsigned words)
{
  l4_msgtag_t t = l4_ipc_call(dest, l4_utcb(), l4_msgtag(label, words, 0, 0), L4_IPC_NEVER);
  long e = l4_ipc_error(t, l4_utcb());
  return e ? -1000 - e : l4_msgtag_label(t);
}

static long alloc_ds(l4_cap_idx_t ds);

static void receive_into(l4_cap_idx_t slot)
{
  l4_utcb_br()->bdr = 0;
  l4_utcb_br()->br[0] = slot | L4_RCV_ITEM_SINGLE_CAP;
  l4_utcb_br()->br[1] = 0;
}

/* Mem_alloc create of a region map (no arguments). */
static long alloc_rm(l4_cap_idx_t rm)
{
  l4_utcb_mr()->mr[0] = PROTO_RM;
  receive_into(rm);
  return call(l4re_env()->mem_alloc, L4_PROTO_FACTORY, 1);
}

/* L4Re::Rm attach of all of ds at a fixed address, the dataspace as a map item. */
static long attach(l4_cap_idx_t rm, l4_cap_idx_t ds)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  memset(mr, 0, 12 * sizeof(*mr));
  mr[1] = ATTACH_AT;
  mr[2] = DS_SIZE;
  mr[3] = RW;
  mr[6] = 12;
  mr[7] = ds;
  mr[8] = 1;
  mr[12] = L4_ITEM_MAP;
  mr[13] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RW).raw;
  l4_msgtag_t t = l4_ipc_call(rm, l4_utcb(), l4_msgtag(PROTO_RM, 12, 1, 0), L4_IPC_NEVER);
  long e = l4_ipc_error(t, l4_utcb());
  return e ? -1000 - e : l4_msgtag_label(t);
}

static void drop(l4_cap_idx_t cap)
{
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
}

static int task_round(unsigned round, l4_cap_idx_t rm, l4_cap_idx_t ds, l4_cap_idx_t task)
{
  long e = alloc_rm(rm);
  char const *what = "rm";
  if (e >= 0)
    {
      what = "ds";
      e = alloc_ds(ds);
    }
  if (e >= 0)
    {
      what = "attach";
      e = attach(rm, ds);
    }
  if (e >= 0)
    {
      what = "task";
      e = l4_error(l4_factory_create_task(l4re_env()->factory, task, l4_fpage(0xb0000000, 12, 0)));
    }
  if (e >= 0)
    {
      what = "map to task";
      e = l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(rm, 0, L4_CAP_FPAGE_RWS),
                               l4_map_obj_control(0x20 << L4_CAP_SHIFT, L4_MAP_ITEM_MAP)));
    }
  if (e < 0)
    {
      printf("probe: task round %u failed: %s %ld\n", round, what, e);
      return -1;
    }
  drop(ds);
  drop(rm);
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
  return 0;
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

  l4_cap_idx_t rm = l4re_util_cap_alloc(), task = l4re_util_cap_alloc();
  for (unsigned round = 1; round <= ROUNDS; ++round)
    {
      if (task_round(round, rm, ds, task) < 0)
        return 1;
      if (round % 10 == 0)
        printf("probe: task round %u ok\n", round);
    }
  printf("probe: done %u task rounds\n", ROUNDS);
  return 0;
}
