/* Sleeping (L4Re's l4util): a receive from oneself with a receive timeout,
 * measured on the kernel clock. */
#ifndef L4_UTIL_UTIL_H
#define L4_UTIL_UTIL_H

#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Sleep for `ms` milliseconds (0 just yields; negative sleeps forever). */
void l4_sleep(int ms);

/* Sleep for `us` microseconds. */
void l4_usleep(int us);

/* Never return. */
L4_NORETURN void l4_sleep_forever(void);

/* Turn microseconds into an IPC timeout (receive half). */
L4_INLINE l4_timeout_s
l4util_micros2l4to(unsigned int mus)
{
  return l4_timeout_from_us(mus);
}

L4_END_DECLS

#endif
