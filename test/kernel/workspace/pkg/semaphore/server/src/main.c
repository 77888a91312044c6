/* Kernel semaphores (spec 9.5): down blocks while the count is 0 (a zero
 * timeout fails at once), up wakes a waiter or counts. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/semaphore.h>

static char stack_w[KTHREAD_STACK_SIZE] __attribute__((aligned(16)));
static l4_cap_idx_t sem;
static volatile int woke;
static volatile long down_err = 1;

static void waiter(void)
{
  l4_msgtag_t tag = l4_semaphore_down(sem, L4_IPC_NEVER);
  down_err = l4_error(tag);
  woke = 1;
  kthread_finish();
}

int main(void)
{
  l4re_env_t *e = l4re_env();
  kthread_t w;
  l4_uint64_t t0, t1;
  l4_msgtag_t tag;

  sem = l4re_util_cap_alloc();
  tag = l4_factory_create(e->factory, L4_PROTO_SEMAPHORE, sem);
  ktest_ok_tag("factory creates a semaphore", tag);

  tag = l4_semaphore_down(sem, L4_IPC_RECV_TIMEOUT_0);
  ktest_true("down with timeout 0 on count 0 fails", l4_msgtag_has_error(tag) != 0, "no error");
  ktest_eq("... with RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);

  t0 = kclock();
  tag = l4_semaphore_down(sem, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(3000)));
  t1 = kclock();
  ktest_eq("down with a 3 ms timeout: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  ktest_range("... after 3 ms", (long long)(t1 - t0), 3000, 3200);

  ktest_ok_send("up", l4_semaphore_up(sem));
  ktest_ok_send("up again", l4_semaphore_up(sem));
  ktest_ok_tag("down takes one", l4_semaphore_down(sem, L4_IPC_RECV_TIMEOUT_0));
  ktest_ok_tag("down takes the second", l4_semaphore_down(sem, L4_IPC_RECV_TIMEOUT_0));
  tag = l4_semaphore_down(sem, L4_IPC_RECV_TIMEOUT_0);
  ktest_eq("a third down fails: RETIMEOUT", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);

  /* A waiter at a higher priority blocks in down; up wakes it at once. */
  ktest_eq("waiter starts", kthread_start(&w, waiter, stack_w, 5, 0), 0);
  ktest_eq("the waiter blocks in down", woke, 0);
  ktest_ok_send("up from main", l4_semaphore_up(sem));
  ktest_eq("up woke the waiter before main went on", woke, 1);
  ktest_eq("the waiter's down succeeded", down_err, 0);
  ktest_eq("waiter finishes", kthread_join(&w, 100), 0);
  tag = l4_semaphore_down(sem, L4_IPC_RECV_TIMEOUT_0);
  ktest_eq("the count is 0 again", l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
  return ktest_verdict();
}
