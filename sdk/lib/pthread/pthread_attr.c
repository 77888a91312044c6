/* Thread and mutex attributes. */
#include <errno.h>
#include <string.h>
#include "pthread_internal.h"

int pthread_attr_init(pthread_attr_t *a) { memset(a, 0, sizeof(*a)); return 0; }
int pthread_attr_destroy(pthread_attr_t *a) { (void)a; return 0; }

int
pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
  if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
    return EINVAL;
  a->detachstate = state;
  return 0;
}

int pthread_attr_getdetachstate(pthread_attr_t const *a, int *state) { *state = a->detachstate; return 0; }

int
pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
  if (size < 4096)
    return EINVAL;
  a->stacksize = size;
  return 0;
}

int
pthread_attr_getstacksize(pthread_attr_t const *a, size_t *size)
{
  *size = a->stacksize ? a->stacksize : PTHREAD_DEFAULT_STACK;
  return 0;
}

/* sched_priority is the L4 priority (1..255). */
int
pthread_attr_setschedparam(pthread_attr_t *a, struct sched_param const *p)
{
  if (p->sched_priority < 0 || p->sched_priority > 255)
    return EINVAL;
  a->priority = p->sched_priority;
  return 0;
}

int
pthread_attr_getschedparam(pthread_attr_t const *a, struct sched_param *p)
{
  p->sched_priority = a->priority ? a->priority : PTHREAD_DEFAULT_PRIO;
  return 0;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a) { a->type = PTHREAD_MUTEX_DEFAULT; return 0; }
int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { (void)a; return 0; }

int
pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
  if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE
      && type != PTHREAD_MUTEX_ERRORCHECK)
    return EINVAL;
  a->type = type;
  return 0;
}

int pthread_mutexattr_gettype(pthread_mutexattr_t const *a, int *type) { *type = a->type; return 0; }

int pthread_condattr_init(pthread_condattr_t *a) { a->clock = CLOCK_REALTIME; return 0; }
int pthread_condattr_destroy(pthread_condattr_t *a) { (void)a; return 0; }

int
pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  a->clock = clock;
  return 0;
}

int pthread_condattr_getclock(pthread_condattr_t const *a, clockid_t *clock) { *clock = a->clock; return 0; }
