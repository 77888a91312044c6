/* l4re: the in-task service of an L4Re program (the real one is l4re_itas) as a user-level server. It is
 * the first thread of the program's task: it loads the program, then serves the program's region map
 * (L4Re::Rm), its page faults and its exceptions. Shared declarations of its parts. */
#ifndef L4RE_H
#define L4RE_H

#include <l4/sys/types.h>
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/__l4_fpage.h>
#include <stddef.h>

/* ---- The program-start structures (l4re/include/env.h, l4aux.h; ia32 layouts) ---- */
typedef struct
{
  l4_cap_idx_t cap;
  l4_umword_t flags;
  char name[16];
} env_cap_entry;

typedef struct
{
  l4_cap_idx_t parent, rm, mem_alloc, log, main_thread, factory, scheduler, itas, dbg_events;
  l4_umword_t first_free_cap;        /* a slot number, not a selector */
  l4_umword_t first_free_reply_cap;
  l4_fpage_t utcb_area;
  l4_umword_t first_free_utcb;
  env_cap_entry *caps;               /* ends with flags == ~0UL */
} l4re_env;

typedef struct
{
  char const *binary;
  l4_cap_idx_t kip_ds;
  l4_umword_t dbg_lvl, ldr_flags, ldr_base;
} l4re_aux;

enum aux_type
{
  AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_ENTRY = 9,
  AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
  AT_L4_AUX = 0xf0, AT_L4_ENV = 0xf1, AT_L4_KIP = 0xf2,
};

/* ---- startup.c: what moe handed over on the initial stack ---- */
struct start_info
{
  int argc;
  char const **argv;
  char const **envp;
  l4re_aux *aux;
  l4re_env *env;
  l4_kernel_info_t *kip;
};
void read_initial_stack(l4_umword_t *sp, struct start_info *si);
/* The capability of a named entry of the environment (e.g. "rom"), or L4_INVALID_CAP. */
l4_cap_idx_t env_named_cap(l4re_env const *env, char const *name, unsigned len);
/* Takes l4re's own block of capability slots from env->first_free_cap (before the program starts). */
void cap_slots_reserve(void);
/* A free slot of l4re's own block, as a selector, or L4_INVALID_CAP. */
l4_cap_idx_t cap_slot_alloc(void);
void cap_slot_free(l4_cap_idx_t cap);

/* ---- log.c ---- */
void l4re_printf(char const *fmt, ...) __attribute__((format(printf, 1, 2)));
void l4re_fatal(char const *what) __attribute__((noreturn));

/* ---- l4re_client.c: l4re as a client of moe (marshalling of the real L4Re protocols) ---- */
enum ds_rights { DS_X = 1, DS_W = 2, DS_R = 4, DS_RX = 5, DS_RW = 6, DS_RWX = 7 };
/* Dataspace map: the page of ds at offset lands at `page` in l4re's (= the program's) task. */
long ds_map_page(l4_cap_idx_t ds, unsigned long offset, l4_addr_t page, unsigned rights);
long ds_copy_in(l4_cap_idx_t dst, unsigned long dst_offs, l4_cap_idx_t src, unsigned long src_offs,
                unsigned long size);
long ds_size(l4_cap_idx_t ds, unsigned long *size);
/* The dataspace's flags as the capability sees them (Dataspace::info: no W through a capability without W). */
long ds_flags(l4_cap_idx_t ds, unsigned *flags);
/* Mem_alloc alloc (a Factory create of a dataspace): a fresh zeroed dataspace in a new slot. */
long mem_alloc_ds(l4_cap_idx_t mem_alloc, unsigned long size, l4_cap_idx_t *ds);
long name_space_query(l4_cap_idx_t ns, char const *name, unsigned len, l4_cap_idx_t *obj);
/* A page fault forwarded to a pager (moe's region map); the answer's mapping lands in this task. */
long pager_page_fault(l4_cap_idx_t pager, l4_addr_t pfa_and_flags);
/* Rm get_regions / get_areas on a remote region map: count (<= max) and {start, end, flags} triples. */
long remote_rm_list(l4_cap_idx_t rm, int areas, l4_addr_t from, l4_umword_t *triples, unsigned max);

/* ---- region_map.c: the program's address space ---- */
enum rm_flags
{
  RM_RIGHTS = 7, RM_CACHING = 0x30, RM_KERNEL = 0x100, RM_PAGER = 0x400, RM_RESERVED = 0x800, RM_PRIVATE = 0x1000,
  RM_ANONYMOUS = 0x2000,
  RM_SEARCH_ADDR = 0x20000, RM_IN_AREA = 0x40000, RM_EAGER_MAP = 0x80000,
  RM_REGION_FLAGS = 0xffff,  /* what a region keeps of the attach flags */
};

