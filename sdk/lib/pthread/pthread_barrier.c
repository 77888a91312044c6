/* Barriers on a mutex and a condition variable. The round number tells a
 * woken thread whether its round is over (and not a spurious wake-up). */
#include <errno.h>
#include "pthread_internal.h"

int pthread_barrierattr_init(pthread_barrierattr_t *a) { a->unused = 0; return 0; }
int pthread_barrierattr_destroy(pthread_barrierattr_t *a) { (void)a; return 0; }

int
pthread_barrier_init(pthread_barrier_t *b, pthread_barrierattr_t const *a,
                     unsigned count)
{
  (void)a;
  if (count == 0)
    return EINVAL;
  pthread_mutex_init(&b->lock, 0);
  pthread_cond_init(&b->all_here, 0);
  b->count = count;
  b->arrived = 0;
  b->round = 0;
  return 0;
}

int
pthread_barrier_destroy(pthread_barrier_t *b)
{
  if (b->arrived)
    return EBUSY;
  pthread_cond_destroy(&b->all_here);
  pthread_mutex_destroy(&b->lock);
  return 0;
}

int
pthread_barrier_wait(pthread_barrier_t *b)
{
  unsigned round;
  pthread_mutex_lock(&b->lock);
  round = b->round;
  if (++b->arrived == b->count)
    {
      b->arrived = 0;
      ++b->round;
      pthread_cond_broadcast(&b->all_here);
      pthread_mutex_unlock(&b->lock);
      return PTHREAD_BARRIER_SERIAL_THREAD;
    }
  while (round == b->round)
    pthread_cond_wait(&b->all_here, &b->lock);
  pthread_mutex_unlock(&b->lock);
  return 0;
}
