/* POSIX unnamed semaphores (libpthread: REQUIRES_LIBS = libpthread). The
 * count is an atomic word; only when it goes below zero does a thread block,
 * in a kernel semaphore (L4_PROTO_SEMAPHORE). */
#ifndef SDK_SEMAPHORE_H
#define SDK_SEMAPHORE_H

#include <time.h>
#include <l4/sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* value: the count, negative while threads wait (minus their number). */
typedef struct
{
  volatile int value;
  volatile l4_cap_idx_t ksem;
} sem_t;

#define SEM_VALUE_MAX 0x7fffffff
#define SEM_FAILED ((sem_t *)0)

/* pshared must be 0: there is no memory shared between tasks for it. */
int sem_init(sem_t *s, int pshared, unsigned value);
int sem_destroy(sem_t *s);
int sem_wait(sem_t *s);
int sem_trywait(sem_t *s);
int sem_timedwait(sem_t *s, struct timespec const *abstime);
int sem_post(sem_t *s);
int sem_getvalue(sem_t *s, int *value);

#ifdef __cplusplus
}
#endif

#endif
