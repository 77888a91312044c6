/* libpthread beyond the basics: UTCB reuse (50 threads in sequence, detached
 * threads), per-thread errno, pthread_cond_timedwait, thread-specific data,
 * barriers, POSIX semaphores, readers-writer locks. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long
now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct timespec
in_us(long us)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += (us % 1000000) * 1000;
  ts.tv_sec += us / 1000000 + ts.tv_nsec / 1000000000;
  ts.tv_nsec %= 1000000000;
  return ts;
}

/* --- 50 threads, created and joined one after the other ------------------ */
static void *square(void *arg)
{
  long i = (long)arg;
  return (void *)(i * i);
}

static void sequence(void)
{
  long sum = 0;
  int failures = 0;
  for (long i = 0; i < 50; ++i)
    {
      pthread_t t;
      void *r;
      if (pthread_create(&t, 0, square, (void *)i) != 0 || pthread_join(t, &r) != 0)
        ++failures;
      else
        sum += (long)r;
    }
  printf("50 threads in sequence: failures %d, sum of squares %ld\n", failures, sum);
}

/* --- detached threads give their UTCBs back too ---------------------------- */
static sem_t detached_done;
static void *detached_worker(void *arg)
{
  (void)arg;
  sem_post(&detached_done);
  return 0;
}

static void detached(void)
{
  pthread_attr_t a;
  int failures = 0;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  sem_init(&detached_done, 0, 0);
  for (int i = 0; i < 20; ++i)
    {
      pthread_t t;
      if (pthread_create(&t, &a, detached_worker, 0) != 0)
        ++failures;
      else
        sem_wait(&detached_done);
      usleep(200); /* let it finish exiting */
    }
  /* A joinable thread that finished, detached afterwards. */
  for (int i = 0; i < 10; ++i)
    {
      pthread_t t;
      if (pthread_create(&t, 0, square, 0) != 0)
        ++failures;
      else
        {
          usleep(500);
          if (pthread_detach(t) != 0)
            ++failures;
        }
    }
  printf("30 detached threads: failures %d\n", failures);
}

/* --- errno per thread ----------------------------------------------------- */
static pthread_barrier_t errno_barrier;
static void *errno_worker(void *arg)
{
  long id = (long)arg;
  errno = 100 + (int)id;
  pthread_barrier_wait(&errno_barrier); /* everyone has set theirs */
  sched_yield();
  pthread_barrier_wait(&errno_barrier);
  return (void *)(long)(errno == 100 + id);
}

static void errno_per_thread(void)
{
  pthread_t t[3];
  long ok = 0;
  void *r;
  errno = 7;
  pthread_barrier_init(&errno_barrier, 0, 3);
  for (long i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, errno_worker, (void *)i);
  for (int i = 0; i < 3; ++i)
    {
      pthread_join(t[i], &r);
      ok += (long)r;
    }
  printf("errno per thread: %ld of 3 kept theirs, main still %d\n", ok, errno);
  pthread_barrier_destroy(&errno_barrier);
}

/* --- pthread_cond_timedwait ------------------------------------------------ */
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int flag;

static void *late_signaller(void *arg)
{
  (void)arg;
  usleep(5000);
  pthread_mutex_lock(&m);
  flag = 1;
  pthread_cond_signal(&c);
  pthread_mutex_unlock(&m);
  return 0;
}

static void timedwait(void)
{
  struct timespec until = in_us(20000);
  long long t0 = now_us(), waited;
  int r;
  pthread_t t;

  pthread_mutex_lock(&m);
  r = pthread_cond_timedwait(&c, &m, &until);
  waited = now_us() - t0;
  printf("timedwait without signal: %s, waited 20 ms: %d, mutex held: %d\n",
         r == ETIMEDOUT ? "ETIMEDOUT" : "?", waited >= 20000 && waited < 21000,
         pthread_mutex_trylock(&m) == EBUSY);
  until.tv_sec -= 1;
  printf("timedwait in the past: %s\n",
         pthread_cond_timedwait(&c, &m, &until) == ETIMEDOUT ? "ETIMEDOUT" : "?");
  pthread_mutex_unlock(&m);

  pthread_create(&t, 0, late_signaller, 0);
  until = in_us(1000000);
  t0 = now_us();
  pthread_mutex_lock(&m);
  r = 0;
  while (!flag && r == 0)
    r = pthread_cond_timedwait(&c, &m, &until);
  waited = now_us() - t0;
  pthread_mutex_unlock(&m);
  pthread_join(t, 0);
  printf("timedwait signalled after 5 ms: %d, flag %d, early: %d\n", r, flag,
         waited >= 5000 && waited < 100000);
}

/* --- thread-specific data ------------------------------------------------- */
static pthread_key_t key;
static int destroyed_sum;
static void destroy(void *v)
{
  pthread_mutex_lock(&m);
  destroyed_sum += *(int *)v;
  pthread_mutex_unlock(&m);
  free(v);
}

static void *tsd_worker(void *arg)
{
  int *mine = malloc(sizeof(int));
  *mine = (int)(long)arg;
  pthread_setspecific(key, mine);
  sched_yield();
  usleep(1000);
  return (void *)(long)(*(int *)pthread_getspecific(key) == (int)(long)arg);
}

static void tsd(void)
{
  pthread_t t[3];
  long ok = 0;
  void *r;
  pthread_key_t other;
  printf("key create: %d\n", pthread_key_create(&key, destroy));
  for (long i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, tsd_worker, (void *)(i + 1));
  for (int i = 0; i < 3; ++i)
    {
      pthread_join(t[i], &r);
      ok += (long)r;
    }
  printf("tsd: %ld of 3 saw their own value, main sees %p, destructors summed %d\n",
         ok, pthread_getspecific(key), destroyed_sum);
  pthread_setspecific(key, &ok);
  printf("main's own value: %d\n", pthread_getspecific(key) == &ok);
  pthread_key_create(&other, 0);
  r = (void *)(long)pthread_key_delete(other);
  printf("second key differs: %d, delete: %ld, delete again: %d\n", other != key,
         (long)r, pthread_key_delete(other) == EINVAL);
}

