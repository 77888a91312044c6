/* l4_sleep and l4_usleep (<l4/util/util.h>): a closed receive from the
 * invoking thread itself never completes, so it returns when its receive
 * timeout expires on the kernel clock. */
#include <l4/util/util.h>

L4_CV void l4_usleep(l4_uint64_t us)
{
  l4_ipc_sleep_us(us);
}

L4_CV void l4_sleep(l4_uint32_t ms)
{
  l4_ipc_sleep_ms(ms);
}
