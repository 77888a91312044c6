/* Sleeping and small helpers (L4Re's l4util): a sleep is a receive from
 * oneself with a receive timeout, measured on the kernel clock. */
#ifndef L4_UTIL_UTIL_H
#define L4_UTIL_UTIL_H

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>

L4_BEGIN_DECLS

/* Turn microseconds into an IPC timeout (receive half). */
L4_INLINE l4_timeout_s
l4util_micros2l4to(l4_uint64_t us)
{
  return l4_timeout_from_us(us);
}

/* Sleep for `ms` milliseconds (0 just yields; (l4_uint32_t)-1 is forever). */
L4_CV void l4_sleep(l4_uint32_t ms);

/* Sleep for `us` microseconds. */
L4_CV void l4_usleep(l4_uint64_t us);

/* Never return. */
L4_INLINE L4_NORETURN void
l4_sleep_forever(void)
{
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

/* Reads one byte of every page of [addr, addr + size): pages it in. */
L4_INLINE void
l4_touch_ro(const void *addr, unsigned size)
{
  l4_addr_t b = l4_trunc_page((l4_addr_t)addr);
  l4_addr_t e = l4_trunc_page((l4_addr_t)addr + size - 1);
  for (; b <= e; b += L4_PAGESIZE)
    (void)*(volatile char *)b;
}

/* Writes one byte of every page of [addr, addr + size) (with its own value). */
L4_INLINE void
l4_touch_rw(const void *addr, unsigned size)
{
  l4_addr_t b = l4_trunc_page((l4_addr_t)addr);
  l4_addr_t e = l4_trunc_page((l4_addr_t)addr + size - 1);
  for (; b <= e; b += L4_PAGESIZE)
    {
      char x = *(volatile char *)b;
      *(volatile char *)b = x;
    }
}

L4_END_DECLS

#endif
