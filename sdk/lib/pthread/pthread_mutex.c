/* Mutexes: an atomic count of interested threads; whoever finds it non-zero
 * blocks in the mutex's kernel semaphore, and unlock wakes one of them. The
 * kernel does the queueing, so there is no spinning. */
#include <errno.h>
#include <l4/sys/semaphore.h>
#include "pthread_internal.h"

int
pthread_mutex_init(pthread_mutex_t *m, pthread_mutexattr_t const *a)
{
  m->count = 0;
  m->sem = 0;
  m->type = a ? a->type : PTHREAD_MUTEX_DEFAULT;
  m->owner = 0;
  m->depth = 0;
  return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
  if (m->count)
    return EBUSY;
  __pthread_sem_free(m->sem);
  m->sem = 0;
  return 0;
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
  pthread_t self = pthread_self();
  if (m->owner == self)
    {
      if (m->type == PTHREAD_MUTEX_RECURSIVE)
        {
          ++m->depth;
          return 0;
        }
      if (m->type == PTHREAD_MUTEX_ERRORCHECK)
        return EDEADLK;
    }
  if (__atomic_fetch_add(&m->count, 1, __ATOMIC_ACQUIRE) > 0)
    {
      l4_cap_idx_t sem = __pthread_sem(&m->sem);
      if (l4_is_invalid_cap(sem))
        return EAGAIN;
      l4_semaphore_down(sem, L4_IPC_NEVER);
    }
  m->owner = self;
  return 0;
}

int
pthread_mutex_trylock(pthread_mutex_t *m)
{
  int expected = 0;
  pthread_t self = pthread_self();
  if (m->owner == self && m->type == PTHREAD_MUTEX_RECURSIVE)
    {
      ++m->depth;
      return 0;
    }
  if (!__atomic_compare_exchange_n(&m->count, &expected, 1, 0,
                                   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    return EBUSY;
  m->owner = self;
  return 0;
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
  if (m->type != PTHREAD_MUTEX_NORMAL && m->owner != pthread_self())
    return EPERM;
  if (m->depth > 0)
    {
      --m->depth;
      return 0;
    }
  m->owner = 0;
  if (__atomic_fetch_sub(&m->count, 1, __ATOMIC_RELEASE) > 1)
    {
      /* Someone is blocked (or about to block) in the semaphore. */
      l4_cap_idx_t sem = __pthread_sem(&m->sem);
      if (!l4_is_invalid_cap(sem))
        l4_semaphore_up(sem);
    }
  return 0;
}
