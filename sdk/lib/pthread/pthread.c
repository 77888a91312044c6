/* Thread creation, exit, join and identity. A finished thread's kernel
 * thread is deleted by whoever collects it (pthread_join, or for detached
 * threads the next pthread_create/join), which returns its UTCB to a pool:
 * the task's UTCB area holds only a few UTCBs, so they must be reused. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/rm.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/sys/task.h>
#include "../libc_lock.h"
#include "../tcr_user_words.h"
#include "pthread_internal.h"
#include <pthread-l4.h>

/* Guards the UTCB pool, the thread lists and the exited/detached flags. */
volatile int __pthread_threads_lock;
#define threads_lock __pthread_threads_lock
struct __pthread *__pthread_live;
static struct __pthread main_thread;

/* Free UTCBs: the rest of the UTCB area, kernel-user memory added later, and
 * the UTCBs of deleted threads. */
enum { UTCB_POOL_MAX = 256 };
static l4_utcb_t *utcb_pool[UTCB_POOL_MAX];
static unsigned utcb_pool_count;

/* Detached threads that finished and wait to be deleted. */
static struct __pthread *zombies;

pthread_t
pthread_self(void)
{
  l4_thread_regs_t *tcr = l4_utcb_tcr();
  if (!tcr->user[TCR_USER_PTHREAD_SELF])
    {
      /* Only the main thread starts without one. */
      main_thread.cap = l4re_env()->main_thread;
      main_thread.is_main = 1;
      main_thread.utcb = l4_utcb();
      tcr->user[TCR_USER_PTHREAD_SELF] = (l4_umword_t)&main_thread;
    }
  return (pthread_t)tcr->user[TCR_USER_PTHREAD_SELF];
}

int
pthread_equal(pthread_t a, pthread_t b)
{
  return a == b;
}

l4_cap_idx_t
pthread_l4_cap(pthread_t t)
{
  return t->cap;
}

/* Where every pthread starts (cdecl: the argument is on the stack). */
static void __attribute__((noreturn, used))
pthread_trampoline(struct __pthread *t)
{
  l4_thread_regs_t *tcr = l4_utcb_tcr();
  tcr->user[TCR_USER_PTHREAD_SELF] = (l4_umword_t)t;
  tcr->user[TCR_USER_ERRNO] = 0; /* the UTCB may have served another thread */
  pthread_exit(t->start(t->arg));
}

/* Deletes a finished thread and frees everything it had. Its kernel thread
 * may still be on its way into the final sleep; it holds no lock then. */
static void
reclaim(struct __pthread *t)
{
  struct __pthread **p;
  __pthread_obj_delete(t->cap);
  __pthread_obj_delete(t->done);
  __libc_lock(&threads_lock);
  for (p = &__pthread_live; *p; p = &(*p)->next_live)
    if (*p == t)
      {
        *p = t->next_live;
        break;
      }
  if (utcb_pool_count < UTCB_POOL_MAX)
    utcb_pool[utcb_pool_count++] = t->utcb;
  __libc_unlock(&threads_lock);
  free(t->stack);
  free(t);
}

static void
reap_zombies(void)
{
  struct __pthread *list;
  __libc_lock(&threads_lock);
  list = zombies;
  zombies = 0;
  __libc_unlock(&threads_lock);
  while (list)
    {
      struct __pthread *next = list->next_zombie;
      reclaim(list);
      list = next;
    }
}

/* Puts the UTCBs of [start, end) into the pool, lowest on top. */
static void
add_utcbs(l4_addr_t start, l4_addr_t end)
{
  l4_addr_t u;
  for (u = end; u >= start + L4_UTCB_OFFSET && utcb_pool_count < UTCB_POOL_MAX; u -= L4_UTCB_OFFSET)
    utcb_pool[utcb_pool_count++] = (l4_utcb_t *)(u - L4_UTCB_OFFSET);
}

/* As L4Re's libpthread at program start: every UTCB the loader left free
 * (first_free_utcb up to the end of the UTCB area) now belongs to
 * libpthread, and first_free_utcb says so by being ~0UL. A program that
 * starts threads by hand next to libpthread gets its UTCB memory with
 * l4re_rm_reserve_area + l4_task_add_ku_mem instead. */
static void __attribute__((constructor))
pthread_take_utcb_area(void)
{
  l4re_env_t *e = l4re_env();
  l4_addr_t end;
  if (!e || e->first_free_utcb == ~0UL)
    return;
  end = l4_fpage_memaddr(e->utcb_area) + (1UL << l4_fpage_size(e->utcb_area));
  add_utcbs(e->first_free_utcb, end);
  e->first_free_utcb = ~0UL;
}

/* One more page (8 UTCBs) of kernel-user memory, as L4Re's libpthread gets
 * it: an address range reserved with the region manager, then backed by the
 * kernel. Called with threads_lock held. */
static int
grow_utcb_memory(void)
{
  l4_addr_t kumem = 0;
  l4_fpage_t fp;
  if (l4re_rm_reserve_area(&kumem, L4_PAGESIZE, L4RE_RM_F_RESERVED | L4RE_RM_F_SEARCH_ADDR,
                           L4_PAGESHIFT) < 0)
    return 0;
  fp = l4_fpage(kumem, L4_PAGESHIFT, L4_FPAGE_RW);
  if (l4_error(l4_task_add_ku_mem(L4RE_THIS_TASK_CAP, &fp)) < 0)
    {
      l4re_rm_free_area(kumem);
      return 0;
    }
  add_utcbs(kumem, kumem + L4_PAGESIZE);
  return 1;
}

/* A free UTCB: from the pool, which is refilled with kernel-user memory when
 * empty; 0 when the kernel gives no more. */
