/* time.h and the sleeps on the KIP clock: clock_gettime, time, clock,
 * nanosleep, usleep, sleep, gettimeofday, l4_usleep. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <l4/sys/kip.h>
#include <l4/util/util.h>

static long long
us(struct timespec const *t)
{
  return (long long)t->tv_sec * 1000000 + t->tv_nsec / 1000;
}

static long long
mono(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return us(&t);
}

/* Slept at least `want` us, and not much longer (the next dispatch). */
static int
about(long long got, long long want)
{
  return got >= want && got < want + want / 20 + 200;
}

int main(void)
{
  struct timespec a, b, res, req, rem;
  struct timeval tv;
  long long t0, kip;
  time_t t1, t2;
  clock_t c0;
  int r;

  clock_gettime(CLOCK_REALTIME, &a);
  kip = (long long)l4_kip_clock(l4_kip());
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("realtime <= kip clock <= monotonic: %d %d, nsec whole us: %d\n", us(&a) <= kip,
         kip <= us(&b), b.tv_nsec % 1000 == 0 && b.tv_nsec < 1000000000);
  clock_getres(CLOCK_MONOTONIC, &res);
  printf("resolution %ld ns\n", res.tv_nsec);
  r = clock_gettime(42, &a);
  printf("bad clock: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");

  req.tv_sec = 0;
  req.tv_nsec = 10 * 1000 * 1000;
  t0 = mono();
  r = nanosleep(&req, &rem);
  printf("nanosleep 10 ms: %d, took 10 ms: %d, rem %ld\n", r, about(mono() - t0, 10000),
         rem.tv_nsec);
  req.tv_nsec = 1000000000;
  r = nanosleep(&req, 0);
  printf("nanosleep bad nsec: %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");

  t0 = mono();
  usleep(2500);
  printf("usleep 2500: %d\n", about(mono() - t0, 2500));

  t1 = time(0);
  t0 = mono();
  printf("sleep(2): %u\n", sleep(2));
  time(&t2);
  printf("took 2 s: %d, time() advanced by %ld, difftime %.1f\n", about(mono() - t0, 2000000),
         (long)(t2 - t1), difftime(t2, t1));

  c0 = clock();
  t0 = mono();
  l4_usleep(3000);
  printf("clock() per second %ld, advanced with the kernel clock: %d\n", (long)CLOCKS_PER_SEC,
         clock() - c0 >= 3000 && about(mono() - t0, 3000));

  clock_gettime(CLOCK_MONOTONIC, &a);
  a.tv_nsec += 4000000;
  if (a.tv_nsec >= 1000000000)
    {
      a.tv_nsec -= 1000000000;
      ++a.tv_sec;
    }
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &a, 0);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("absolute sleep ends at the deadline: %d\n", us(&b) >= us(&a) && us(&b) - us(&a) < 200);

  gettimeofday(&tv, 0);
  printf("gettimeofday agrees: %d\n", (long long)tv.tv_sec * 1000000 + tv.tv_usec >= us(&b));
  return 0;
}
