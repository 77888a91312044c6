/* Time on the kernel clock (the KIP clock, in microseconds since boot).
 * CLOCK_REALTIME and CLOCK_MONOTONIC are the same clock here: there is no
 * wall-clock time, so time() counts seconds since the machine booted. The
 * clock is the emulator's, derived from executed instructions, so a program
 * sees the same times on every run. */
#ifndef SDK_TIME_H
#define SDK_TIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long time_t;
typedef long clock_t;
typedef int clockid_t;

struct timespec
{
  time_t tv_sec;
  long tv_nsec;
};

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCKS_PER_SEC           1000000L
#define TIMER_ABSTIME            1

int clock_gettime(clockid_t clock, struct timespec *ts);
int clock_getres(clockid_t clock, struct timespec *res);
/* Sleeps the calling thread; with TIMER_ABSTIME until the clock reads *req. */
int clock_nanosleep(clockid_t clock, int flags, struct timespec const *req,
                    struct timespec *rem);
int nanosleep(struct timespec const *req, struct timespec *rem);
time_t time(time_t *t);
/* Microseconds of kernel clock since boot (CLOCKS_PER_SEC per second). */
clock_t clock(void);
double difftime(time_t end, time_t start);

#ifdef __cplusplus
}
#endif

#endif
