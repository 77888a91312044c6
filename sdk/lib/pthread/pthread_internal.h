/* What libpthread's parts share. */
#ifndef SDK_PTHREAD_INTERNAL_H
#define SDK_PTHREAD_INTERNAL_H

#include <pthread.h>
#include <l4/sys/types.h>

/* moe starts a program's main thread at this priority; pthreads get the
 * same unless their attributes say otherwise, so they share the CPU round
 * robin. */
enum { PTHREAD_DEFAULT_PRIO = 2 };
enum { PTHREAD_DEFAULT_STACK = 64 * 1024 };

struct __pthread
{
  l4_cap_idx_t cap;
  void *(*start)(void *);
  void *arg;
  void *retval;
  void *stack;
  l4_cap_idx_t done;     /* semaphore: up once when the thread finishes */
  int detached;
  int is_main;
};

/* A kernel semaphore for a lazily initialised object: creates one and
 * installs it in *slot unless another thread was faster. */
l4_cap_idx_t __pthread_sem(l4_cap_idx_t volatile *slot);
void __pthread_sem_free(l4_cap_idx_t sem);
/* A capability slot (the C cap allocator is not thread-safe by itself). */
l4_cap_idx_t __pthread_cap_alloc(void);

#endif
