/* Server objects: each is an IPC gate bound to moe's thread whose label is the object's address, so an
 * incoming message names its object directly. Capability slots for the gates are numbered as the real
 * moe's object pool numbers them (from 0x104, two slots per object), which is what the boot log shows. */
#include <l4/sys/factory.h>
#include "moe.h"
#include <string.h>

enum { FIRST_OBJECT_SLOT = 0x104, SLOT_STEP = 2, LABEL_ALIGN = 16 };

static unsigned next_slot = FIRST_OBJECT_SLOT;

/* Every published object, so that a label is checked before it is used as a pointer. */
enum { MAX_OBJECTS = 1024 };
static struct moe_object *published[MAX_OBJECTS];
static unsigned num_published;

l4_cap_idx_t cap_slot_alloc(void)
{
  l4_cap_idx_t c = (l4_cap_idx_t)next_slot << L4_CAP_SHIFT;
  next_slot += SLOT_STEP;
  return c;
}

long object_publish(struct moe_object *o, enum moe_object_kind kind, char const *name)
{
  if (((l4_umword_t)o & (LABEL_ALIGN - 1)) || num_published == MAX_OBJECTS)
    {
      moe_printf("MOE: cannot publish %s: %s\n", name, num_published == MAX_OBJECTS ? "too many objects" : "misaligned");
      return -E_NOMEM;
    }
  o->kind = kind;
  o->name = name;
  o->cap = cap_slot_alloc();
  l4_msgtag_t t = l4_factory_create_gate(L4_BASE_FACTORY_CAP, o->cap, L4_BASE_THREAD_CAP, (l4_umword_t)o);
  long e = l4_error(t);
  if (e < 0)
    {
      moe_printf("MOE: could not create the IPC gate for %s: %ld\n", name, e);
      return e;
    }
  published[num_published++] = o;
  return 0;
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

static char *heap_ptr;
static unsigned long heap_left;

void *moe_zalloc(unsigned long size)
{
  size = (size + LABEL_ALIGN - 1) & ~(unsigned long)(LABEL_ALIGN - 1);
  if (size > heap_left)
    {
      unsigned long chunk = size > 4 * L4_PAGESIZE ? ROUND_PAGE(size) : 4 * L4_PAGESIZE;
      heap_ptr = page_alloc(chunk);
      if (!heap_ptr)
        return 0;
      heap_left = chunk;
    }
  void *p = heap_ptr;
  heap_ptr += size;
  heap_left -= size;
  memset(p, 0, size);
  return p;
}
