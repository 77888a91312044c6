/* A dataspace through a capability without the W right: the server sees the
 * caller's capability rights in the low bits of the IPC label and refuses
 * what would change the memory (moe's dataspace.cc: clear and copy_in give
 * -L4_EACCESS, a writable map -L4_EPERM); info drops the W flag; a
 * read-only map, allocate and reading from it as a copy source still work.
 * A name space entry registered through such a capability keeps only the
 * rights of that capability (moe's name_space.cc, Entry::set_epiface).
 * The same checks pass under our moe and under the real moe + l4re
 * (test/moe, test/real-l4re). */
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/err.h>
#include "tap-check.h"

enum { PAGE = L4_PAGESIZE, SIZE = 2 * L4_PAGESIZE };

/* A copy of `cap` in a fresh slot of our own space with only the R right. */
static l4_cap_idx_t read_only_copy(l4_cap_idx_t cap)
{
  l4_cap_idx_t ro = l4re_util_cap_alloc();
  long e = l4_error(l4_task_map(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RO),
                                l4_map_obj_control(ro, L4_MAP_ITEM_MAP)));
  return e < 0 ? L4_INVALID_CAP : ro;
}

int main(void)
{
  l4re_ds_t full = l4re_util_cap_alloc(), other = l4re_util_cap_alloc(), ro;
  l4re_ds_stats_t st;
  void *p = 0;
  l4_addr_t area = 0;
  char *mem;

  check("two dataspaces", l4re_ma_alloc(SIZE, full, 0) == 0 && l4re_ma_alloc(SIZE, other, 0) == 0, 1);
  check("attach the full capability read-write",
        l4re_rm_attach(&p, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, full, 0, L4_PAGESHIFT), 0);
  mem = p;
  strcpy(mem + 8, "kept");
  ro = read_only_copy(full);
  check("a read-only copy of the capability", l4_is_valid_cap(ro), 1);

  check("info through the full capability: writable",
        l4re_ds_info(full, &st) == 0 && (st.flags & L4RE_DS_F_W) != 0, 1);
  check("info through the read-only one: same size", l4re_ds_info(ro, &st) == 0 && st.size == SIZE, 1);
  check("info through the read-only one: readable", (st.flags & L4RE_DS_F_R) != 0, 1);
  check("info through the read-only one: not writable", (st.flags & L4RE_DS_F_W) != 0, 0);

  check("clear through the read-only capability", l4re_ds_clear(ro, 0, PAGE), -L4_EACCESS);
  check("the memory is untouched", strcmp(mem + 8, "kept"), 0);
  check("copy_in into it through the read-only capability", l4re_ds_copy_in(ro, 0, other, 0, PAGE), -L4_EACCESS);
  check("the memory is still untouched", strcmp(mem + 8, "kept"), 0);
  check("allocate through the read-only capability", l4re_ds_allocate(ro, 0, PAGE), 0);

  check("an area of two pages", l4re_rm_reserve_area(&area, SIZE, L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT), 0);
  check("map writable through the read-only capability",
        l4re_ds_map(ro, 0, L4RE_DS_F_RW, area, area, area + SIZE), -L4_EPERM);
  check("map read-only through it", l4re_ds_map(ro, 0, L4RE_DS_F_R, area, area, area + SIZE), 0);
  check("the mapping shows the memory", strcmp((char *)area + 8, "kept"), 0);
  check("it serves as a copy source", l4re_ds_copy_in(other, 0, ro, 0, PAGE), 0);

  {
    /* The program's region manager (l4re) also attaches a shared dataspace region at moe, whose region
     * map refuses rights the capability does not give: the attach fails with -L4_EADDRNOTAVAIL. */
    void *q = 0;
    check("attach the read-only capability read-write",
          l4re_rm_attach(&q, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ro, 0, L4_PAGESHIFT), -L4_EADDRNOTAVAIL);
    check("attach it read-only",
          l4re_rm_attach(&q, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ro, 0, L4_PAGESHIFT), 0);
    check("reads through that region", strcmp((char *)q + 8, "kept"), 0);
    check("and detach it", l4re_rm_detach(q), 0);
  }

  {
    /* A region map of moe's (as ned fills one for a program it starts): a region may not have rights the
     * sent capability item does not give (moe's Region_map::validate_ds), except W for a Private one. */
    l4_cap_idx_t rm = l4re_util_cap_alloc();
    void *at;
    check("a region map from moe's factory", l4_error(l4_factory_create(l4re_env()->mem_alloc, L4RE_PROTO_RM, rm)), 0);
    at = (void *)0x10000000;
    check("moe's rm: the read-only capability read-write",
          l4re_rm_attach_srv(rm, &at, SIZE, L4RE_RM_F_RW, ro | L4_CAP_FPAGE_RWS, 0, 0), -L4_EPERM);
    check("moe's rm: the full capability read-write without rights in the index",
          l4re_rm_attach_srv(rm, &at, SIZE, L4RE_RM_F_RW, full, 0, 0), -L4_EPERM);
    check("moe's rm: the full capability read-write sent rw",
          l4re_rm_attach_srv(rm, &at, SIZE, L4RE_RM_F_RW, full | L4_CAP_FPAGE_RW, 0, 0), 0);
    at = (void *)0x10100000;
    check("moe's rm: the read-only capability read-only",
          l4re_rm_attach_srv(rm, &at, SIZE, L4RE_RM_F_R, ro, 0, 0), 0);
    at = (void *)0x10200000;
    check("moe's rm: the read-only capability private read-write",
          l4re_rm_attach_srv(rm, &at, SIZE, L4RE_RM_F_RW | 0x1000, ro | L4_CAP_FPAGE_RWS, 0, 0), 0);
  }

  check("clear through the full capability", l4re_ds_clear(full, 0, PAGE), 0);
  check("zeroes the memory", mem[8], 0);
  check("copy_in through the full capability", l4re_ds_copy_in(full, 0, other, 0, PAGE), 0);
  check("copies", strcmp(mem + 8, "kept"), 0);
  check("map writable through the full capability",
        l4re_ds_map(full, PAGE, L4RE_DS_F_RW, area + PAGE, area, area + SIZE), 0);
  ((volatile char *)area)[PAGE + 16] = 7;
  check("writes through that mapping land", mem[PAGE + 16], 7);

  {
    /* A name space of moe's: an entry keeps only the W and S rights the registered capability item carried,
     * whatever the flags ask. As in L4Re's C API (L4::Ipc::Cap::from_ci), the item's rights are the low bits
     * of the capability index given, and the kernel limits them to the rights the sender holds. */
    l4_cap_idx_t ns = l4re_util_cap_alloc();
    check("a name space from moe's factory",
          l4_error(l4_factory_create(l4re_env()->mem_alloc, L4RE_PROTO_NAMESPACE, ns)), 0);
    check("register the read-only capability as rws, asking for rw",
          l4re_ns_register_obj_srv(ns, "ro", ro | L4_CAP_FPAGE_RWS, L4RE_NS_REGISTER_RW), 0);
    check("register the full capability without rights in the index, asking for rw",
          l4re_ns_register_obj_srv(ns, "plain", full, L4RE_NS_REGISTER_RW), 0);
    check("register the full capability as rws, asking for rw",
          l4re_ns_register_obj_srv(ns, "full", full | L4_CAP_FPAGE_RWS, L4RE_NS_REGISTER_RW), 0);
    l4_cap_idx_t back_ro = l4re_util_cap_alloc(), back_plain = l4re_util_cap_alloc(),
                 back_full = l4re_util_cap_alloc();
    check("query them back", l4re_ns_query_srv(ns, "ro", back_ro) == 0 && l4re_ns_query_srv(ns, "plain", back_plain) == 0
                             && l4re_ns_query_srv(ns, "full", back_full) == 0, 1);
    check("the read-only one's entry is not writable", l4re_ds_clear(back_ro, 0, PAGE), -L4_EACCESS);
    check("the plain one's entry is not writable", l4re_ds_clear(back_plain, 0, PAGE), -L4_EACCESS);
    check("the rws one's entry is writable", l4re_ds_clear(back_full, 0, PAGE), 0);
  }

  check("detach", l4re_rm_detach(p), 0);
  check("free the area", l4re_rm_free_area(area), 0);
  printf("verdict: %s\n", failures ? "fail" : "pass");
  return failures;
}
