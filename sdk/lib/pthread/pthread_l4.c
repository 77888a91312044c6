/* The L4 extensions of pthread-l4.h. */
#include <errno.h>
#include <pthread-l4.h>
#include "../libc_lock.h"
#include "pthread_internal.h"

l4_utcb_t *
__pthread_l4_utcb(pthread_t t)
{
  return t->utcb;
}

void
pthread_l4_for_each_thread(void (*fn)(pthread_t))
{
  struct __pthread *t;
  fn(pthread_self());
  /* Not under the lock: fn may create or join threads. */
  for (t = __pthread_live; t; t = t->next_live)
    fn(t);
}

/* As L4Re's: 0, or a negative errno (-EINVAL for no thread, -EBUSY when it
 * runs already). */
int
pthread_l4_start(pthread_t t, void *(*func)(void *), void *arg)
{
  int r;
  if (!t || t->is_main)
    return -EINVAL;
  __libc_lock(&__pthread_threads_lock);
  r = t->started ? -EBUSY : 0;
  if (r == 0)
    {
      t->start = func;
      t->arg = arg;
      t->started = 1; /* nobody else may start it */
    }
  __libc_unlock(&__pthread_threads_lock);
  if (r == 0 && __pthread_run(t) != 0)
    {
      t->started = 0;
      r = -EAGAIN;
    }
  return r;
}
