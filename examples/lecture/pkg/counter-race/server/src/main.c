/* Two threads increment one shared counter without synchronisation.
 * "counter = counter + 1" is a load, an add and a store: when the scheduler
 * preempts a thread between its load and its store, the other thread's
 * increments in the meantime are overwritten, i.e. lost.
 * The emulated machine is deterministic, so the number of lost updates is
 * the same in every run with the same time slice. */
#include <pthread.h>
#include <stdio.h>

enum { ROUNDS = 1000000 };

static volatile int counter;

static void *worker(void *arg)
{
  (void)arg;
  for (int i = 0; i < ROUNDS; ++i)
    counter = counter + 1;
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
