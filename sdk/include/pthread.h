/* POSIX threads on L4 kernel threads (link with REQUIRES_LIBS = libpthread).
 * A pthread is a kernel thread in the program's own task, created through
 * the factory, bound with a UTCB of the task's UTCB area (which libpthread
 * takes over at start, setting l4re_env()->first_free_utcb to ~0UL) or of
 * added kernel-user memory, and paged by the region manager, as L4Re's
 * libpthread does. Mutexes and condition
 * variables block in kernel semaphores. */
#ifndef SDK_PTHREAD_H
#define SDK_PTHREAD_H

#include <stddef.h>
#include <time.h>
#include <l4/sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __pthread *pthread_t;

/* Thread-specific data: keys per program, destructor rounds at exit. */
#define PTHREAD_KEYS_MAX 64
#define PTHREAD_DESTRUCTOR_ITERATIONS 4
typedef unsigned int pthread_key_t;

struct sched_param
{
  int sched_priority;
};

typedef struct
{
  int detachstate;
  size_t stacksize;
  int priority;      /* L4 priority; 0: as the main thread */
  unsigned create_flags; /* PTHREAD_L4_ATTR_* (pthread-l4.h) */
} pthread_attr_t;

enum
{
  PTHREAD_CREATE_JOINABLE = 0,
  PTHREAD_CREATE_DETACHED = 1,
};

enum
{
  PTHREAD_MUTEX_NORMAL = 0,
  PTHREAD_MUTEX_RECURSIVE = 1,
  PTHREAD_MUTEX_ERRORCHECK = 2,
  PTHREAD_MUTEX_DEFAULT = PTHREAD_MUTEX_NORMAL,
};

typedef struct
{
  int type;
} pthread_mutexattr_t;

/* count: threads holding or waiting for the mutex; sem: the kernel
 * semaphore waiters block in (created on first contention). */
typedef struct
{
  volatile int count;
  volatile l4_cap_idx_t sem;
  int type;
  pthread_t volatile owner;
  int depth;
} pthread_mutex_t;

#define PTHREAD_MUTEX_INITIALIZER { 0, 0, PTHREAD_MUTEX_NORMAL, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { 0, 0, PTHREAD_MUTEX_RECURSIVE, 0, 0 }

/* clock: the clock of pthread_cond_timedwait's absolute time (both
 * clocks are the KIP clock here). */
typedef struct
{
  int clock;
} pthread_condattr_t;

typedef struct
{
  volatile int waiters;
  volatile l4_cap_idx_t sem;
} pthread_cond_t;

#define PTHREAD_COND_INITIALIZER { 0, 0 }

typedef volatile int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

/* Barrier: the last of `count` arrivals starts a new round and wakes the
 * others. */
typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t all_here;
  unsigned count;
  unsigned arrived;
  unsigned round;
} pthread_barrier_t;

typedef struct
{
  int unused;
} pthread_barrierattr_t;

#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

/* Readers-writer lock; waiting writers keep new readers out, so writers do
 * not starve. */
typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t readers_ok;
  pthread_cond_t writer_ok;
  int readers;          /* readers holding it */
  int writer;           /* 1 while a writer holds it */
  int writers_waiting;
  pthread_t writer_thread;
} pthread_rwlock_t;

typedef struct
{
  int unused;
} pthread_rwlockattr_t;

#define PTHREAD_RWLOCK_INITIALIZER \
  { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0 }

int pthread_create(pthread_t *thread, pthread_attr_t const *attr,
                   void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **retval);
int pthread_detach(pthread_t thread);
void pthread_exit(void *retval) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_once(pthread_once_t *once, void (*fn)(void));
/* The kernel thread capability behind a pthread (an L4Re extension). */
l4_cap_idx_t pthread_l4_cap(pthread_t thread);

int pthread_attr_init(pthread_attr_t *a);
int pthread_attr_destroy(pthread_attr_t *a);
int pthread_attr_setdetachstate(pthread_attr_t *a, int state);
int pthread_attr_getdetachstate(pthread_attr_t const *a, int *state);
int pthread_attr_setstacksize(pthread_attr_t *a, size_t size);
int pthread_attr_getstacksize(pthread_attr_t const *a, size_t *size);
int pthread_attr_setschedparam(pthread_attr_t *a, struct sched_param const *p);
int pthread_attr_getschedparam(pthread_attr_t const *a, struct sched_param *p);

int pthread_mutexattr_init(pthread_mutexattr_t *a);
int pthread_mutexattr_destroy(pthread_mutexattr_t *a);
int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type);
int pthread_mutexattr_gettype(pthread_mutexattr_t const *a, int *type);

int pthread_mutex_init(pthread_mutex_t *m, pthread_mutexattr_t const *a);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_condattr_init(pthread_condattr_t *a);
int pthread_condattr_destroy(pthread_condattr_t *a);
int pthread_cond_init(pthread_cond_t *c, pthread_condattr_t const *a);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
/* Waits until signalled or until the KIP clock reaches *abstime
 * (clock_gettime time): then ETIMEDOUT. */
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                           struct timespec const *abstime);
int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock);
int pthread_condattr_getclock(pthread_condattr_t const *a, clockid_t *clock);

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, void const *value);

int pthread_barrierattr_init(pthread_barrierattr_t *a);
int pthread_barrierattr_destroy(pthread_barrierattr_t *a);
int pthread_barrier_init(pthread_barrier_t *b, pthread_barrierattr_t const *a,
                         unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);

int pthread_rwlockattr_init(pthread_rwlockattr_t *a);
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a);
int pthread_rwlock_init(pthread_rwlock_t *l, pthread_rwlockattr_t const *a);
int pthread_rwlock_destroy(pthread_rwlock_t *l);
int pthread_rwlock_rdlock(pthread_rwlock_t *l);
int pthread_rwlock_tryrdlock(pthread_rwlock_t *l);
int pthread_rwlock_wrlock(pthread_rwlock_t *l);
int pthread_rwlock_trywrlock(pthread_rwlock_t *l);
int pthread_rwlock_unlock(pthread_rwlock_t *l);

int sched_yield(void);

#ifdef __cplusplus
}
#endif

#endif
