/* The counter race fixed: a pthread mutex makes each increment a critical
 * section. A thread that finds the mutex taken blocks in a kernel semaphore
 * until the holder unlocks it, so no update is lost. */
#include <pthread.h>
#include <stdio.h>

enum { ROUNDS = 1000000 };

static volatile int counter;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
  (void)arg;
  for (int i = 0; i < ROUNDS; ++i)
    {
      pthread_mutex_lock(&lock);
      counter = counter + 1;
      pthread_mutex_unlock(&lock);
    }
  return 0;
}

int main(void)
{
  pthread_t a, b;

  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);

  printf("counter = %d, expected %d\n", counter, 2 * ROUNDS);
  printf("lost updates: %d\n", 2 * ROUNDS - counter);
  return 0;
}
