/* moe: the root task of an L4Re system, as a user-level server. Shared declarations of its parts. */
#ifndef MOE_H
#define MOE_H

#include <l4/sys/types.h>
#include <l4/sys/consts.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/__l4_fpage.h>
#include <stddef.h>

/* ---- log.c: moe's own output on the kernel log (capability 5) ---- */
void moe_printf(char const *fmt, ...) __attribute__((format(printf, 1, 2)));
void moe_fatal(char const *what) __attribute__((noreturn));

/* ---- sigma0_client.c: the sigma0 protocol, through capability 4 (the pager gate, label 0x40) ---- */
l4_kernel_info_t *sigma0_map_kip(void);
/* One free page block of 2^order bytes anywhere: 0 and *addr, or -1 when sigma0 has none left. */
int sigma0_map_any(unsigned order, l4_addr_t *addr);
/* The RAM block [addr, addr + 2^order) (a boot module's pages): 0, or -1. */
int sigma0_map_ram(l4_addr_t addr, unsigned order);

/* ---- boot_memory.c: the RAM moe owns, mapped 1:1 ---- */
void boot_memory_init(l4_kernel_info_t const *kip);
/* Page-aligned, zeroed memory of `size` bytes (rounded up to pages), or 0. */
void *page_alloc(unsigned long size);
void page_free(void *p, unsigned long size);
char *human_readable_size(char *buf, unsigned long bytes); /* buf: 32 bytes */
void boot_memory_print_virtual_space(l4_kernel_info_t const *kip);

/* ---- command_line.c ---- */
struct moe_options
{
  char const *init;      /* the program to start, "rom/ned" by default */
  char const *init_args; /* the rest of the command line after the program's name, or "" */
};
char const *moe_command_line(l4_kernel_info_t const *kip);
void parse_command_line(char const *cmdline, struct moe_options *o);

/* ---- objects.c: everything moe serves is an object behind an IPC gate bound to moe's thread ---- */
enum moe_object_kind
{
  OBJ_NAME_SPACE = 1,
  OBJ_DATASPACE,
  OBJ_MEM_ALLOC,
  OBJ_REGION_MAP,
  OBJ_PARENT,
  OBJ_LOG,
  OBJ_SCHED_PROXY,
};

struct moe_object
{
  enum moe_object_kind kind;
  l4_cap_idx_t cap;       /* the IPC gate in moe's capability space */
  char const *name;       /* for logs */
  l4_cap_idx_t pending_cap; /* collectable: the counted capability moe holds until it handed the gate out */
  int collectable;        /* freed by object_collect_garbage once no capability of a client is left */
  int gate_gone;          /* the gate died; the object waits for its last internal reference */
};

/* Creates the gate for `o` (label = its address) in a fresh capability slot; 0 or a negative error. */
long object_publish(struct moe_object *o, enum moe_object_kind kind, char const *name);
l4_cap_idx_t cap_slot_alloc(void);
/* Names o's gate in the kernel debugger (the Kernel Objects view): object_publish gives every gate the name
 * the real moe gives that kind of object with CONFIG_MOE_DEBUG_NAMES; boot modules and the KIP get theirs. */
void object_name_in_debugger(struct moe_object *o, char const *debugger_name);
/* The object a received IPC label names, or 0 if it is none of ours. */
struct moe_object *object_from_label(l4_umword_t label);
/* The rights of the capability a client called (or sent an item) through: the kernel puts its W (1) and
 * S (2) object rights into the low bits of the gate's label (L4_CAP_FPAGE_W / L4_CAP_FPAGE_S). */
static inline unsigned cap_rights_of_label(l4_umword_t label) { return label & (L4_CAP_FPAGE_W | L4_CAP_FPAGE_S); }
/* The object a received capability item names when it is one of moe's own gates (the receive buffer has
 * the rcv_id bit, so the kernel delivers the gate's label instead of mapping it), else 0. */
struct moe_object *object_from_item(l4_umword_t const *item);
/* The capability slot every request may bring one capability in (dispatch.c's receive buffer), and the
 * received-item type of a capability the kernel mapped there (Fiasco L4_return_item_writer). */
enum { RCV_SLOT = 0x0ff000, RECEIVED_MAPPED = 0x8 };
/* A published object whose gate moe itself holds without a reference count: the gate dies with its last
 * client capability, and the deletion IRQ makes moe free the object (object_collect_garbage). */
long object_publish_collectable(struct moe_object *o, enum moe_object_kind kind, char const *name);
/* Drops moe's counted capabilities of collectable objects handed out by the previous replies. */
void object_drop_pending(void);
int object_has_pending(void);
/* Makes a collectable object permanent (moe takes a counted capability): a name space entry points at it. */
void object_keep(struct moe_object *o);
void object_collect_garbage(void);
/* Removes o from the table and deletes its gate (if it still exists). */
void object_unpublish(struct moe_object *o);
/* moe's own small structures, zeroed; moe_free takes the size given to moe_zalloc. */
void *moe_zalloc(unsigned long size);
void moe_free(void *p, unsigned long size);
/* The label of the deletion IRQ (an odd value: object labels are 16-byte aligned addresses). */
enum { DELETE_IRQ_LABEL = 0x11 };
void object_gc_init(void);

/* ---- dataspace.c ---- */
enum ds_flags_bits
{
  DS_R = 4, DS_W = 2, DS_X = 1, DS_RW = 6, DS_RX = 5, DS_RWX = 7,
};

