/* Starting a thread the way L4Re's loaders do: thread control (pager, exception handler, UTCB in a task),
 * a priority on a scheduler, then ex_regs to its entry. moe starts init's first thread so, l4re the
 * program's main thread. */
#ifndef SERVERS_THREAD_START_H
#define SERVERS_THREAD_START_H

#include <l4/sys/types.h>

struct thread_start
{
  l4_cap_idx_t thread;    /* an existing thread object (Factory create_thread) */
  l4_cap_idx_t task;      /* the task its UTCB lies in */
  l4_addr_t utcb;         /* a free UTCB of that task */
  l4_cap_idx_t pager;     /* also its exception handler (a capability of the thread's task) */
  l4_cap_idx_t scheduler;
  unsigned prio;
  l4_addr_t ip, sp;
};

/* Returns 0 or the first error (negative) of the three steps; a thread that failed is not started. */
long thread_start(struct thread_start const *t);

#endif
