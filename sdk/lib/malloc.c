/* malloc/calloc/realloc/free. The heap is one dataspace from moe's memory
 * allocator (l4re_ma_alloc), attached with the region manager; its pages
 * appear on first touch, so a large heap costs nothing until used. Without
 * a memory allocator the heap is a small static arena.
 *
 * Blocks lie one after the other: a header holding the block size (low bit:
 * in use), then the payload. malloc takes the first free block that fits,
 * merging free neighbours on the way, and splits off the rest. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include "libc_lock.h"

#ifndef SDK_HEAP_SIZE
#define SDK_HEAP_SIZE (8UL << 20)
#endif

/* The heap size; a program may define its own `sdk_heap_size` to change it. */
unsigned long const sdk_heap_size __attribute__((weak)) = SDK_HEAP_SIZE;

enum
{
  HEADER = 16,           /* header size; keeps payloads 16-byte aligned */
  MIN_BLOCK = 2 * HEADER,
  USED = 1,
  FALLBACK_SIZE = 64 * 1024,
};

static char fallback_arena[FALLBACK_SIZE] __attribute__((aligned(HEADER)));
static char *heap, *heap_end;
static volatile int heap_lock;

static unsigned long *hdr(char *block) { return (unsigned long *)block; }
static unsigned long block_size(char *b) { return *hdr(b) & ~(unsigned long)USED; }
static int block_used(char *b) { return *hdr(b) & USED; }

/* The heap's memory: a dataspace from moe, else the static arena. */
static void
heap_init(void)
{
  unsigned long size = sdk_heap_size & ~(unsigned long)(HEADER - 1);
  l4re_env_t *env = l4re_env();
  heap = fallback_arena;
  heap_end = fallback_arena + FALLBACK_SIZE;
  if (env && size >= MIN_BLOCK && !l4_is_invalid_cap(env->mem_alloc))
    {
      l4_cap_idx_t ds = l4re_util_cap_alloc();
      void *addr = 0;
      if (!l4_is_invalid_cap(ds)
          && l4re_ma_alloc((long)size, ds, 0) >= 0
          && l4re_rm_attach(&addr, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW,
                            ds, 0, L4_PAGESHIFT) == 0)
        {
          heap = addr;
          heap_end = heap + size;
        }
    }
  *hdr(heap) = (unsigned long)(heap_end - heap);
}

/* Merges the free blocks that follow the free block b into it. */
static void
merge_following(char *b)
{
  for (;;)
    {
      char *next = b + block_size(b);
      if (next >= heap_end || block_used(next))
        return;
      *hdr(b) += block_size(next);
    }
}

/* Block size needed for n payload bytes. */
static unsigned long
block_need(size_t n)
{
  return (n + HEADER + HEADER - 1) & ~(unsigned long)(HEADER - 1);
}

/* Shrinks block b to `need` bytes when the rest makes a block of its own. */
static void
split(char *b, unsigned long need)
{
  unsigned long size = block_size(b);
  if (size - need >= MIN_BLOCK)
    {
      *hdr(b + need) = size - need;
      *hdr(b) = need | (*hdr(b) & USED);
    }
}

static void *
heap_alloc(size_t n)
{
  unsigned long need;
  char *b;
  if (n > (size_t)(heap_end - heap))
    return 0;
  need = block_need(n);
  for (b = heap; b < heap_end; b += block_size(b))
    {
      if (block_used(b))
        continue;
      merge_following(b);
      if (block_size(b) < need)
        continue;
      split(b, need);
      *hdr(b) |= USED;
      return b + HEADER;
    }
  return 0;
}

void *
malloc(size_t n)
{
  void *p;
  if (n == 0)
    n = 1;
  __libc_lock(&heap_lock);
  if (!heap)
    heap_init();
  p = heap_alloc(n);
  __libc_unlock(&heap_lock);
  if (!p)
    errno = ENOMEM;
  return p;
}

void
free(void *p)
{
  char *b;
  if (!p)
    return;
  b = (char *)p - HEADER;
  __libc_lock(&heap_lock);
  if (heap && b >= heap && b < heap_end && block_used(b))
    {
      *hdr(b) &= ~(unsigned long)USED;
      merge_following(b);
    }
  __libc_unlock(&heap_lock);
}

void *
calloc(size_t count, size_t size)
{
  void *p;
  if (size && count > (size_t)-1 / size)
    {
      errno = ENOMEM;
      return 0;
    }
  p = malloc(count * size);
  if (p)
    memset(p, 0, count * size);
  return p;
}

void *
realloc(void *p, size_t n)
{
  char *b;
  size_t have;
  void *q;
  if (!p)
    return malloc(n);
  if (n == 0)
    {
      free(p);
      return 0;
    }
  b = (char *)p - HEADER;
  if (n > (size_t)(heap_end - heap))
    return 0;
  __libc_lock(&heap_lock);
  merge_following(b); /* grow in place when the next blocks are free */
  have = block_size(b) - HEADER;
  if (n <= have)
    {
      split(b, block_need(n));
      __libc_unlock(&heap_lock);
      return p;
    }
  __libc_unlock(&heap_lock);
  q = malloc(n);
  if (!q)
    return 0;
  memcpy(q, p, have);
  free(p);
  return q;
}
