/* Name spaces (L4Re::Namespace, protocol L4RE_PROTO_NAMESPACE = 0x4001): moe's "rom" directory of boot
 * modules. Opcode 0 is query(Array_ref<char> name, ...): MR1 = the name's length, its bytes from MR2.
 * The answer (as the real moe sends it) has two words, an unset Opt<Opcode> and the length 0 of the
 * unused remaining-name output, then the object's capability as a map item. */
#include "moe.h"
#include "support.h"

enum { NS_QUERY = 0, NS_REGISTER = 1, NS_UNLINK = 2, MAX_ENTRIES = 64, MAX_NAME = 64 };

struct ns_entry
{
  char name[MAX_NAME];
  struct moe_object *obj;
  unsigned rights; /* L4_CAP_FPAGE_* the client gets */
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

l4_msgtag_t name_space_dispatch(struct name_space *ns, l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  if (mr[0] != NS_QUERY)
    {
      log_unhandled("Namespace", mr[0], mr[0] == 1 ? "register_obj" : mr[0] == 2 ? "unlink" : 0, ns->obj.name);
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
  mr[3] = l4_obj_fpage(e->obj->cap, 0, e->rights).raw;
  return l4_msgtag(0, 2, 1, 0);
}