static l4_utcb_t *
take_utcb(void)
{
  l4_utcb_t *u = 0;
  __libc_lock(&threads_lock);
  if (utcb_pool_count || grow_utcb_memory())
    u = utcb_pool[--utcb_pool_count];
  __libc_unlock(&threads_lock);
  return u;
}

static void
give_back_utcb(l4_utcb_t *u)
{
  __libc_lock(&threads_lock);
  if (utcb_pool_count < UTCB_POOL_MAX) /* it came from the pool, the area or ku memory */
    utcb_pool[utcb_pool_count++] = u;
  __libc_unlock(&threads_lock);
}

/* Sets the thread's ip and sp (which our kernel takes as the signal to start a
 * bound thread, so it waits until now), then lets the scheduler run it. */
int
__pthread_run(struct __pthread *t)
{
  l4_sched_param_t sp = l4_sched_param(t->priority, 0);
  if (l4_error(l4_thread_ex_regs(t->cap, (l4_addr_t)pthread_trampoline, t->initial_sp, 0)) < 0
      || l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, t->cap, &sp)) < 0)
    return EAGAIN;
  t->started = 1;
  return 0;
}

int
pthread_create(pthread_t *out, pthread_attr_t const *attr,
               void *(*start)(void *), void *arg)
{
  l4re_env_t *e = l4re_env();
  size_t stack_size = attr && attr->stacksize ? attr->stacksize : PTHREAD_DEFAULT_STACK;
  unsigned prio = attr && attr->priority ? (unsigned)attr->priority : PTHREAD_DEFAULT_PRIO;
  struct __pthread *t;
  l4_umword_t *sp;

  pthread_self(); /* the creator gets its identity first */
  reap_zombies();
  t = calloc(1, sizeof(*t));
  if (!t)
    return EAGAIN;
  t->start = start;
  t->arg = arg;
  t->detached = attr && attr->detachstate == PTHREAD_CREATE_DETACHED;
  t->stack = malloc(stack_size);
  t->cap = __pthread_cap_alloc();
  t->done = 0;
  if (!t->stack || l4_is_invalid_cap(t->cap)
      || l4_is_invalid_cap(__pthread_sem(&t->done)))
    goto fail;
  t->utcb = take_utcb();
  if (!t->utcb)
    goto fail; /* the UTCB area holds no more threads */

  if (l4_error(l4_factory_create_thread(e->factory, t->cap)) < 0)
    goto fail;
  l4_thread_control_start();
  l4_thread_control_pager(e->rm);
  l4_thread_control_exc_handler(e->rm);
  l4_thread_control_bind(t->utcb, L4_BASE_TASK_CAP);
  if (l4_error(l4_thread_control_commit(t->cap)) < 0)
    goto fail;

  /* As if pthread_trampoline(t) had just been called: the argument at a
   * 16-byte aligned address, below it a return address that is never used. */
  sp = (l4_umword_t *)((((l4_addr_t)t->stack + stack_size) & ~15UL) - 16);
  sp[0] = (l4_umword_t)t;
  *--sp = 0;
  t->initial_sp = (l4_addr_t)sp;
  t->priority = prio;
  if (!(attr && (attr->create_flags & PTHREAD_L4_ATTR_NO_START)) && __pthread_run(t))
    goto fail;
  __libc_lock(&threads_lock);
  t->next_live = __pthread_live;
  __pthread_live = t;
  __libc_unlock(&threads_lock);
  *out = t;
  return 0;

fail:
  /* Deletes the thread if the factory made one; frees the slot anyway. */
  __pthread_obj_delete(t->cap);
  __pthread_obj_delete(t->done);
  if (t->utcb)
    give_back_utcb(t->utcb);
  free(t->stack);
  free(t);
  return EAGAIN;
}

void
pthread_exit(void *retval)
{
  struct __pthread *t = pthread_self();
  int detached;
  if (t->is_main)
    exit(0); /* simplification: the program ends with its main thread */
  t->retval = retval;
  __pthread_run_key_destructors(t);
  __libc_lock(&threads_lock);
  detached = t->detached;
  if (detached)
    {
      t->next_zombie = zombies;
      zombies = t;
    }
  else
    t->exited = 1;
  __libc_unlock(&threads_lock);
  if (!detached)
    l4_semaphore_up(t->done);
  /* Blocked for good: the collector deletes this thread. */
  for (;;)
    l4_ipc_sleep(L4_IPC_NEVER);
}

int
pthread_join(pthread_t t, void **retval)
{
  if (!t || t->detached || t->is_main)
    return EINVAL;
  if (t == pthread_self())
    return EDEADLK;
  if (l4_error(l4_semaphore_down(t->done, L4_IPC_NEVER)) < 0)
    return EINVAL;
  if (retval)
    *retval = t->retval;
  reclaim(t);
  reap_zombies();
  return 0;
}

int
pthread_detach(pthread_t t)
{
  int finished;
  if (!t || t->detached || t->is_main)
    return EINVAL;
  __libc_lock(&threads_lock);
  finished = t->exited;
  t->detached = 1;
  __libc_unlock(&threads_lock);
  if (finished)
    reclaim(t); /* nobody will join it: collect it now */
  return 0;
}

int
pthread_once(pthread_once_t *once, void (*fn)(void))
{
  /* 0: not run, 1: running, 2: done. */
  int expected = 0;
  if (__atomic_compare_exchange_n(once, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      fn();
      __atomic_store_n(once, 2, __ATOMIC_RELEASE);
      return 0;
    }
  while (__atomic_load_n(once, __ATOMIC_ACQUIRE) != 2)
    l4_thread_yield();
  return 0;
}

int
sched_yield(void)
{
  l4_thread_yield();
  return 0;
}
