/* A resource map: which client owns which part of a resource (RAM, device
 * memory, I/O ports), and with which rights. Regions are inclusive
 * [start, end], sorted, never overlapping; neighbours with the same owner
 * and rights are merged. A range owned by sigma0 itself is simply absent
 * (it can never be handed out). */
#ifndef SIGMA0_REGION_MAP_H
#define SIGMA0_REGION_MAP_H

struct region
{
  unsigned long start;
  unsigned long end;     /* inclusive */
  unsigned long owner;   /* OWNER_FREE, OWNER_ROOT or another client number */
  unsigned long rights;  /* L4_FPAGE_R | L4_FPAGE_W | L4_FPAGE_X */
};

struct region_map
{
  unsigned capacity;
  unsigned count;
  struct region *regions;
};

/* Makes [start, end] free with `rights`, swallowing every region it touches. */
int map_add_free(struct region_map *m, unsigned long start, unsigned long end, unsigned long rights);
/* Gives [start, end] to `owner` (sigma0: takes it out of the map); fails
 * (0) when a part belongs to another client already. */
int map_reserve(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner, unsigned long rights);
/* Hands [start, end] to `owner` when one free region (or one of the
 * owner's own, with the same rights) holds all of it. */
int map_alloc(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner, unsigned long rights);
/* Like map_alloc for a page fault: the region must allow at least `needed`;
 * the page gets the region's full rights, returned in *rights. */
int map_alloc_page_fault(struct region_map *m, unsigned long start, unsigned long end, unsigned long owner,
                         unsigned long needed, unsigned long *rights);
/* The first free, naturally aligned block of `size` bytes, handed to
 * `owner` with all rights; ~0UL when there is none. */
unsigned long map_alloc_first(struct region_map *m, unsigned long size, unsigned long owner);
/* The region holding all of [start, end], or 0. */
struct region const *map_find(struct region_map const *m, unsigned long start, unsigned long end);
/* One line per region: [owner:RWX:start;end]. */
void map_dump(struct region_map const *m);

#endif
