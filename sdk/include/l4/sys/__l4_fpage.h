/* Flexpages: one word naming a memory, I/O or object range (spec section 7.1). */
#ifndef L4_SYS_L4_FPAGE_H
#define L4_SYS_L4_FPAGE_H

#include <l4/sys/types.h>

typedef union l4_fpage_t
{
  l4_umword_t raw;
  l4_umword_t fpage;
} l4_fpage_t;

/* Field layout of a flexpage word. */
enum L4_fpage_consts
{
  L4_FPAGE_RIGHTS_SHIFT = 0,
  L4_FPAGE_TYPE_SHIFT   = 4,
  L4_FPAGE_SIZE_SHIFT   = 6,
  L4_FPAGE_ADDR_SHIFT   = 12,
  L4_FPAGE_RIGHTS_BITS  = 4,
  L4_FPAGE_TYPE_BITS    = 2,
  L4_FPAGE_SIZE_BITS    = 6,
  L4_FPAGE_ADDR_BITS    = L4_MWORD_BITS - L4_FPAGE_ADDR_SHIFT,
  L4_FPAGE_RIGHTS_MASK  = 0x0fUL,
  L4_FPAGE_TYPE_MASK    = 0x30UL,
  L4_FPAGE_SIZE_MASK    = 0xfc0UL,
  L4_FPAGE_ADDR_MASK    = ~0UL << L4_FPAGE_ADDR_SHIFT,
  L4_FPAGE_RIGHTS_ALL   = L4_FPAGE_RIGHTS_MASK,
};

/* A send item as two words: where in the receive window, and what. */
typedef struct
{
  l4_umword_t snd_base;
  l4_fpage_t fpage;
} l4_snd_fpage_t;

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
  L4_CAP_FPAGE_RWD  = 0xd,
  L4_CAP_FPAGE_RSD  = 0xe,
};

/* Map-item control word: the send base is the part above bit 12. */
enum l4_fpage_control
{
  L4_FPAGE_CONTROL_OFFSET_SHIFT = 12,
  L4_FPAGE_CONTROL_MASK = ~0UL << L4_FPAGE_CONTROL_OFFSET_SHIFT,
};

/* Object-mapping attributes (the "cache" field of an object map item). */
#define L4_FPAGE_C_REF_CNT     0x00
#define L4_FPAGE_C_NO_REF_CNT  0x10
#define L4_FPAGE_C_OBJ_RIGHT1  0x20
#define L4_FPAGE_C_OBJ_RIGHT2  0x40
#define L4_FPAGE_C_OBJ_RIGHT3  0x80
#define L4_FPAGE_C_OBJ_RIGHTS  0xe0
#define L4_FPAGE_C_IPCGATE_SVR L4_FPAGE_C_OBJ_RIGHT1

/* Memory-mapping attributes (the "cache" field of a memory map item). */
enum l4_fpage_cacheability_opt_t
{
  L4_FPAGE_CACHE_OPT   = 0x1,
  L4_FPAGE_CACHEABLE   = 0x3,
  L4_FPAGE_BUFFERABLE  = 0x5,
  L4_FPAGE_UNCACHEABLE = 0x1,
};

enum
{
  L4_WHOLE_ADDRESS_SPACE = 63,
  L4_WHOLE_IOADDRESS_SPACE = 16,
  L4_IOPORT_MAX = 1L << 16,
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
L4_INLINE unsigned long l4_fpage_ioport(l4_fpage_t f) { return f.raw >> 12; }
L4_INLINE l4_addr_t  l4_fpage_memaddr(l4_fpage_t f) { return f.raw & L4_FPAGE_ADDR_MASK; }
L4_INLINE l4_cap_idx_t l4_fpage_obj(l4_fpage_t f)   { return f.raw & L4_FPAGE_ADDR_MASK; }
L4_INLINE int l4_is_fpage_writable(l4_fpage_t f)    { return l4_fpage_rights(f) & L4_FPAGE_W; }
/* False only for the invalid (nil) flexpage. */
L4_INLINE int l4_is_fpage_valid(l4_fpage_t f)
{ return l4_fpage_type(f) != L4_FPAGE_SPECIAL || l4_fpage_size(f) != 0; }

L4_INLINE l4_fpage_t
l4_fpage_set_rights(l4_fpage_t src, unsigned char rights)
{
  l4_fpage_t f;
  f.raw = (src.raw & ~(l4_umword_t)L4_FPAGE_RIGHTS_MASK) | (rights & L4_FPAGE_RIGHTS_MASK);
  return f;
}

/* Whether the memory flexpage covers [addr, addr + 2^log2size). */
L4_INLINE int
l4_fpage_contains(l4_fpage_t f, l4_addr_t addr, unsigned log2size)
{
  l4_addr_t fa = l4_fpage_memaddr(f);
  return fa <= addr && fa + (1UL << l4_fpage_size(f)) >= addr + (1UL << log2size);
}

/* The largest order (up to 2^30) of a flexpage around `addr` that stays in
 * [min_addr, max_addr) and keeps `hotspot` at the same offset. */
L4_INLINE unsigned char
l4_fpage_max_order(unsigned char order, l4_addr_t addr, l4_addr_t min_addr,
                   l4_addr_t max_addr, l4_addr_t hotspot)
{
  for (; order < 30; ++order)
    {
      l4_addr_t base = addr & (~0UL << (order + 1));
      if (base < min_addr || base + (1UL << (order + 1)) - 1 > max_addr - 1)
        break;
      if (hotspot == ~0UL || ((addr ^ hotspot) & ~(~0UL << (order + 1))))
        break;
    }
  return order;
}

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
