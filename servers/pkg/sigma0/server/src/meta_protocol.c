/* L4::Meta (label L4_PROTO_META): the opcode is an int in MR0.
 *   0 num_interfaces()            → label = number of interfaces
 *   1 interface(MR1 = index)      → label 0; MR0 = protocol, then the name
 *                                   as a string: length (with the NUL) and
 *                                   the characters (sigma0 has no type
 *                                   names: "")
 *   2 supports(MR1 = protocol)    → label 1 or 0
 * sigma0's object is a Factory speaking the sigma0 protocol, so it lists
 * those two interfaces (L4::Kobject, the root of every type, is not listed). */
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>
#include "meta_protocol.h"

enum meta_opcode { META_NUM_INTERFACES = 0, META_INTERFACE = 1, META_SUPPORTS = 2 };

static long const interfaces[] = { L4_PROTO_SIGMA0, L4_PROTO_FACTORY };
enum { INTERFACE_COUNT = sizeof(interfaces) / sizeof(interfaces[0]) };

l4_msgtag_t serve_meta(l4_msgtag_t request)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  unsigned words = l4_msgtag_words(request);
  unsigned i;

  if (words < 1)
    return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
  switch ((int)mr->mr[0])
    {
    case META_NUM_INTERFACES:
      return l4_msgtag(INTERFACE_COUNT, 0, 0, 0);
    case META_INTERFACE:
      if (words < 2)
        return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
      if (mr->mr[1] >= INTERFACE_COUNT)
        return l4_msgtag(-L4_ERANGE, 0, 0, 0);
      mr->mr[0] = (l4_umword_t)interfaces[mr->mr[1]];
      mr->mr[1] = 1;            /* the name's length: just its NUL */
      mr->mr[2] = 0;
      return l4_msgtag(0, 3, 0, 0);
    case META_SUPPORTS:
      if (words < 2)
        return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
      for (i = 0; i < INTERFACE_COUNT; ++i)
        if ((long)mr->mr[1] == interfaces[i])
          return l4_msgtag(1, 0, 0, 0);
      return l4_msgtag(0, 0, 0, 0);
    default:
      return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
    }
}
