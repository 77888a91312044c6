/* libpthread: create/join with return values, self/equal, mutex (incl.
 * trylock), condition variables (signal and broadcast), attributes. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

enum { THREADS = 4, ROUNDS = 20000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static volatile int counter, arrived, go;
static pthread_t seen_self[THREADS];

static void *worker(void *arg)
{
  long id = (long)arg;
  seen_self[id] = pthread_self();
  for (int i = 0; i < ROUNDS; ++i)
    {
      pthread_mutex_lock(&lock);
      counter = counter + 1;
      pthread_mutex_unlock(&lock);
    }
  /* A barrier with a condition variable. */
  pthread_mutex_lock(&lock);
  ++arrived;
  pthread_cond_signal(&cond);
  while (!go)
    pthread_cond_wait(&cond, &lock);
  pthread_mutex_unlock(&lock);
  return (void *)(id * 100);
}

int main(void)
{
  pthread_t t[THREADS];
  pthread_attr_t attr;
  size_t stack;
  void *ret;
  long total = 0;

  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 32768);
  pthread_attr_getstacksize(&attr, &stack);
  printf("attr stack %zu\n", stack);

  for (long i = 0; i < THREADS; ++i)
    printf("create %ld: %d\n", i, pthread_create(&t[i], &attr, worker, (void *)i));

  pthread_mutex_lock(&lock);
  while (arrived < THREADS)
    pthread_cond_wait(&cond, &lock);
  printf("all %d arrived, counter %d\n", arrived, counter);
  go = 1;
  pthread_cond_broadcast(&cond);
  pthread_mutex_unlock(&lock);

  for (int i = 0; i < THREADS; ++i)
    {
      pthread_join(t[i], &ret);
      total += (long)ret;
      printf("joined %d: self matches %d\n", i, pthread_equal(seen_self[i], t[i]));
    }
  printf("return values sum %ld, counter %d of %d\n", total, counter, THREADS * ROUNDS);
  printf("main is not a worker: %d\n", !pthread_equal(pthread_self(), t[0]));

  printf("trylock free: %d\n", pthread_mutex_trylock(&lock));
  printf("trylock taken: %d\n", pthread_mutex_trylock(&lock) == EBUSY);
  pthread_mutex_unlock(&lock);
  printf("join self: %d\n", pthread_join(pthread_self(), 0) == EINVAL);
  return 0;
}
