/* Name spaces (L4Re::Namespace, protocol L4RE_PROTO_NAMESPACE = 0x4001): moe's "rom" directory of boot
 * modules, and the empty ones its factory makes (ned fills them for its programs).
 *   0 query(Array_ref<char> name): MR1 = the name's length, its bytes from MR2. The answer (as the real moe
 *     sends it) has two words, an unset Opt<Opcode> and the length 0 of the unused remaining-name output,
 *     then the entry's capability as a map item.
 *   1 register_obj(flags, Array<char> name, Opt<Cap> obj): MR1 flags (rights, Overwrite 0x200), MR2 the
 *     name's length, bytes from MR3, the capability as an item. One of moe's own objects arrives as its
 *     label; any other capability is mapped into moe's receive slot and copied to a slot of its own.
 *   3 unlink(Array<char> name): MR1 the name's length, bytes from MR2. */
#include "moe.h"
#include <string.h>
#include <l4/sys/task.h>

enum { NS_QUERY = 0, NS_REGISTER = 1, NS_UNLINK = 3, MAX_ENTRIES = 64, MAX_NAME = 64,
       F_OVERWRITE = 0x200, E_EXIST = 17 };

struct ns_entry
{
  char name[MAX_NAME];
  struct moe_object *obj; /* one of moe's objects, or 0 for a capability registered from outside */
  l4_cap_idx_t cap;       /* what a query hands out */
  unsigned rights;        /* L4_CAP_FPAGE_* the client gets */
};

struct name_space
{
  struct moe_object obj;
  unsigned count;
  struct ns_entry entries[MAX_ENTRIES];
};

struct name_space *name_space_new(char const *name)
{
  struct name_space *ns = moe_zalloc(sizeof(*ns));
  if (!ns || object_publish(&ns->obj, OBJ_NAME_SPACE, name) < 0)
    return 0;
  return ns;
}

struct moe_object *name_space_object(struct name_space *ns) { return &ns->obj; }

void name_space_register(struct name_space *ns, char const *name, struct moe_object *o, unsigned rights)
{
  if (ns->count == MAX_ENTRIES)
    {
      moe_printf("MOE: name space %s is full, '%s' not registered\n", ns->obj.name, name);
      return;
    }
  struct ns_entry *e = &ns->entries[ns->count++];
  strncpy(e->name, name, MAX_NAME - 1);
  e->obj = o;
  e->cap = o->cap;
  e->rights = rights;
}

static struct ns_entry *find(struct name_space *ns, char const *name, unsigned len)
{
  for (unsigned i = 0; i < ns->count; ++i)
    if (strlen(ns->entries[i].name) == len && !memcmp(ns->entries[i].name, name, len))
      return &ns->entries[i];
  return 0;
}

struct moe_object *name_space_lookup(struct name_space *ns, char const *name, unsigned len)
{
  struct ns_entry *e = find(ns, name, len);
  return e ? e->obj : 0;
}

/* Enters name -> the capability item of a register_obj request (words: the message's word count). */
static l4_msgtag_t ns_register(struct name_space *ns, l4_msgtag_t tag, l4_umword_t *mr)
{
  unsigned flags = mr[1], len = mr[2], words = l4_msgtag_words(tag);
  if (len == 0 || len >= MAX_NAME || 3 + (len + 3) / 4 > words)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  char name[MAX_NAME];
  memcpy(name, &mr[3], len);
  name[len] = 0;
  while (len > 0 && name[len - 1] == 0)
    --len;
  for (unsigned i = 0; i < len; ++i)
    if (name[i] == '/')
      return l4_msgtag(-E_INVAL, 0, 0, 0);
  if (len == 0 || l4_msgtag_items(tag) == 0)
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  struct ns_entry *old = find(ns, name, len);
  if (old && !(flags & F_OVERWRITE))
    return l4_msgtag(-E_EXIST, 0, 0, 0);

  struct moe_object *o = object_from_item(&mr[words]);
  l4_cap_idx_t cap;
  if (o)
    {
      object_keep(o); /* the entry points at o: it must not be collected under the name space */
      cap = o->cap;
    }
  else if ((mr[words] & 0xe) == RECEIVED_MAPPED)
    {
      cap = cap_slot_alloc();
      if (l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(RCV_SLOT, 0, L4_CAP_FPAGE_RWSD),
                               l4_map_obj_control(cap, L4_MAP_ITEM_MAP))) < 0)
        return l4_msgtag(-E_NOMEM, 0, 0, 0);
    }
  else
    return l4_msgtag(-E_INVAL, 0, 0, 0);

  struct ns_entry *e = old;
  if (!e)
    {
      if (ns->count == MAX_ENTRIES)
        return l4_msgtag(-E_NOMEM, 0, 0, 0);
      e = &ns->entries[ns->count++];
    }
  memset(e, 0, sizeof(*e));
  memcpy(e->name, name, len);
  e->obj = o;
  e->cap = cap;
  e->rights = (flags & L4_CAP_FPAGE_RWS) | L4_CAP_FPAGE_R;
  if (o) /* no more W and S than the item carried (moe's Entry::set_epiface) */
    e->rights &= cap_rights_of_label(mr[words + 1]) | ~(unsigned)(L4_CAP_FPAGE_W | L4_CAP_FPAGE_S);
  return l4_msgtag(0, 0, 0, 0);
}

/* unlink(Array<char> name): MR1 = the name's length, bytes from MR2. */
static l4_msgtag_t ns_unlink(struct name_space *ns, l4_msgtag_t tag, l4_umword_t *mr)
{
  unsigned len = mr[1];
  if (len == 0 || len > MAX_NAME || 2 + (len + 3) / 4 > l4_msgtag_words(tag))
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  char const *name = (char const *)&mr[2];
  while (len > 0 && name[len - 1] == 0)
    --len;
  struct ns_entry *e = find(ns, name, len);
  if (!e)
    return l4_msgtag(-E_NOENT, 0, 0, 0);
  if (!e->obj) /* a capability moe copied for the entry */
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(e->cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
  unsigned i = (unsigned)(e - ns->entries);
  memmove(e, e + 1, (ns->count - i - 1) * sizeof(*e));
  --ns->count;
  return l4_msgtag(0, 0, 0, 0);
}

l4_msgtag_t name_space_dispatch(struct name_space *ns, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  if (mr[0] == NS_REGISTER)
    return ns_register(ns, tag, mr);
  if (mr[0] == NS_UNLINK)
    return ns_unlink(ns, tag, mr);
  if (mr[0] != NS_QUERY)
    {
      log_unhandled("Namespace", mr[0], 0, ns->obj.name);
      return l4_msgtag(-E_NOSYS, 0, 0, 0);
    }
  unsigned len = mr[1];
  if (len > MAX_NAME || 2 + (len + 3) / 4 > l4_msgtag_words(tag))
    return l4_msgtag(-E_INVAL, 0, 0, 0);
  char name[MAX_NAME + 1];
  memcpy(name, &mr[2], len);
  name[len] = 0;
  while (len > 0 && name[len - 1] == 0) /* a counted name may include its terminator */
    --len;
  struct ns_entry *e = find(ns, name, len);
  if (!e)
    return l4_msgtag(-E_NOENT, 0, 0, 0);
  mr[0] = 0;
  mr[1] = 0;
  mr[2] = L4_ITEM_MAP;
  mr[3] = l4_obj_fpage(e->cap, 0, e->rights).raw;
  return l4_msgtag(0, 2, 1, 0);
}
