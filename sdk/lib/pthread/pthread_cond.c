/* Condition variables: waiters count themselves (under the mutex), release
 * the mutex and block in the variable's kernel semaphore; signal and
 * broadcast hand out one wake-up per counted waiter. */
#include <errno.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/ipc.h>
#include "pthread_internal.h"

int
pthread_cond_init(pthread_cond_t *c, pthread_condattr_t const *a)
{
  (void)a;
  c->waiters = 0;
  c->sem = 0;
  return 0;
}

int
pthread_cond_destroy(pthread_cond_t *c)
{
  if (c->waiters)
    return EBUSY;
  __pthread_sem_free(c->sem);
  c->sem = 0;
  return 0;
}

int
pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
  l4_cap_idx_t sem = __pthread_sem(&c->sem);
  if (l4_is_invalid_cap(sem))
    return EAGAIN;
  __atomic_fetch_add(&c->waiters, 1, __ATOMIC_ACQ_REL);
  pthread_mutex_unlock(m);
  l4_semaphore_down(sem, L4_IPC_NEVER);
  pthread_mutex_lock(m);
  return 0;
}

int
pthread_cond_signal(pthread_cond_t *c)
{
  int n = __atomic_load_n(&c->waiters, __ATOMIC_ACQUIRE);
  while (n > 0)
    {
      if (__atomic_compare_exchange_n(&c->waiters, &n, n - 1, 0,
                                      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        {
          l4_semaphore_up(__pthread_sem(&c->sem));
          break;
        }
    }
  return 0;
}

int
pthread_cond_broadcast(pthread_cond_t *c)
{
  int n = __atomic_exchange_n(&c->waiters, 0, __ATOMIC_ACQ_REL);
  while (n-- > 0)
    l4_semaphore_up(__pthread_sem(&c->sem));
  return 0;
}

int
pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                       struct timespec const *abstime)
{
  l4_cap_idx_t sem = __pthread_sem(&c->sem);
  l4_uint64_t deadline;
  int r, n;
  if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000)
    return EINVAL;
  if (l4_is_invalid_cap(sem))
    return EAGAIN;
  deadline = __pthread_deadline_us(abstime);
  __atomic_fetch_add(&c->waiters, 1, __ATOMIC_ACQ_REL);
  pthread_mutex_unlock(m);
  r = __pthread_sem_down_until(sem, deadline);
  if (r == ETIMEDOUT)
    {
      /* Take back the wake-up counted for us, unless a signal already took
       * it: then its up is on its way, and we consume it (and report being
       * signalled, which POSIX allows). */
      n = __atomic_load_n(&c->waiters, __ATOMIC_ACQUIRE);
      while (n > 0 && !__atomic_compare_exchange_n(&c->waiters, &n, n - 1, 0,
                                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        ;
      if (n <= 0)
        {
          l4_semaphore_down(sem, L4_IPC_NEVER);
          r = 0;
        }
    }
  pthread_mutex_lock(m);
  return r;
}
