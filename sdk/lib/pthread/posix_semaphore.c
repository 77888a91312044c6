/* POSIX semaphores: an atomic count that goes negative by the number of
 * waiters, who block in a kernel semaphore; a post that finds waiters ups
 * the kernel semaphore once. Errors follow POSIX: -1 and errno. */
#include <errno.h>
#include <semaphore.h>
#include <l4/sys/ipc.h>
#include <l4/sys/semaphore.h>
#include "pthread_internal.h"

static int
fail(int e)
{
  errno = e;
  return -1;
}

int
sem_init(sem_t *s, int pshared, unsigned value)
{
  if (value > SEM_VALUE_MAX)
    return fail(EINVAL);
  if (pshared)
    return fail(ENOSYS);
  s->value = (int)value;
  s->ksem = 0;
  return 0;
}

int
sem_destroy(sem_t *s)
{
  if (s->value < 0)
    return fail(EBUSY);
  __pthread_obj_delete(s->ksem);
  s->ksem = 0;
  return 0;
}

int
sem_wait(sem_t *s)
{
  l4_cap_idx_t k;
  if (__atomic_fetch_sub(&s->value, 1, __ATOMIC_ACQUIRE) > 0)
    return 0;
  k = __pthread_sem(&s->ksem);
  if (l4_is_invalid_cap(k))
    {
      __atomic_fetch_add(&s->value, 1, __ATOMIC_RELEASE);
      return fail(EAGAIN);
    }
  l4_semaphore_down(k, L4_IPC_NEVER);
  return 0;
}

int
sem_trywait(sem_t *s)
{
  int v = __atomic_load_n(&s->value, __ATOMIC_ACQUIRE);
  while (v > 0)
    if (__atomic_compare_exchange_n(&s->value, &v, v - 1, 0, __ATOMIC_ACQUIRE,
                                    __ATOMIC_ACQUIRE))
      return 0;
  return fail(EAGAIN);
}

int
sem_timedwait(sem_t *s, struct timespec const *abstime)
{
  l4_cap_idx_t k;
  int v;
  if (__atomic_fetch_sub(&s->value, 1, __ATOMIC_ACQUIRE) > 0)
    return 0;
  if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000)
    {
      __atomic_fetch_add(&s->value, 1, __ATOMIC_RELEASE);
      return fail(EINVAL);
    }
  k = __pthread_sem(&s->ksem);
  if (l4_is_invalid_cap(k))
    {
      __atomic_fetch_add(&s->value, 1, __ATOMIC_RELEASE);
      return fail(EAGAIN);
    }
  if (__pthread_sem_down_until(k, __pthread_deadline_us(abstime)) == 0)
    return 0;
  /* Timed out: stop counting as a waiter, unless a post already counted on
   * us (the value is no longer negative): then its up is ours to take. */
  v = __atomic_load_n(&s->value, __ATOMIC_ACQUIRE);
  while (v < 0)
    if (__atomic_compare_exchange_n(&s->value, &v, v + 1, 0, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      return fail(ETIMEDOUT);
  l4_semaphore_down(k, L4_IPC_NEVER);
  return 0;
}

int
sem_post(sem_t *s)
{
  if (__atomic_load_n(&s->value, __ATOMIC_RELAXED) == SEM_VALUE_MAX)
    return fail(EOVERFLOW);
  if (__atomic_fetch_add(&s->value, 1, __ATOMIC_RELEASE) < 0)
    {
      l4_cap_idx_t k = __pthread_sem(&s->ksem);
      if (!l4_is_invalid_cap(k))
        l4_semaphore_up(k);
    }
  return 0;
}

int
sem_getvalue(sem_t *s, int *value)
{
  int v = __atomic_load_n(&s->value, __ATOMIC_ACQUIRE);
  *value = v < 0 ? 0 : v;
  return 0;
}
