/* Asks the program's region map (env->rm = l4re) with messages marshalled here, as the real L4Re C++ client
 * does (research notes "real-protocols", L4Re::Rm), and prints every answer for the test to check:
 *   probe: <what> label=<l> mr0=<hex> mr1=<hex> mr2=<hex>
 * The last step writes to a read-only region: l4re refuses the page and reports the exception. */
#include <stdio.h>
#include <string.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/sys/consts.h>
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>

enum { RM = 0x4005, F_R = 4, F_RW = 6, F_SEARCH = 0x20000, F_IN_AREA = 0x40000, F_ANON = 0x2000 };

/* The answer's first words, kept: printing is IPC too and overwrites the message registers. */
static l4_umword_t reply[7];

static long rm_call(char const *what, unsigned words, l4_cap_idx_t ds)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  unsigned items = 0;
  if (!l4_is_invalid_cap(ds))
    {
      mr[words] = L4_ITEM_MAP;
      mr[words + 1] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RW).raw;
      items = 1;
    }
  l4_msgtag_t t = l4_ipc_call(l4re_env()->rm, l4_utcb(), l4_msgtag(RM, words, items, 0), L4_IPC_NEVER);
  long label = l4_msgtag_label(t);
  memcpy(reply, mr, sizeof(reply));
  printf("probe: %s label=%ld mr0=%lx mr1=%lx mr2=%lx\n", what, label, reply[0], reply[1], reply[2]);
  return label;
}

static long attach(char const *what, l4_addr_t *start, unsigned long size, unsigned flags, l4_cap_idx_t ds)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  memset(mr, 0, 12 * sizeof(*mr));
  mr[0] = 0;                 /* attach */
  mr[1] = *start;
  mr[2] = size;
  mr[3] = flags;
  mr[6] = 12;                /* align */
  mr[7] = ds;                /* the selector as the client knows it */
  mr[8] = 1;                 /* name "" */
  long l = rm_call(what, 12, ds);
  *start = reply[0];
  return l;
}

static long op2(char const *what, unsigned op, l4_umword_t a, l4_umword_t b)
{
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = op; mr[1] = a; mr[2] = b;
  return rm_call(what, 3, L4_INVALID_CAP);
}

/* Mem_alloc alloc as the real client sends it: a Factory create of a dataspace (size, flags, align). */
static l4_cap_idx_t new_ds(unsigned long size)
{
  l4_cap_idx_t ds = l4re_util_cap_alloc();
  l4_umword_t *mr = l4_utcb_mr()->mr;
  mr[0] = 0x4000;
  mr[1] = 0x81 | 4 << 16; mr[2] = size;
  mr[3] = 0x01 | 4 << 16; mr[4] = 0;
  mr[5] = 0x01 | 4 << 16; mr[6] = 0;
  l4_utcb_br()->bdr = 0;
  l4_utcb_br()->br[0] = ds | L4_RCV_ITEM_SINGLE_CAP;
  l4_utcb_br()->br[1] = 0;
  l4_msgtag_t t = l4_ipc_call(l4re_env()->mem_alloc, l4_utcb(), l4_msgtag(L4_PROTO_FACTORY, 7, 0, 0), L4_IPC_NEVER);
  if (l4_ipc_error(t, l4_utcb()) || l4_msgtag_label(t) < 0)
    printf("probe: cannot allocate a dataspace\n");
  return ds;
}

int main(void)
{
  /* A dataspace attached read-write: its pages come through l4re's page-fault handler. */
  l4_cap_idx_t ds = new_ds(0x2000);
  l4_addr_t a = 0x20000000;
  attach("attach rw", &a, 0x2000, F_SEARCH | F_RW, ds);
  volatile unsigned *p = (volatile unsigned *)a;
  p[0] = 0x1234;
  p[0x400] = 0x5678;
  printf("probe: wrote and read %x %x\n", p[0], p[0x400]);
  op2("find", 2, a + 0x1000, 1);
  printf("probe: find offset=%lx cap=%lx ds=%lx\n", reply[4], reply[6], ds);

  /* An area: regions go in only with In_area. */
  l4_addr_t area = 0x30000000;
  l4_umword_t *m = l4_utcb_mr()->mr;
  m[0] = 3; m[1] = area; m[2] = 0x10000; m[3] = 0; m[4] = 12;
  rm_call("reserve_area", 5, L4_INVALID_CAP);
  l4_addr_t in = area + 0x4000, out = area + 0x8000;
  attach("attach in area", &in, 0x1000, F_IN_AREA | F_ANON | F_RW, L4_INVALID_CAP);
  attach("attach in area without In_area", &out, 0x1000, F_ANON | F_RW, L4_INVALID_CAP);
  op2("find area", 2, area + 0xc000, 1);
  *(volatile unsigned *)in = 7;
  printf("probe: anonymous memory reads %x\n", *(volatile unsigned *)in);
  op2("get_regions", 5, area, 0);
  op2("get_areas", 6, area, 0);
  op2("detach in area", 1, in, 1);
  op2("free_area", 4, area, 0);
  op2("free_area again", 4, area, 0);

  /* page_in: a helper in the task that the client calls (as the real L4Re client does). */
  l4_addr_t eager = 0x40000000;
  attach("attach anonymous", &eager, 0x4000, F_SEARCH | F_ANON | F_RW, L4_INVALID_CAP);
  m[0] = 10; m[1] = eager; m[2] = eager + 0x3fff; m[3] = F_RW;
  rm_call("page_in", 4, L4_INVALID_CAP);
  long (*helper)(l4_addr_t, l4_addr_t, unsigned) = (long (*)(l4_addr_t, l4_addr_t, unsigned))reply[0];
  printf("probe: helper returned %ld\n", helper(eager, eager + 0x3fff, F_RW));
  printf("probe: paged in %lx\n", eager);

  op2("detach", 1, a, 1);
  op2("find detached", 2, a, 1);
  op2("unknown opcode", 99, 0, 0);
  op2("find size 0", 2, a, 0);

  /* Read-only memory: reading works, writing is refused. */
  l4_cap_idx_t ro = new_ds(0x1000);
  l4_addr_t r = 0x50000000;
  attach("attach ro", &r, 0x1000, F_SEARCH | F_R, ro);
  printf("probe: read-only reads %x\n", *(volatile unsigned *)r);
  printf("probe: done, now writing to %lx\n", r);
  *(volatile unsigned *)r = 1;
  printf("probe: not reached\n");
  return 0;
}
