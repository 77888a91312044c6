/* Thread-specific data: a table of keys (in use, destructor) for the whole
 * program; the values live in each thread's struct __pthread. */
#include <errno.h>
#include "../libc_lock.h"
#include "pthread_internal.h"

static volatile int keys_lock;
static unsigned char key_used[PTHREAD_KEYS_MAX];
static void (*key_destructor[PTHREAD_KEYS_MAX])(void *);

int
pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
  unsigned k;
  __libc_lock(&keys_lock);
  for (k = 0; k < PTHREAD_KEYS_MAX; ++k)
    if (!key_used[k])
      {
        key_used[k] = 1;
        key_destructor[k] = destructor;
        __libc_unlock(&keys_lock);
        *key = k;
        return 0;
      }
  __libc_unlock(&keys_lock);
  return EAGAIN;
}

int
pthread_key_delete(pthread_key_t key)
{
  if (key >= PTHREAD_KEYS_MAX || !key_used[key])
    return EINVAL;
  /* POSIX: values stay where they are and no destructor runs. A reused
   * key starts from NULL only in threads that set it again; clear ours. */
  pthread_self()->specific[key] = 0;
  __libc_lock(&keys_lock);
  key_used[key] = 0;
  key_destructor[key] = 0;
  __libc_unlock(&keys_lock);
  return 0;
}

void *
pthread_getspecific(pthread_key_t key)
{
  if (key >= PTHREAD_KEYS_MAX)
    return 0;
  return pthread_self()->specific[key];
}

int
pthread_setspecific(pthread_key_t key, void const *value)
{
  if (key >= PTHREAD_KEYS_MAX || !key_used[key])
    return EINVAL;
  pthread_self()->specific[key] = (void *)value;
  return 0;
}

void
__pthread_run_key_destructors(struct __pthread *self)
{
  int round, again = 1;
  for (round = 0; again && round < PTHREAD_DESTRUCTOR_ITERATIONS; ++round)
    {
      unsigned k;
      again = 0;
      for (k = 0; k < PTHREAD_KEYS_MAX; ++k)
        {
          void *v = self->specific[k];
          void (*d)(void *) = key_destructor[k];
          if (v && d && key_used[k])
            {
              self->specific[k] = 0;
              d(v);
              again = 1;
            }
        }
    }
}
