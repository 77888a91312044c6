/* Kernel semaphores for mutexes, condition variables and joins. */
#include <l4/re/env.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include "../libc_lock.h"
#include "pthread_internal.h"

static volatile int cap_lock;

l4_cap_idx_t
__pthread_sem(l4_cap_idx_t volatile *slot)
{
  l4_cap_idx_t sem = *slot, expected = 0;
  if (sem)
    return sem;
  __libc_lock(&cap_lock);
  sem = l4re_util_cap_alloc();
  __libc_unlock(&cap_lock);
  if (l4_is_invalid_cap(sem)
      || l4_error(l4_factory_create(l4re_env()->factory, L4_PROTO_SEMAPHORE, sem)) < 0)
    return L4_INVALID_CAP;
  if (!__atomic_compare_exchange_n(slot, &expected, sem, 0, __ATOMIC_ACQ_REL,
                                   __ATOMIC_ACQUIRE))
    {
      __pthread_sem_free(sem); /* another thread installed one first */
      return expected;
    }
  return sem;
}

void
__pthread_sem_free(l4_cap_idx_t sem)
{
  if (!sem || l4_is_invalid_cap(sem))
    return;
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(sem, 0, L4_CAP_FPAGE_RWSD),
                L4_FP_ALL_SPACES);
  __libc_lock(&cap_lock);
  l4re_util_cap_free(sem);
  __libc_unlock(&cap_lock);
}

l4_cap_idx_t
__pthread_cap_alloc(void)
{
  l4_cap_idx_t c;
  __libc_lock(&cap_lock);
  c = l4re_util_cap_alloc();
  __libc_unlock(&cap_lock);
  return c;
}

void
__pthread_obj_delete(l4_cap_idx_t cap)
{
  if (!cap || l4_is_invalid_cap(cap))
    return;
  l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD),
                L4_FP_DELETE_OBJ);
  __libc_lock(&cap_lock);
  l4re_util_cap_free(cap);
  __libc_unlock(&cap_lock);
}
