/* gettimeofday on the kernel clock (seconds since boot, see <time.h>). */
#ifndef SDK_SYS_TIME_H
#define SDK_SYS_TIME_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long suseconds_t;

struct timeval
{
  time_t tv_sec;
  suseconds_t tv_usec;
};

int gettimeofday(struct timeval *tv, void *tz);

#ifdef __cplusplus
}
#endif

#endif