/* The debugger reads these from the task: a layout change needs its reader changed (see region_map.c). */
struct region
{
  l4_addr_t start, end;      /* inclusive end */
  unsigned flags;            /* RM_* bits of the region */
  l4_cap_idx_t ds;           /* the dataspace (or, with RM_PAGER, the pager to forward faults to) */
  l4_cap_idx_t client_cap;   /* the selector the client named the dataspace with */
  unsigned long offset;      /* of start in ds */
};

void region_map_init(l4_addr_t min, l4_addr_t max);
/* Attaches [*start, *start + size) (searching upward from *start, aligned to 2^align, with
 * RM_SEARCH_ADDR); 0 and *start, or -L4_EADDRNOTAVAIL / -L4_EINVAL. */
long region_attach(l4_addr_t *start, unsigned long size, unsigned flags, unsigned align,
                   l4_cap_idx_t ds, l4_cap_idx_t client_cap, unsigned long offset);
long area_reserve(l4_addr_t *start, unsigned long size, unsigned flags, unsigned align);
long area_free(l4_addr_t addr);
/* Removes the region holding addr; *r gets a copy of it. -L4_ENOENT if there is none. */
long region_detach(l4_addr_t addr, struct region *r);
struct region const *region_find(l4_addr_t addr, unsigned long size);
struct region const *area_find(l4_addr_t addr, unsigned long size);
/* Regions (areas = 0) or areas (1) starting at or after `from`, at most max, into out. */
unsigned region_list(int areas, l4_addr_t from, struct region *out, unsigned max);
/* The name and backing offset of the region at start, as attach_w_info (or the ELF loader: the binary's
 * name and the segment's file offset) gave them (L4Re::Util::Region with CONFIG_L4RE_REGION_INFO, on by
 * default: names cut to 40 bytes). A region without them has "" and 0. */
enum { REGION_NAME_MAX = 40 };
void region_info_set(l4_addr_t start, char const *name, unsigned len, unsigned long long backing_offset);
void region_info_clear(l4_addr_t start);
char const *region_name(l4_addr_t start, unsigned *len);
unsigned long long region_backing_offset(l4_addr_t start);
/* Prints the areas and regions to the log (L4Re::Debug_obj function 0 of the region map:
 * l4re_rm_show_lists). */
void region_map_dump(void);

/* ---- page_fault.c ---- */
enum { PF_WRITE = 2, PF_EXEC = 4 };
/* Resolves a fault at addr (| PF_* bits) by mapping the page into the task; 0 or a negative error. */
long page_fault_resolve(l4_umword_t pfa, l4_umword_t pc);
/* Makes [addr, addr + size) present (writable with write = 1) so that l4re itself can touch it. */
long page_in_range(l4_addr_t addr, unsigned long size, int write);

/* ---- elf_loader.c ---- */
struct loaded_program
{
  l4_addr_t entry;
  l4_addr_t phdr;            /* where the program headers lie in the program's memory (AT_PHDR) */
  unsigned phnum, phent;
};
long elf_load(l4_cap_idx_t file, char const *name, struct loaded_program *prog);

/* ---- app_stack.c ---- */
/* Allocates and attaches the program's stack and writes argc, argv, envp and the aux vector on it;
 * returns the initial stack pointer, or 0. */
l4_addr_t app_stack_build(struct start_info const *si, struct loaded_program const *prog);

/* ---- app_thread.c ---- */
long app_thread_start(struct start_info *si, char const *name, l4_addr_t entry, l4_addr_t sp);

/* ---- rm_protocol.c: the L4Re::Rm server ---- */
l4_msgtag_t rm_dispatch(l4_msgtag_t tag, l4_utcb_t *u);

/* ---- dispatch.c ---- */
/* Takes the slot requests bring their capability in (before the program may take slots). */
void server_init(void);
void server_loop(void) __attribute__((noreturn));

/* ---- main.c: globals ---- */
extern struct start_info l4re_start;
extern l4_cap_idx_t parent_rm;   /* moe's region map for this task (the env's rm before l4re took over) */

/* Protocol numbers (l4sys/include/types.h, l4re/include/protocols.h). */
enum
{
  PROTO_PAGE_FAULT = -2, PROTO_EXCEPTION = -5, PROTO_FACTORY = -15, PROTO_DEBUG = -0x8000,
  PROTO_DATASPACE = 0x4000, PROTO_NAMESPACE = 0x4001, PROTO_RM = 0x4005,
};

#define ROUND_PAGE(x) (((x) + L4_PAGESIZE - 1) & L4_PAGEMASK)
#define TRUNC_PAGE(x) ((x) & L4_PAGEMASK)

#endif
