/* Readers-writer locks on a mutex and two condition variables. New readers
 * wait while a writer waits, so a stream of readers cannot starve writers. */
#include <errno.h>
#include "pthread_internal.h"

int pthread_rwlockattr_init(pthread_rwlockattr_t *a) { a->unused = 0; return 0; }
int pthread_rwlockattr_destroy(pthread_rwlockattr_t *a) { (void)a; return 0; }

int
pthread_rwlock_init(pthread_rwlock_t *l, pthread_rwlockattr_t const *a)
{
  (void)a;
  pthread_mutex_init(&l->lock, 0);
  pthread_cond_init(&l->readers_ok, 0);
  pthread_cond_init(&l->writer_ok, 0);
  l->readers = 0;
  l->writer = 0;
  l->writers_waiting = 0;
  l->writer_thread = 0;
  return 0;
}

int
pthread_rwlock_destroy(pthread_rwlock_t *l)
{
  if (l->readers || l->writer)
    return EBUSY;
  pthread_cond_destroy(&l->readers_ok);
  pthread_cond_destroy(&l->writer_ok);
  pthread_mutex_destroy(&l->lock);
  return 0;
}

int
pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
  pthread_mutex_lock(&l->lock);
  if (l->writer && l->writer_thread == pthread_self())
    {
      pthread_mutex_unlock(&l->lock);
      return EDEADLK;
    }
  while (l->writer || l->writers_waiting)
    pthread_cond_wait(&l->readers_ok, &l->lock);
  ++l->readers;
  pthread_mutex_unlock(&l->lock);
  return 0;
}

int
pthread_rwlock_tryrdlock(pthread_rwlock_t *l)
{
  int r = EBUSY;
  pthread_mutex_lock(&l->lock);
  if (!l->writer && !l->writers_waiting)
    {
      ++l->readers;
      r = 0;
    }
  pthread_mutex_unlock(&l->lock);
  return r;
}

int
pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
  pthread_mutex_lock(&l->lock);
  if (l->writer && l->writer_thread == pthread_self())
    {
      pthread_mutex_unlock(&l->lock);
      return EDEADLK;
    }
  ++l->writers_waiting;
  while (l->writer || l->readers)
    pthread_cond_wait(&l->writer_ok, &l->lock);
  --l->writers_waiting;
  l->writer = 1;
  l->writer_thread = pthread_self();
  pthread_mutex_unlock(&l->lock);
  return 0;
}

int
pthread_rwlock_trywrlock(pthread_rwlock_t *l)
{
  int r = EBUSY;
  pthread_mutex_lock(&l->lock);
  if (!l->writer && !l->readers)
    {
      l->writer = 1;
      l->writer_thread = pthread_self();
      r = 0;
    }
  pthread_mutex_unlock(&l->lock);
  return r;
}

int
pthread_rwlock_unlock(pthread_rwlock_t *l)
{
  pthread_mutex_lock(&l->lock);
  if (l->writer)
    {
      if (l->writer_thread != pthread_self())
        {
          pthread_mutex_unlock(&l->lock);
          return EPERM;
        }
      l->writer = 0;
      l->writer_thread = 0;
    }
  else if (l->readers > 0)
    --l->readers;
  else
    {
      pthread_mutex_unlock(&l->lock);
      return EPERM;
    }
  if (!l->writer && !l->readers && l->writers_waiting)
    pthread_cond_signal(&l->writer_ok);
  else if (!l->writers_waiting)
    pthread_cond_broadcast(&l->readers_ok);
  pthread_mutex_unlock(&l->lock);
  return 0;
}
