/* l4_sleep and friends (<l4/util/util.h>): a closed receive from the
 * invoking thread itself never completes, so it returns when its receive
 * timeout expires on the kernel clock. */
#include <l4/util/util.h>

void l4_usleep(int us)
{
  if (us < 0)
    l4_sleep_forever();
  l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us((unsigned)us)));
}

void l4_sleep(int ms)
{
  if (ms < 0)
    l4_sleep_forever();
  l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER,
                          l4_timeout_from_us((l4_uint64_t)(unsigned)ms * 1000)));
}

void l4_sleep_forever(void)
{
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}
