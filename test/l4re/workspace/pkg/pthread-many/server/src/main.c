/* More threads alive at once than the 4 KiB UTCB area holds: libpthread adds
 * kernel-user memory (l4_task_add_ku_mem) for their UTCBs. */
#include <pthread.h>
#include <stdio.h>

enum { N = 30 };
static pthread_barrier_t all_started;
static int seen[N];

static void *worker(void *arg)
{
  int i = (int)(long)arg;
  pthread_barrier_wait(&all_started); /* everyone is alive at the same time here */
  seen[i] = i + 1;
  return (void *)(long)(i * 2);
}

int main(void)
{
  pthread_t t[N];
  int i, created = 0, joined_ok = 0, sum = 0;
  pthread_barrier_init(&all_started, 0, N);
  for (i = 0; i < N; ++i)
    if (pthread_create(&t[i], 0, worker, (void *)(long)i) == 0)
      ++created;
  for (i = 0; i < created; ++i)
    {
      void *r;
      if (pthread_join(t[i], &r) == 0 && (long)r == i * 2)
        ++joined_ok;
      sum += seen[i];
    }
  printf("created %d, joined %d, sum %d\n", created, joined_ok, sum);
  return created == N && joined_ok == N && sum == N * (N + 1) / 2 ? 0 : 1;
}
