/* Unmap and grant (spec 7.4) as Fiasco does them: a page mapped own task
 * -> B -> C is revoked from B and C by an unmap in the own task
 * (L4_FP_OTHER_SPACES keeps the own mapping, L4_FP_ALL_SPACES removes it
 * too) and an unmap in B reaches C; a capability mapped the same way is
 * not, since Fiasco's object mapping database keeps no derivation tree
 * (an unmap removes at most the invoker's own copy). A grant moves a
 * mapping (the source is empty afterwards) and keeps what was derived. */
#include <ktest.h>
#include <kprobe.h>
#include <l4/sys/task.h>

static unsigned char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));

enum
{
  UTCB_AREA = 0xb4000000,
  IN_B = 0x10000000,    /* where the page lives in B */
  IN_C = 0x20000000,    /* ... and in C */
  ALIAS = 0x61000000,   /* own-task aliases: ALIAS + n pages */
};

static l4_cap_idx_t own = L4_BASE_TASK_CAP, B, C;

static l4_cap_idx_t slot(unsigned n) { return (l4_cap_idx_t)n << L4_CAP_SHIFT; }
static l4_addr_t alias(unsigned n) { return ALIAS + n * L4_PAGESIZE; }

static long valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
  return l4_error(l4_task_cap_valid(task, cap));
}

/* Maps one cap slot from src to dst. */
static long map_cap(l4_cap_idx_t dst, l4_cap_idx_t src, l4_cap_idx_t from, l4_cap_idx_t to,
                    unsigned grant)
{
  return l4_error(l4_task_map(dst, src, l4_obj_fpage(from, 0, L4_CAP_FPAGE_RWSD),
                              l4_map_obj_control(to, grant)));
}

/* Maps one page from src to dst. */
static long map_page(l4_cap_idx_t dst, l4_cap_idx_t src, l4_addr_t from, l4_addr_t to,
                     unsigned grant)
{
  return l4_error(l4_task_map(dst, src, l4_fpage(from, L4_PAGESHIFT, L4_FPAGE_RWX),
                              l4_map_control(to, 0, grant)));
}

static long unmap_cap(l4_cap_idx_t task, l4_cap_idx_t cap, l4_umword_t mask)
{
  return l4_error(l4_task_unmap(task, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), mask));
}

static long unmap_page(l4_cap_idx_t task, l4_addr_t a, l4_umword_t mask)
{
  return l4_error(l4_task_unmap(task, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX), mask));
}

/* Maps the page at `there` of `task` to own alias n and tells whether it
 * arrived (1 with *v = its first word, 0 when nothing was mapped). */
