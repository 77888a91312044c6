/* Server objects: each is an IPC gate bound to moe's thread whose label is the object's address, so an
 * incoming message names its object directly. Capability slots for the gates are numbered as the real
 * moe's object pool numbers them (from 0x104, two slots per object), which is what the boot log shows. */
#include <l4/sys/factory.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/thread.h>
#include <l4/sys/task.h>
#include <l4/sys/debugger.h>
#include "moe.h"
#include <string.h>

enum { FIRST_OBJECT_SLOT = 0x104, SLOT_STEP = 2, LABEL_ALIGN = 16 };

static unsigned next_slot = FIRST_OBJECT_SLOT;

/* Every published object, so that a label is checked before it is used as a pointer. The table grows
 * (doubling, in pages moe allocates) and shrinks by moving its last entry into a removed one's place. */
static struct moe_object **published;
static unsigned num_published, published_room;

/* Capability slots given back by freed objects, reused before new ones are numbered. */
enum { MAX_FREE_SLOTS = 256 };
static l4_cap_idx_t free_slots[MAX_FREE_SLOTS];
static unsigned num_free_slots;

l4_cap_idx_t cap_slot_alloc(void)
{
  if (num_free_slots)
    return free_slots[--num_free_slots];
  l4_cap_idx_t c = (l4_cap_idx_t)next_slot << L4_CAP_SHIFT;
  next_slot += SLOT_STEP;
  return c;
}

static void cap_slot_free(l4_cap_idx_t c)
{
  if (num_free_slots < MAX_FREE_SLOTS)
    free_slots[num_free_slots++] = c;
}

static int published_grow(void)
{
  unsigned room = published_room ? 2 * published_room : L4_PAGESIZE / sizeof(*published);
  struct moe_object **t = page_alloc(room * sizeof(*t));
  if (!t)
    return -E_NOMEM;
  if (published)
    {
      memcpy(t, published, num_published * sizeof(*t));
      page_free(published, published_room * sizeof(*t));
    }
  published = t;
  published_room = room;
  return 0;
}

static long create_gate(struct moe_object *o, l4_cap_idx_t slot)
{
  long e = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, slot, L4_BASE_THREAD_CAP, (l4_umword_t)o));
  if (e < 0)
    moe_printf("MOE: could not create the IPC gate for %s: %ld\n", o->name, e);
  return e;
}

void object_name_in_debugger(struct moe_object *o, char const *debugger_name)
{
  /* The name travels in the message registers, which may still hold the request being served. */
  static l4_umword_t saved[L4_UTCB_GENERIC_DATA_SIZE];
  memcpy(saved, l4_utcb_mr()->mr, sizeof(saved));
  l4_debugger_set_object_name(o->cap, debugger_name);
  memcpy(l4_utcb_mr()->mr, saved, sizeof(saved));
}

/* The names the real moe gives its gates when built with CONFIG_MOE_DEBUG_NAMES (the second argument of
 * its Cap_alloc::alloc calls); name spaces and the root allocator are created with theirs already. */
static char const *debugger_name(enum moe_object_kind kind, char const *name)
{
  switch (kind)
    {
    case OBJ_DATASPACE:   return "moe-ds";
    case OBJ_REGION_MAP:  return "moe-rm";
    case OBJ_PARENT:      return "task";
    case OBJ_LOG:         return "moe-log";
    case OBJ_SCHED_PROXY: return "moe-sched";
    default:              return name;
    }
}

long object_publish(struct moe_object *o, enum moe_object_kind kind, char const *name)
{
  if ((l4_umword_t)o & (LABEL_ALIGN - 1))
    {
      moe_printf("MOE: cannot publish %s: misaligned\n", name);
      return -E_NOMEM;
    }
  if (num_published == published_room && published_grow() < 0)
    {
      moe_printf("MOE: cannot publish %s: no memory for the object table\n", name);
      return -E_NOMEM;
    }
  o->kind = kind;
  o->name = name;
  o->cap = cap_slot_alloc();
  o->pending_cap = L4_INVALID_CAP;
  long e = create_gate(o, o->cap);
  if (e < 0)
    {
      cap_slot_free(o->cap);
      return e;
    }
  published[num_published++] = o;
  object_name_in_debugger(o, debugger_name(kind, name));
  return 0;
}

/* Objects whose counted capability moe drops once it has handed the gate out (object_publish_collectable). */
enum { MAX_PENDING = 16 };
static struct moe_object *pending[MAX_PENDING];
static unsigned num_pending;

long object_publish_collectable(struct moe_object *o, enum moe_object_kind kind, char const *name)
{
  if (num_pending == MAX_PENDING)
    object_drop_pending();
  long e = object_publish(o, kind, name);
  if (e < 0)
    return e;
  /* The gate now lives in o->cap, counted. Move that counted reference to a second slot and put an
   * uncounted one in o->cap, so that only the client's capabilities keep the gate (the real L4Re registry
   * does the same: its own capability carries no reference). */
  o->pending_cap = cap_slot_alloc();
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(o->cap, 0, L4_CAP_FPAGE_RWSD),
              l4_map_obj_control(o->pending_cap, L4_MAP_ITEM_MAP));
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(o->cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(o->pending_cap, 0, L4_CAP_FPAGE_RWSD),
              l4_map_obj_control(o->cap, L4_MAP_ITEM_MAP) | L4_FPAGE_C_NO_REF_CNT);
  pending[num_pending++] = o;
  return 0;
}

