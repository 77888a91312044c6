/* An SDK program that uses the L4Re services a lecture program needs, the
 * same way under our moe role and under the real moe + l4re: the heap
 * (malloc: a dataspace from the memory allocator, attached by the region
 * manager), a named capability ("rom") and a query in that namespace, a
 * region attached read-only and found again, and a second thread
 * (pthread). Each line it prints is checked by test/real-l4re. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>

static void *
sum_to(void *arg)
{
  long n = (long)arg, s = 0, i;
  for (i = 1; i <= n; ++i)
    s += i;
  return (void *)s;
}

int
main(void)
{
  enum { BIG = 300 * 1024 };
  unsigned char *big = malloc(BIG);
  char *text = malloc(64);
  unsigned long sum = 0, i;
  l4_cap_idx_t rom = l4re_env_get_cap("rom");
  l4re_ds_t ds = l4re_util_cap_alloc();
  l4re_ds_t found_ds = L4_INVALID_CAP;
  void *image = 0;
  l4_addr_t at;
  unsigned long size = 1;
  l4re_rm_offset_t offset;
  l4re_rm_flags_t flags;
  pthread_t t;
  void *ret = 0;
  long r;

  if (!big || !text)
    {
      puts("malloc: failed");
      return 1;
    }
  for (i = 0; i < BIG; ++i)
    big[i] = (unsigned char)i;
  for (i = 0; i < BIG; ++i)
    sum += big[i];
  strcpy(text, "heap works");
  printf("malloc: %s, sum %lu\n", text, sum);
  free(big);
  free(text);

  printf("named cap rom: %s\n", l4_is_valid_cap(rom) ? "valid" : "missing");
  r = l4re_ns_query_srv(rom, "sdk-services", ds);
  printf("rom/sdk-services: %ld\n", r);
  r = l4re_ns_query_srv(rom, "no-such-module", l4re_util_cap_alloc());
  printf("rom/no-such-module: %ld\n", r);
  r = l4re_rm_attach(&image, l4re_ds_size(ds), L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0,
                     L4_PAGESHIFT);
  printf("attach: %ld, ELF magic: %s\n", r,
         r == 0 && memcmp(image, "\177ELF", 4) == 0 ? "yes" : "no");
  at = (l4_addr_t)image + 100;
  r = l4re_rm_find(&at, &size, &offset, &flags, &found_ds);
  printf("find: %ld, same start: %d, same ds: %d, read-only: %d\n", r, at == (l4_addr_t)image,
         found_ds == ds, (flags & L4RE_RM_F_RW) == L4RE_RM_F_R);
  printf("detach: %d\n", l4re_rm_detach(image));

  r = pthread_create(&t, 0, sum_to, (void *)100L);
  if (r == 0)
    r = pthread_join(t, &ret);
  printf("thread: %ld, sum %ld\n", r, (long)ret);
  puts("sdk-services: done");
  return 0;
}
