/* time.h, sys/time.h and the sleeps of unistd.h on the KIP clock. Sleeping
 * is an IPC receive from nobody with an absolute timeout, so long sleeps
 * need no loop and end exactly at the deadline. */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/utcb.h>

/* The buffer registers holding the sleep deadline (two words on ia32). */
enum { SLEEP_DEADLINE_BR = L4_UTCB_GENERIC_BUFFERS_SIZE - 2 };

static l4_uint64_t
now_us(void)
{
  return l4_kip_clock(l4_kip());
}

static int
valid_clock(clockid_t c)
{
  return c >= CLOCK_REALTIME && c <= CLOCK_THREAD_CPUTIME_ID;
}

int
clock_gettime(clockid_t clock, struct timespec *ts)
{
  l4_uint64_t us;
  if (!valid_clock(clock))
    {
      errno = EINVAL;
      return -1;
    }
  us = now_us();
  ts->tv_sec = (time_t)(us / 1000000);
  ts->tv_nsec = (long)(us % 1000000) * 1000;
  return 0;
}

int
clock_getres(clockid_t clock, struct timespec *res)
{
  if (!valid_clock(clock))
    {
      errno = EINVAL;
      return -1;
    }
  if (res)
    {
      res->tv_sec = 0;
      res->tv_nsec = 1000; /* the KIP clock counts microseconds */
    }
  return 0;
}

static l4_uint64_t
timespec_us_up(struct timespec const *t)
{
  return (l4_uint64_t)t->tv_sec * 1000000 + ((unsigned long)t->tv_nsec + 999) / 1000;
}

/* Blocks the caller until the KIP clock reads deadline. */
static void
sleep_until(l4_uint64_t deadline)
{
  l4_timeout_s to;
  if (deadline <= now_us())
    return;
  to = l4_timeout_abs_u(deadline, SLEEP_DEADLINE_BR, l4_utcb());
  l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, to));
}

int
clock_nanosleep(clockid_t clock, int flags, struct timespec const *req,
                struct timespec *rem)
{
  if (!valid_clock(clock))
    return EINVAL;
  if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0)
    return EINVAL;
  if (flags & TIMER_ABSTIME)
    sleep_until(timespec_us_up(req));
  else
    sleep_until(now_us() + timespec_us_up(req));
  if (rem)
    {
      rem->tv_sec = 0; /* never interrupted: there are no signals */
      rem->tv_nsec = 0;
    }
  return 0;
}

int
nanosleep(struct timespec const *req, struct timespec *rem)
{
  int r = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
  if (r)
    {
      errno = r;
      return -1;
    }
  return 0;
}

unsigned int
sleep(unsigned int seconds)
{
  sleep_until(now_us() + (l4_uint64_t)seconds * 1000000);
  return 0;
}

int
usleep(useconds_t us)
{
  sleep_until(now_us() + us);
  return 0;
}

time_t
time(time_t *t)
{
  time_t s = (time_t)(now_us() / 1000000);
  if (t)
    *t = s;
  return s;
}

clock_t
clock(void)
{
  return (clock_t)now_us();
}

double
difftime(time_t end, time_t start)
{
  return (double)end - (double)start;
}

int
gettimeofday(struct timeval *tv, void *tz)
{
  l4_uint64_t us = now_us();
  (void)tz;
  tv->tv_sec = (time_t)(us / 1000000);
  tv->tv_usec = (suseconds_t)(us % 1000000);
  return 0;
}
