/* POSIX threads on L4 kernel threads (link with REQUIRES_LIBS = libpthread).
 * A pthread is a kernel thread in the program's own task, created through
 * the factory, bound with a UTCB from l4re_env()->first_free_utcb and paged
 * by the region manager, as L4Re's libpthread does. Mutexes and condition
 * variables block in kernel semaphores. */
#ifndef SDK_PTHREAD_H
#define SDK_PTHREAD_H

#include <stddef.h>
#include <l4/sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __pthread *pthread_t;

struct sched_param
{
  int sched_priority;
};

typedef struct
{
  int detachstate;
  size_t stacksize;
  int priority;      /* L4 priority; 0: as the main thread */
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

typedef struct
{
  int unused;
} pthread_condattr_t;

typedef struct
{
  volatile int waiters;
  volatile l4_cap_idx_t sem;
} pthread_cond_t;

#define PTHREAD_COND_INITIALIZER { 0, 0 }

typedef volatile int pthread_once_t;
#define PTHREAD_ONCE_INIT 0

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

int sched_yield(void);

#ifdef __cplusplus
}
#endif

#endif
