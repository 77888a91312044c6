/* What libpthread's parts share. */
#ifndef SDK_PTHREAD_INTERNAL_H
#define SDK_PTHREAD_INTERNAL_H

#include <pthread.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

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
  l4_utcb_t *utcb;       /* returned to the pool once the thread is deleted */
  l4_cap_idx_t done;     /* semaphore: up once when the thread finishes */
  int detached;
  int exited;            /* finished, its kernel thread not yet deleted */
  int is_main;
  struct __pthread *next_zombie;
  struct __pthread *next_live;  /* all threads not yet deleted */
  unsigned priority;
  l4_addr_t initial_sp;  /* where pthread_trampoline(t) finds its argument */
  int started;           /* run by the scheduler (not waiting for pthread_l4_start) */
  void *specific[PTHREAD_KEYS_MAX];
};

/* A kernel semaphore for a lazily initialised object: creates one and
 * installs it in *slot unless another thread was faster. */
l4_cap_idx_t __pthread_sem(l4_cap_idx_t volatile *slot);
void __pthread_sem_free(l4_cap_idx_t sem);
/* A capability slot (the C cap allocator is not thread-safe by itself). */
l4_cap_idx_t __pthread_cap_alloc(void);
/* Deletes the kernel object behind cap and frees the slot. */
void __pthread_obj_delete(l4_cap_idx_t cap);

/* Guards the thread lists; the list of threads not yet deleted. */
extern volatile int __pthread_threads_lock;
extern struct __pthread *__pthread_live;
/* Lets the scheduler run a created thread at its priority; 0 or an errno. */
int __pthread_run(struct __pthread *t);

/* Runs the thread-specific-data destructors of the calling thread. */
void __pthread_run_key_destructors(struct __pthread *self);

/* The absolute KIP-clock time (us) of a timespec, rounded up. */
struct timespec;
l4_uint64_t __pthread_deadline_us(struct timespec const *abstime);
/* A kernel-semaphore down that gives up at an absolute KIP-clock time;
 * 0 when it got the semaphore, ETIMEDOUT when the time passed. */
int __pthread_sem_down_until(l4_cap_idx_t sem, l4_uint64_t deadline_us);

#endif