void object_keep(struct moe_object *o)
{
  static l4_umword_t saved[4]; /* the map is a system call; the request being served is still read after it */
  if (!o->collectable)
    return;
  memcpy(saved, l4_utcb_mr()->mr, sizeof(saved));
  l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(o->cap, 0, L4_CAP_FPAGE_RWSD),
              l4_map_obj_control(cap_slot_alloc(), L4_MAP_ITEM_MAP));
  memcpy(l4_utcb_mr()->mr, saved, sizeof(saved));
  o->collectable = 0;
}

int object_has_pending(void) { return num_pending != 0; }

void object_drop_pending(void)
{
  while (num_pending)
    {
      struct moe_object *o = pending[--num_pending];
      l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(o->pending_cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
      cap_slot_free(o->pending_cap);
      o->pending_cap = L4_INVALID_CAP;
    }
}

static void unpublish(unsigned i)
{
  cap_slot_free(published[i]->cap);
  published[i] = published[--num_published];
}

void object_collect_garbage(void)
{
  for (unsigned i = num_published; i > 0; --i)
    {
      struct moe_object *o = published[i - 1];
      if (o->pending_cap != L4_INVALID_CAP || !o->collectable
          || l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, o->cap)))
        continue;
      o->gate_gone = 1;
      if (o->kind == OBJ_DATASPACE && ((struct dataspace *)o)->refs)
        continue; /* still attached in a region map: freed at its detach */
      unpublish(i - 1);
      if (o->kind == OBJ_DATASPACE)
        dataspace_free((struct dataspace *)o);
      else if (o->kind == OBJ_REGION_MAP)
        region_map_free((struct region_map *)o);
    }
}

void object_unpublish(struct moe_object *o)
{
  for (unsigned i = 0; i < num_published; ++i)
    if (published[i] == o)
      {
        if (!o->gate_gone)
          l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(o->cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
        unpublish(i);
        return;
      }
}

struct moe_object *object_from_label(l4_umword_t label)
{
  label &= ~(l4_umword_t)(LABEL_ALIGN - 1); /* the low bits carry the sender's rights */
  for (unsigned i = num_published; i > 0; --i)
    if ((l4_umword_t)published[i - 1] == label)
      return published[i - 1];
  return 0;
}

/* Received item word 0: bit 3 set (an item), bits 1-2 = 2 for "the gate's label" (Fiasco
 * L4_return_item_writer: Rcv_type id = 4, together with the item bit 8 -> 0xc). */
enum { ITEM_TYPE_MASK = 0xe, ITEM_RECEIVED_ID = 0xc };

struct moe_object *object_from_item(l4_umword_t const *item)
{
  if ((item[0] & ITEM_TYPE_MASK) != ITEM_RECEIVED_ID)
    return 0;
  return object_from_label(item[1]);
}

/* moe's own small structures: size classes of 16 << k bytes, each with a free list; larger requests get
 * whole pages. A freed block goes back to its class. */
enum { NUM_CLASSES = 8, SMALLEST = 16, CHUNK = 4 * L4_PAGESIZE };
struct free_block { struct free_block *next; };
static struct free_block *free_lists[NUM_CLASSES];
static char *heap_ptr;
static unsigned long heap_left;

static int size_class(unsigned long size)
{
  for (int k = 0; k < NUM_CLASSES; ++k)
    if (size <= (unsigned long)SMALLEST << k)
      return k;
  return -1;
}

void *moe_zalloc(unsigned long size)
{
  int k = size_class(size);
  if (k < 0)
    return page_alloc(size);
  size = (unsigned long)SMALLEST << k;
  void *p = free_lists[k];
  if (p)
    free_lists[k] = free_lists[k]->next;
  else
    {
      if (size > heap_left)
        {
          heap_ptr = page_alloc(CHUNK); /* the rest of the old chunk stays unused */
          if (!heap_ptr)
            return 0;
          heap_left = CHUNK;
        }
      p = heap_ptr;
      heap_ptr += size;
      heap_left -= size;
    }
  memset(p, 0, size);
  return p;
}

void moe_free(void *p, unsigned long size)
{
  int k = size_class(size);
  if (k < 0)
    {
      page_free(p, size);
      return;
    }
  struct free_block *b = p;
  b->next = free_lists[k];
  free_lists[k] = b;
}

/* The kernel triggers this IRQ whenever a gate bound to moe's thread is destroyed (its last counted
 * capability went); moe then looks for the objects whose gate is gone. */
void object_gc_init(void)
{
  l4_cap_idx_t irq = cap_slot_alloc();
  if (l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) < 0
      || l4_error(l4_rcv_ep_bind_thread(irq, L4_BASE_THREAD_CAP, DELETE_IRQ_LABEL)) < 0
      || l4_error(l4_thread_register_del_irq(L4_BASE_THREAD_CAP, irq)) < 0)
    moe_printf("MOE: no deletion IRQ: objects are never freed\n");
}