static int fetch_back(l4_cap_idx_t task, l4_addr_t there, unsigned n, l4_umword_t *v)
{
  map_page(own, task, there, alias(n), L4_MAP_ITEM_MAP);
  return kprobe_read(alias(n), v);
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t X = l4re_util_cap_alloc(), Y = l4re_util_cap_alloc();
  l4_umword_t v = 0;
  int r;

  B = l4re_util_cap_alloc();
  C = l4re_util_cap_alloc();
  ktest_eq("probe threads start", kprobe_start(), 0);
  ktest_ok_tag("create task B", l4_factory_create_task(e->factory, B, l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));
  ktest_ok_tag("create task C", l4_factory_create_task(e->factory, C, l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));

  /* --- capabilities: X (a copy of the log cap) -> B:0x30 -> C:0x31 --- */
  ktest_eq("map the log cap to own slot X", map_cap(own, own, L4_BASE_LOG_CAP, X, L4_MAP_ITEM_MAP), 0);
  ktest_eq("map X to B:0x30", map_cap(B, own, X, slot(0x30), L4_MAP_ITEM_MAP), 0);
  ktest_eq("map B:0x30 to C:0x31", map_cap(C, B, slot(0x30), slot(0x31), L4_MAP_ITEM_MAP), 0);
  ktest_eq("B:0x30 valid", valid(B, slot(0x30)), 1);
  ktest_eq("C:0x31 valid", valid(C, slot(0x31)), 1);

  /* Object capabilities have no derivation tree in Fiasco (kobject_mapdb keeps none): an unmap removes at
   * most the invoker's own capability and never the copies mapped from it. */
  ktest_eq("unmap X with L4_FP_OTHER_SPACES", unmap_cap(own, X, L4_FP_OTHER_SPACES), 0);
  ktest_eq("OTHER_SPACES: X stays", valid(own, X), 1);
  ktest_eq("OTHER_SPACES: B:0x30 stays (objects: no derivation tree)", valid(B, slot(0x30)), 1);
  ktest_eq("OTHER_SPACES: C:0x31 stays", valid(C, slot(0x31)), 1);

  ktest_eq("unmap in B (ALL_SPACES) at B:0x30", unmap_cap(B, slot(0x30), L4_FP_ALL_SPACES), 0);
  ktest_eq("unmap in B: B:0x30 gone", valid(B, slot(0x30)), 0);
  ktest_eq("unmap in B: C:0x31 (mapped from B) stays", valid(C, slot(0x31)), 1);
  ktest_eq("unmap in B: own X (B's source) stays", valid(own, X), 1);

  map_cap(B, own, X, slot(0x30), L4_MAP_ITEM_MAP);
  ktest_eq("unmap X with L4_FP_ALL_SPACES", unmap_cap(own, X, L4_FP_ALL_SPACES), 0);
  ktest_eq("ALL_SPACES: X gone", valid(own, X), 0);
  ktest_eq("ALL_SPACES: B:0x30 stays", valid(B, slot(0x30)), 1);
  ktest_eq("ALL_SPACES: C:0x31 stays", valid(C, slot(0x31)), 1);
  ktest_eq("ALL_SPACES on X left the log cap it came from", valid(own, L4_BASE_LOG_CAP), 1);
  unmap_cap(B, slot(0x30), L4_FP_ALL_SPACES);
  unmap_cap(C, slot(0x31), L4_FP_ALL_SPACES);

  /* Grant: X -> C:0x33 first, then X is granted to B:0x32. */
  map_cap(own, own, L4_BASE_LOG_CAP, X, L4_MAP_ITEM_MAP);
  map_cap(C, own, X, slot(0x33), L4_MAP_ITEM_MAP);
  ktest_eq("grant X to B:0x32", map_cap(B, own, X, slot(0x32), L4_MAP_ITEM_GRANT), 0);
  ktest_eq("grant: X is empty afterwards", valid(own, X), 0);
  ktest_eq("grant: B:0x32 valid", valid(B, slot(0x32)), 1);
  map_cap(own, B, slot(0x32), Y, L4_MAP_ITEM_MAP);
  ktest_eq("grant: B:0x32 names the log (mapped back to Y)",
           l4_error(l4_task_cap_equal(own, Y, L4_BASE_LOG_CAP)), 1);
  ktest_eq("grant: C:0x33 (mapped from X before) still valid", valid(C, slot(0x33)), 1);
  ktest_eq("unmap B:0x32 with OTHER_SPACES", unmap_cap(B, slot(0x32), L4_FP_OTHER_SPACES), 0);
  ktest_eq("objects: C:0x33 stays after the unmap in B", valid(C, slot(0x33)), 1);
  ktest_eq("... and so does Y (mapped from B:0x32)", valid(own, Y), 1);

  /* --- memory: page -> B:IN_B -> C:IN_C --- */
  ((volatile unsigned *)page)[0] = 0xabcd0001;
  ktest_eq("map the page to B", map_page(B, own, (l4_addr_t)page, IN_B, L4_MAP_ITEM_MAP), 0);
  ktest_eq("map it on from B to C", map_page(C, B, IN_B, IN_C, L4_MAP_ITEM_MAP), 0);
  r = fetch_back(C, IN_C, 0, &v);
  ktest_eq("C's page mapped back to own alias 0 is readable", r, 1);
  ktest_eq("... and is the page", v, 0xabcd0001);

  ktest_eq("unmap the page with OTHER_SPACES", unmap_page(own, (l4_addr_t)page, L4_FP_OTHER_SPACES), 0);
  ktest_eq("OTHER_SPACES: own page still there", ((volatile unsigned *)page)[0], 0xabcd0001);
  ktest_eq("OTHER_SPACES: alias 0 (derived via B and C) gone", kprobe_read(alias(0), 0), 0);
  ktest_eq("OTHER_SPACES: nothing left in C to map back", fetch_back(C, IN_C, 1, 0), 0);
  ktest_eq("OTHER_SPACES: nothing left in B to map back", fetch_back(B, IN_B, 2, 0), 0);

  /* ALL_SPACES on an own alias of the page, whose children are in B and C. */
  map_page(own, own, (l4_addr_t)page, alias(3), L4_MAP_ITEM_MAP);
  map_page(B, own, alias(3), IN_B, L4_MAP_ITEM_MAP);
  map_page(C, B, IN_B, IN_C, L4_MAP_ITEM_MAP);
  ktest_eq("alias 3 -> B -> C -> alias 4 is readable", fetch_back(C, IN_C, 4, 0), 1);
  ktest_eq("unmap alias 3 with ALL_SPACES", unmap_page(own, alias(3), L4_FP_ALL_SPACES), 0);
  ktest_eq("ALL_SPACES: alias 3 itself gone", kprobe_read(alias(3), 0), 0);
  ktest_eq("ALL_SPACES: alias 4 (from C) gone", kprobe_read(alias(4), 0), 0);
  ktest_eq("ALL_SPACES: nothing left in C", fetch_back(C, IN_C, 5, 0), 0);
  ktest_eq("ALL_SPACES: the page alias 3 came from is still there", ((volatile unsigned *)page)[0], 0xabcd0001);

  /* Grant a page: alias 6 -> B (granted): alias 6 is empty, B has it. */
  map_page(own, own, (l4_addr_t)page, alias(6), L4_MAP_ITEM_MAP);
  ktest_eq("alias 6 readable before the grant", kprobe_read(alias(6), 0), 1);
  ktest_eq("grant alias 6 to B", map_page(B, own, alias(6), IN_B + L4_PAGESIZE, L4_MAP_ITEM_GRANT), 0);
  ktest_eq("grant: alias 6 is empty afterwards", kprobe_read(alias(6), 0), 0);
  r = fetch_back(B, IN_B + L4_PAGESIZE, 7, &v);
  ktest_eq("grant: B has the page (mapped back to alias 7)", r, 1);
  ktest_eq("... with the page's data", v, 0xabcd0001);
  ktest_eq("unmap the page (OTHER_SPACES) reaches the granted copy", unmap_page(own, (l4_addr_t)page, L4_FP_OTHER_SPACES), 0);
  ktest_eq("... alias 7 gone", kprobe_read(alias(7), 0), 0);
  ktest_eq("... nothing left in B", fetch_back(B, IN_B + L4_PAGESIZE, 8, 0), 0);
  return ktest_verdict();
}
