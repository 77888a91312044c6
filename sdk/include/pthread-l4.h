/* L4 extensions of libpthread (pthread-l4.h): the kernel objects behind a
 * pthread, and threads created stopped. */
#ifndef SDK_PTHREAD_L4_H
#define SDK_PTHREAD_L4_H

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <pthread.h>

/* pthread_attr_t.create_flags: create the thread, but run it only on
 * pthread_l4_start(). */
enum
{
  PTHREAD_L4_ATTR_NO_START = 0x0001,
};

L4_BEGIN_DECLS

/* The capability of the kernel thread behind `t`. */
l4_cap_idx_t pthread_l4_cap(pthread_t t);

/* Calls fn for every thread of the program that is not yet deleted (the main
 * thread first). */
void pthread_l4_for_each_thread(void (*fn)(pthread_t));

/* Runs a thread created with PTHREAD_L4_ATTR_NO_START, starting func(arg);
 * 0, -EBUSY when it runs already, -EINVAL for no such thread. */
int pthread_l4_start(pthread_t thread, void *(*func)(void *), void *arg);

l4_utcb_t *__pthread_l4_utcb(pthread_t t);

/* The UTCB of the kernel thread behind `t`. */
static inline l4_utcb_t *pthread_l4_utcb(pthread_t t) { return __pthread_l4_utcb(t); }

L4_END_DECLS

#endif
