/* Absolute timeouts for the timed waits: a timespec of clock_gettime time
 * is a KIP-clock time, which the kernel takes directly as an absolute IPC
 * timeout (spec section 5). */
#include <errno.h>
#include <time.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/utcb.h>
#include "pthread_internal.h"

/* The buffer registers holding the deadline (two words on ia32). */
enum { DEADLINE_BR = L4_UTCB_GENERIC_BUFFERS_SIZE - 2 };

l4_uint64_t
__pthread_deadline_us(struct timespec const *abstime)
{
  if (abstime->tv_sec < 0)
    return 0;
  return (l4_uint64_t)abstime->tv_sec * 1000000
         + ((unsigned long)abstime->tv_nsec + 999) / 1000;
}

int
__pthread_sem_down_until(l4_cap_idx_t sem, l4_uint64_t deadline_us)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t tag;
  l4_timeout_s rcv;
  if (deadline_us <= l4_kip_clock(l4_kip()))
    rcv = L4_IPC_TIMEOUT_0; /* only take what is there already */
  else
    rcv = l4_timeout_abs_u(deadline_us, DEADLINE_BR, u);
  tag = l4_semaphore_down_u(sem, l4_timeout(L4_IPC_TIMEOUT_NEVER, rcv), u);
  if (l4_ipc_error(tag, u) == L4_IPC_RETIMEOUT)
    return ETIMEDOUT;
  return 0;
}
