/* A test-and-set lock: xchg is atomic with respect to preemption, and a
 * thread that finds the lock taken gives the CPU away instead of spinning
 * through its whole time slice. */
#include <l4/sys/ipc.h>
#include "libc_lock.h"

void
__libc_lock(volatile int *lock)
{
  while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE))
    l4_thread_yield();
}

void
__libc_unlock(volatile int *lock)
{
  __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

static volatile int stdout_lock_word;

void
__stdout_lock(void)
{
  __libc_lock(&stdout_lock_word);
}

void
__stdout_unlock(void)
{
  __libc_unlock(&stdout_lock_word);
}
