/* The rest of the Dataspace and Rm protocols, as a program sees them: info,
 * allocate, copy_in, map into a reserved area, an eagerly mapped region, a
 * named region, find on an area, get_regions, and the selectors find and detach give
 * back. The same checks pass under our moe and under the real moe + l4re
 * (test/moe, test/real-l4re). */
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/__rpc.h>
#include "tap-check.h"

/* L4Re::Rm::get_regions (no C function in L4Re): MR0 opcode 5, MR1 the
 * address to list from; reply label = count, {start, end, flags} each.
 * Whether a region [start, end] with `flags` rights is among them. */
static int listed(l4_addr_t start, l4_addr_t end, unsigned rights)
{
  l4_msg_regs_t *m = l4_utcb_mr();
  l4_ret_t n, i;
  m->mr[0] = L4RE_RM_OP_GET_REGIONS;
  m->mr[1] = 0;
  n = __l4re_rpc_call(l4re_env()->rm, L4RE_PROTO_RM, 2, 0, l4_utcb());
  for (i = 0; i < n; ++i)
    if (m->mr[3 * i] == start && m->mr[3 * i + 1] == end && (m->mr[3 * i + 2] & L4RE_RM_F_RWX) == rights)
      return 1;
  return 0;
}

enum { PAGE = L4_PAGESIZE, SIZE = 4 * L4_PAGESIZE };

int main(void)
{
  l4re_ds_t a = l4re_util_cap_alloc(), b = l4re_util_cap_alloc(), got = L4_INVALID_CAP;
  l4re_ds_stats_t st;
  void *pa = 0, *pb = 0;
  l4_addr_t area = 0, at;
  unsigned long size;
  l4re_rm_offset_t offset;
  l4re_rm_flags_t flags;
  char *p;

  check("two dataspaces", l4re_ma_alloc(SIZE, a, 0) == 0 && l4re_ma_alloc(SIZE, b, 0) == 0, 1);
  check("info: size", l4re_ds_info(a, &st) == 0 && st.size == SIZE, 1);
  check("info: read-write", (st.flags & L4RE_DS_F_RW) == L4RE_DS_F_RW, 1);
  check("l4re_ds_flags agrees", l4re_ds_flags(a) == st.flags, 1);
  check("allocate backs a range", l4re_ds_allocate(a, PAGE, 2 * PAGE), 0);

  check("attach a eagerly mapped",
        l4re_rm_attach(&pa, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW | L4RE_RM_F_EAGER_MAP, a, 0,
                       L4_PAGESHIFT), 0);
  p = pa;
  strcpy(p + PAGE + 8, "copied by moe");
  check("copy_in copies between dataspaces", l4re_ds_copy_in(b, 0, a, PAGE, PAGE), 0);
  check("copy_in without a source fails at once", l4re_ds_copy_in(b, 0, L4_INVALID_CAP, 0, PAGE),
        -L4_EMSGMISSARG);
  check("attach b with a name",
        l4re_rm_attach_w_info(&pb, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, b, 0, L4_PAGESHIFT,
                              "copy", 0x3000), 0);
  check("b holds the copy", strcmp((char *)pb + 8, "copied by moe"), 0);

  at = (l4_addr_t)pb + PAGE + 3;
  size = 1;
  check("find b's region", l4re_rm_find(&at, &size, &offset, &flags, &got), 0);
  check("from its start", at == (l4_addr_t)pb, 1);
  check("with its size", size, SIZE);
  check("read-only", flags & L4RE_RM_F_RWX, L4RE_RM_F_R);
  check("naming b", got == b, 1);
  {
    /* Rm get_info: the name and backing offset attach_w_info gave the region holding an address. */
    char name[16];
    l4re_rm_offset_t backing = 0;
    check("get_info names b's region", l4re_rm_get_info(at + 5, name, sizeof(name), &backing), 0);
    check("as attach_w_info named it", strcmp(name, "copy"), 0);
    check("with its backing offset", backing == 0x3000, 1);
  }
  check("get_regions lists b's region", listed((l4_addr_t)pb, (l4_addr_t)pb + SIZE - 1, L4RE_RM_F_R), 1);

  check("an area of one page", l4re_rm_reserve_area(&area, PAGE, L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT), 0);
  at = area;
  size = 1;
  check("find reports the area", l4re_rm_find(&at, &size, &offset, &flags, &got) == 0 && at == area, 1);
  check("flagged as an area", (flags & L4RE_RM_F_IN_AREA) != 0, 1);
  check("map a's second page into the area", l4re_ds_map(a, PAGE, L4RE_DS_F_R, area, area, area + PAGE), 0);
  check("the area shows it", strcmp((char *)area + 8, "copied by moe"), 0);

  {
    /* Anonymous memory (Rm::F::Anonymous 0x2000, as L4Re's libc asks for
     * its heap): no dataspace, zero-filled pages of the region manager's. */
    void *anon = 0;
    check("anonymous memory attaches", l4re_rm_attach(&anon, 2 * PAGE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW | 0x2000,
                                                      L4_INVALID_CAP, 0, L4_PAGESHIFT), 0);
    check("reads zero", ((volatile char *)anon)[PAGE + 1], 0);
    ((volatile char *)anon)[PAGE + 1] = 5;
    check("keeps what is written", ((volatile char *)anon)[PAGE + 1], 5);
    check("and detaches", l4re_rm_detach(anon), 0);
  }
  l4re_rm_show_lists();
  got = L4_INVALID_CAP;
  check("detach b", l4re_rm_detach_ds(pb, &got), 0);
  check("detach names b", got == b, 1);
  check("clear zeroes a page", l4re_ds_clear(a, PAGE, PAGE), 0);
  check("a shows zeros", p[PAGE + 8], 0);
  check("detach a", l4re_rm_detach(pa), 0);
  check("free the area", l4re_rm_free_area(area), 0);
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