struct dataspace
{
  struct moe_object obj;
  l4_addr_t base;         /* in moe's address space (= physical) */
  unsigned long size;     /* bytes (a multiple of the page size except for boot modules) */
  unsigned rights;        /* DS_* */
  int owns_memory;        /* 1: anonymous memory to free; 0: a boot module or the KIP */
  unsigned refs;          /* regions of region maps that point at it */
  int region_owned;       /* anonymous memory of one region: freed with it */
};

struct dataspace *dataspace_new(unsigned long size, unsigned rights, char const *name);
/* A dataspace a client asked the allocator for: freed when its last capability goes. */
struct dataspace *dataspace_new_collectable(unsigned long size, unsigned rights, char const *name);
/* Unmaps its pages from every client (through the mapping database), returns them and the structure. */
void dataspace_free(struct dataspace *ds);
/* A region stops pointing at ds: frees it if it was the last reference and the gate is gone. */
void dataspace_release(struct dataspace *ds);
struct dataspace *dataspace_over(l4_addr_t base, unsigned long size, unsigned rights, char const *name);
/* `cap_rights`: the W/S rights of the client's capability (cap_rights_of_label): without W, nothing that
 * changes the memory is allowed, as in the real moe's Dataspace::op_* (the L4::Epiface dispatch passes
 * them as the first argument of every operation). */
l4_msgtag_t dataspace_dispatch(struct dataspace *ds, unsigned cap_rights, l4_msgtag_t tag, l4_utcb_t *u);
/* The map item for the page of `ds` at `offset`, sent to land at `snd_base`; rights limited to `rights`. */
void dataspace_map_item(struct dataspace *ds, unsigned long offset, l4_addr_t snd_base, unsigned rights,
                        l4_umword_t *mr);

/* ---- mem_alloc.c ---- */
struct moe_object *mem_alloc_root(void);
l4_msgtag_t mem_alloc_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u);

/* ---- name_space.c ---- */
struct name_space;
struct name_space *name_space_new(char const *name);
struct moe_object *name_space_object(struct name_space *ns);
void name_space_register(struct name_space *ns, char const *name, struct moe_object *o, unsigned rights);
struct moe_object *name_space_lookup(struct name_space *ns, char const *name, unsigned len);
l4_msgtag_t name_space_dispatch(struct name_space *ns, l4_msgtag_t tag, l4_utcb_t *u);

/* ---- region_map.c: the address space of a task moe started (l4re mirrors its regions here) ---- */
struct region_map;
struct region_map *region_map_new(void);
/* A region map a client asked the allocator for: freed (releasing its dataspaces) with its last capability. */
struct region_map *region_map_new_collectable(void);
void region_map_free(struct region_map *rm);
/* Attaches `ds` (or, with ds = 0 and F_RESERVED, a reserved range) at a fixed address; 0 or error. */
long region_map_attach_fixed(struct region_map *rm, l4_addr_t start, unsigned long size, unsigned flags,
                             struct dataspace *ds, unsigned long offset, char const *name);
long region_map_reserve_fixed(struct region_map *rm, l4_addr_t start, unsigned long size, unsigned flags);
l4_msgtag_t region_map_dispatch(struct region_map *rm, l4_msgtag_t tag, l4_utcb_t *u);
struct moe_object *region_map_object(struct region_map *rm);

/* ---- page_fault.c ---- */
l4_msgtag_t page_fault_resolve(struct region_map *rm, l4_utcb_t *u);
/* The region containing addr: its dataspace and the offset of addr in it, or -1. */
int region_map_lookup(struct region_map *rm, l4_addr_t addr, struct dataspace **ds,
                      unsigned long *offset, unsigned *rights);

/* ---- boot_fs.c ---- */
struct name_space *boot_fs_init(l4_kernel_info_t const *kip);

/* ---- loader.c ---- */
void launch_init(struct name_space *rom, char const *prog, char const *args);

/* ---- parent.c ---- */
struct moe_object *parent_new(char const *name);
void parent_set_task(struct moe_object *parent, l4_cap_idx_t task, l4_cap_idx_t thread);
l4_msgtag_t parent_dispatch(struct moe_object *p, l4_msgtag_t tag, l4_utcb_t *u);

/* ---- log_server.c: tagged logs for programs ---- */
struct moe_object *log_new(char const *tag, unsigned tag_len, unsigned color);
unsigned log_color_value(char const *name, unsigned len);
l4_msgtag_t log_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u);

/* ---- sched_proxy.c ---- */
struct moe_object *sched_proxy_new(unsigned long prio_limit, unsigned long prio_base);
l4_msgtag_t sched_proxy_dispatch(struct moe_object *o, l4_msgtag_t tag, l4_utcb_t *u);

/* ---- meta.c ---- */
l4_msgtag_t meta_dispatch(struct moe_object *o, l4_utcb_t *u);

/* ---- dispatch.c ---- */
void server_loop(void) __attribute__((noreturn));
void log_unhandled(char const *proto, l4_umword_t opcode, char const *op_name, char const *obj);
/* "L4Re::Dataspace", "L4::Meta", ... for a protocol number (a message label). */
char const *protocol_name(long label);

/* Globals set up at boot. */
extern l4_kernel_info_t *moe_kip;
extern struct dataspace *kip_ds;

/* Error numbers as L4Re returns them (negative). */
enum { E_NOENT = 2, E_NOMEM = 12, E_INVAL = 22, E_NOSYS = 38, E_ADDRNOTAVAIL = 99, E_PERM = 1, E_RANGE = 34, E_ACCESS = 13 };

#define ROUND_PAGE(x) (((x) + L4_PAGESIZE - 1) & L4_PAGEMASK)
#define TRUNC_PAGE(x) ((x) & L4_PAGEMASK)

#endif