/* --- barrier -------------------------------------------------------------- */
enum { BARRIER_THREADS = 4, ROUNDS = 3 };
static pthread_barrier_t barrier;
static volatile int arrivals, wrong, serial;

static void *barrier_worker(void *arg)
{
  (void)arg;
  for (int round = 0; round < ROUNDS; ++round)
    {
      __atomic_fetch_add(&arrivals, 1, __ATOMIC_SEQ_CST);
      if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
        __atomic_fetch_add(&serial, 1, __ATOMIC_SEQ_CST);
      if (arrivals < (round + 1) * BARRIER_THREADS)
        __atomic_fetch_add(&wrong, 1, __ATOMIC_SEQ_CST);
      pthread_barrier_wait(&barrier);
    }
  return 0;
}

static void barriers(void)
{
  pthread_t t[BARRIER_THREADS];
  pthread_barrier_init(&barrier, 0, BARRIER_THREADS);
  for (int i = 0; i < BARRIER_THREADS; ++i)
    pthread_create(&t[i], 0, barrier_worker, 0);
  for (int i = 0; i < BARRIER_THREADS; ++i)
    pthread_join(t[i], 0);
  printf("barrier: arrivals %d, early leavers %d, serial threads %d, init 0: %d\n",
         arrivals, wrong, serial, pthread_barrier_init(&barrier, 0, 0) == EINVAL);
}

/* --- POSIX semaphores ----------------------------------------------------- */
enum { ITEMS = 40 };
static sem_t slots, items;
static int ring[4], produced_sum;
static unsigned head, tail;
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;

static void *producer(void *arg)
{
  long base = (long)arg;
  for (int i = 0; i < ITEMS; ++i)
    {
      sem_wait(&slots);
      pthread_mutex_lock(&ring_lock);
      ring[head++ % 4] = (int)base + i;
      pthread_mutex_unlock(&ring_lock);
      sem_post(&items);
    }
  return 0;
}

static void semaphores(void)
{
  pthread_t p[2];
  int v, sum = 0, r;
  struct timespec until;
  long long t0;
  sem_init(&slots, 0, 4);
  sem_init(&items, 0, 0);
  sem_getvalue(&slots, &v);
  r = sem_trywait(&items);
  printf("sem value %d, trywait on empty: %d errno %s\n", v, r, errno == EAGAIN ? "EAGAIN" : "?");
  pthread_create(&p[0], 0, producer, (void *)0);
  pthread_create(&p[1], 0, producer, (void *)1000);
  for (int i = 0; i < 2 * ITEMS; ++i)
    {
      sem_wait(&items);
      pthread_mutex_lock(&ring_lock);
      sum += ring[tail++ % 4];
      pthread_mutex_unlock(&ring_lock);
      sem_post(&slots);
    }
  pthread_join(p[0], 0);
  pthread_join(p[1], 0);
  produced_sum = 2 * (ITEMS * (ITEMS - 1) / 2) + 1000 * ITEMS;
  printf("bounded buffer: consumed sum %d of %d\n", sum, produced_sum);
  until = in_us(3000);
  t0 = now_us();
  r = sem_timedwait(&items, &until);
  printf("sem_timedwait: %d %s after 3 ms: %d\n", r, errno == ETIMEDOUT ? "ETIMEDOUT" : "?",
         now_us() - t0 >= 3000);
  sem_post(&items);
  r = sem_timedwait(&items, &until);
  printf("sem_timedwait with a post: %d; trywait: %d\n", r, sem_trywait(&items));
  printf("sem_destroy: %d %d\n", sem_destroy(&slots), sem_destroy(&items));
}

/* --- readers-writer lock --------------------------------------------------- */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile int readers_in, max_readers, writer_in, overlap, writes;

static void *reader(void *arg)
{
  (void)arg;
  for (int i = 0; i < 20; ++i)
    {
      pthread_rwlock_rdlock(&rw);
      int n = __atomic_add_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
      if (n > max_readers)
        max_readers = n;
      if (writer_in)
        ++overlap;
      sched_yield();
      __atomic_sub_fetch(&readers_in, 1, __ATOMIC_SEQ_CST);
      pthread_rwlock_unlock(&rw);
    }
  return 0;
}

static void *writer(void *arg)
{
  (void)arg;
  for (int i = 0; i < 10; ++i)
    {
      pthread_rwlock_wrlock(&rw);
      writer_in = 1;
      if (readers_in)
        ++overlap;
      sched_yield();
      ++writes;
      writer_in = 0;
      pthread_rwlock_unlock(&rw);
      sched_yield();
    }
  return 0;
}

static void rwlocks(void)
{
  pthread_t t[4];
  pthread_rwlock_rdlock(&rw);
  printf("rwlock: second reader %d, writer while read %s\n", pthread_rwlock_tryrdlock(&rw),
         pthread_rwlock_trywrlock(&rw) == EBUSY ? "EBUSY" : "?");
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  for (int i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, reader, 0);
  pthread_create(&t[3], 0, writer, 0);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  printf("rwlock: writes %d, overlaps %d, readers together %d\n", writes, overlap,
         max_readers > 1);
  printf("rwlock destroy: %d\n", pthread_rwlock_destroy(&rw));
}

int main(void)
{
  sequence();
  detached();
  errno_per_thread();
  timedwait();
  tsd();
  barriers();
  semaphores();
  rwlocks();
  sequence();
  return 0;
}
