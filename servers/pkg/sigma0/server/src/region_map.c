/* The resource maps of sigma0 (see region_map.h). The operations follow
 * the rules of L4Re's sigma0 (Mem_man): first come, first served, a page
 * belongs to one client at a time, and the owner may ask again. */
#include <l4/sys/__l4_fpage.h>
#include "log.h"
#include "region_map.h"
#include "sigma0_protocol.h"

static int overlaps(struct region const *r, unsigned long start, unsigned long end)
{
  return r->start <= end && start <= r->end;
}

static void remove_at(struct region_map *m, unsigned i)
{
  for (; i + 1 < m->count; ++i)
    m->regions[i] = m->regions[i + 1];
  --m->count;
}

static int insert_at(struct region_map *m, unsigned i, struct region r)
{
  unsigned j;
  if (m->count == m->capacity)
    {
      log_str("SIGMA0: Out of memory\n");
      return 0;
    }
  for (j = m->count; j > i; --j)
    m->regions[j] = m->regions[j - 1];
  m->regions[i] = r;
  ++m->count;
  return 1;
}

static int same_kind(struct region const *a, struct region const *b)
{
  return a->owner == b->owner && a->rights == b->rights;
}

/* Joins the region at i with equal neighbours that touch it. */
static void merge_around(struct region_map *m, unsigned i)
{
  if (i + 1 < m->count && m->regions[i].end + 1 == m->regions[i + 1].start
      && same_kind(&m->regions[i], &m->regions[i + 1]))
    {
      m->regions[i].end = m->regions[i + 1].end;
      remove_at(m, i + 1);
    }
  if (i > 0 && m->regions[i - 1].end + 1 == m->regions[i].start
      && same_kind(&m->regions[i - 1], &m->regions[i]))
    {
      m->regions[i - 1].end = m->regions[i].end;
      remove_at(m, i);
    }
}

/* Makes [start, end] belong to `owner` with `rights`, whatever was there. */
static int map_set(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner,
                   unsigned long rights)
{
  unsigned i = 0;
  struct region r = { start, end, owner, rights };

  /* Cut [start, end] out of every region it overlaps. */
  while (i < m->count)
    {
      struct region *x = &m->regions[i];
      if (!overlaps(x, start, end))
        {
          ++i;
          continue;
        }
      if (x->start < start && x->end > end)
        {
          /* Split: the part behind the range becomes a region of its own. */
          struct region tail = *x;
          tail.start = end + 1;
          x->end = start - 1;
          if (!insert_at(m, i + 1, tail))
            return 0;
          i += 2;
        }
      else if (x->start < start)
        {
          x->end = start - 1;
          ++i;
        }
      else if (x->end > end)
        {
          x->start = end + 1;
          ++i;
        }
      else
        remove_at(m, i);
    }

  if (owner == OWNER_SIGMA0)
    return 1;

  for (i = 0; i < m->count && m->regions[i].start < start; ++i)
    ;
  if (!insert_at(m, i, r))
    return 0;
  merge_around(m, i);
  return 1;
}

int map_add_free(struct region_map *m, unsigned long start, unsigned long end, unsigned long rights)
{
  unsigned i;
  for (i = 0; i < m->count; ++i)
    if (overlaps(&m->regions[i], start, end))
      {
        if (m->regions[i].start < start)
          start = m->regions[i].start;
        if (m->regions[i].end > end)
          end = m->regions[i].end;
      }
  return map_set(m, start, end, OWNER_FREE, rights);
}

int map_reserve(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner,
                unsigned long rights)
{
  unsigned i;
  if (start > end)
    return 0;
  for (i = 0; i < m->count; ++i)
    {
      struct region const *x = &m->regions[i];
      if (overlaps(x, start, end) && x->owner != OWNER_FREE && x->owner != owner)
        return 0;
    }
  return map_set(m, start, end, owner, rights);
}

struct region const *map_find(struct region_map const *m, unsigned long start, unsigned long end)
{
  unsigned i;
  if (start > end)
    return 0;
  for (i = 0; i < m->count; ++i)
    if (m->regions[i].start <= start && end <= m->regions[i].end)
      return &m->regions[i];
  return 0;
}

int map_alloc(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner,
              unsigned long rights)
{
  struct region const *r = map_find(m, start, end);
  if (!r)
    return 0;
  if (r->owner != OWNER_FREE && r->owner != owner)
    return 0;                   /* another client's page: never twice */
  if (r->owner == owner && r->rights == rights)
    return 1;                   /* the owner asks again */
  return map_set(m, start, end, owner, rights);
}

int map_alloc_page_fault(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner,
                         unsigned long needed, unsigned long *rights)
{
  struct region const *r = map_find(m, start, end);
  if (!r || (r->rights & needed) != needed)
    return 0;
  *rights = r->rights;
  return map_alloc(m, start, end, owner, r->rights);
}

unsigned long map_alloc_first(struct region_map *m, unsigned long size, unsigned long owner)
{
  unsigned i;
  for (i = 0; i < m->count; ++i)
    {
      struct region const *r = &m->regions[i];
      unsigned long at;
      if (r->owner != OWNER_FREE || r->start + (size - 1) < r->start)
        continue;
      at = (r->start + size - 1) & ~(size - 1);
      if (at >= r->start && at < r->end && r->end - at >= size - 1)
        return map_alloc(m, at, at + size - 1, owner, L4_FPAGE_RWX) ? at : ~0UL;
    }
  return ~0UL;
}

void map_dump(struct region_map const *m)
{
  unsigned i;
  for (i = 0; i < m->count; ++i)
    {
      struct region const *r = &m->regions[i];
      log_char('[');
      log_dec(r->owner);
      log_char(':');
      log_char(r->rights & L4_FPAGE_R ? 'R' : '-');
      log_char(r->rights & L4_FPAGE_W ? 'W' : '-');
      log_char(r->rights & L4_FPAGE_X ? 'X' : '-');
      log_char(':');
      log_hex(r->start);
      log_char(';');
      log_hex(r->end);
      log_str("]\n");
    }
}
