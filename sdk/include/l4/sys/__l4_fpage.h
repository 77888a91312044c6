/* Flexpages: one word naming a memory, I/O or object range (spec section 7.1). */
#ifndef L4_SYS_L4_FPAGE_H
#define L4_SYS_L4_FPAGE_H

#include <l4/sys/types.h>

typedef union l4_fpage_t
{
  l4_umword_t raw;
  l4_umword_t fpage;
} l4_fpage_t;

enum l4_fpage_type_t
{
  L4_FPAGE_SPECIAL = 0,
  L4_FPAGE_MEMORY  = 1,
  L4_FPAGE_IO      = 2,
  L4_FPAGE_OBJ     = 3,
};

enum L4_fpage_rights
{
  L4_FPAGE_X   = 1,
  L4_FPAGE_W   = 2,
  L4_FPAGE_RO  = 4,
  L4_FPAGE_R   = 4,
  L4_FPAGE_RX  = 5,
  L4_FPAGE_RW  = 6,
  L4_FPAGE_RWX = 7,
};

enum L4_cap_fpage_rights
{
  L4_CAP_FPAGE_W    = 1,
  L4_CAP_FPAGE_S    = 2,
  L4_CAP_FPAGE_R    = 4,
  L4_CAP_FPAGE_D    = 8,
  L4_CAP_FPAGE_RO   = 4,
  L4_CAP_FPAGE_RW   = 5,
  L4_CAP_FPAGE_RS   = 6,
  L4_CAP_FPAGE_RWS  = 7,
  L4_CAP_FPAGE_RWSD = 0xf,
};

enum
{
  L4_WHOLE_ADDRESS_SPACE = 63,
  L4_WHOLE_IOADDRESS_SPACE = 16,
  L4_ITEM_MAP  = 8,
  L4_ITEM_CONT = 1,
  L4_MAP_ITEM_MAP   = 0,
  L4_MAP_ITEM_GRANT = 2,
  L4_RCV_ITEM_SINGLE_CAP = 0x0a,
  L4_RCV_ITEM_LOCAL_ID   = 4,
};

L4_INLINE l4_fpage_t
l4_fpage(l4_addr_t address, unsigned size, unsigned char rights)
{
  l4_fpage_t f;
  f.raw = (address & ~0xfffUL) | ((l4_umword_t)(size & 0x3f) << 6)
          | ((l4_umword_t)L4_FPAGE_MEMORY << 4) | (rights & 0xf);
  return f;
}

L4_INLINE l4_fpage_t
l4_obj_fpage(l4_cap_idx_t obj, unsigned order, unsigned char rights)
{
  l4_fpage_t f;
  f.raw = (obj & ~0xfffUL) | ((l4_umword_t)(order & 0x3f) << 6)
          | ((l4_umword_t)L4_FPAGE_OBJ << 4) | (rights & 0xf);
  return f;
}

L4_INLINE l4_fpage_t
l4_iofpage(unsigned long port, unsigned order)
{
  l4_fpage_t f;
  f.raw = (port << 12) | ((l4_umword_t)(order & 0x3f) << 6)
          | ((l4_umword_t)L4_FPAGE_IO << 4) | L4_FPAGE_RW;
  return f;
}

L4_INLINE l4_fpage_t l4_fpage_all(void)     { l4_fpage_t f; f.raw = (l4_umword_t)L4_WHOLE_ADDRESS_SPACE << 6; return f; }
L4_INLINE l4_fpage_t l4_fpage_invalid(void) { l4_fpage_t f; f.raw = 0; return f; }
L4_INLINE unsigned   l4_fpage_size(l4_fpage_t f)   { return (f.raw >> 6) & 0x3f; }
L4_INLINE unsigned   l4_fpage_type(l4_fpage_t f)   { return (f.raw >> 4) & 3; }
L4_INLINE unsigned   l4_fpage_rights(l4_fpage_t f) { return f.raw & 0xf; }
L4_INLINE l4_addr_t  l4_fpage_page(l4_fpage_t f)   { return f.raw >> 12; }

/* Control word of a send (map) item. */
L4_INLINE l4_umword_t
l4_map_control(l4_umword_t snd_base, unsigned char cache, unsigned grant)
{
  return (snd_base & ~0xfffUL) | ((l4_umword_t)cache << 4) | L4_ITEM_MAP | grant;
}

L4_INLINE l4_umword_t
l4_map_obj_control(l4_umword_t snd_base, unsigned grant)
{
  return l4_map_control(snd_base, 0, grant);
}

#endif
