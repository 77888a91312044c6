/* The scheduler object (L4_PROTO_SCHEDULER, spec sections 9.4 and 12):
 * fixed priorities 1..255, round robin with a quantum in microseconds. */
#ifndef L4_SYS_SCHEDULER_H
#define L4_SYS_SCHEDULER_H

#include <l4/sys/ipc.h>

/* Scheduling classes a kernel may offer (l4_scheduler_info_with_classes). */
enum L4_scheduler_classes
{
  L4_SCHEDULER_CLASS_FIXED_PRIO = 1UL << 1,
  L4_SCHEDULER_CLASS_WFQ        = 1UL << 2,
};

enum L4_scheduler_ops
{
  L4_SCHEDULER_INFO_OP       = 0UL,
  L4_SCHEDULER_RUN_THREAD_OP = 1UL,
  L4_SCHEDULER_IDLE_TIME_OP  = 2UL,
};

/* A set of CPUs: bit i of map is CPU offset + i * 2^granularity. */
typedef struct l4_sched_cpu_set_t
{
  l4_umword_t gran_offset;  /* granularity << 24 | offset */
  l4_umword_t map;
} l4_sched_cpu_set_t;

typedef struct l4_sched_param_t
{
  l4_sched_cpu_set_t affinity;
  l4_umword_t prio;
  l4_umword_t quantum;      /* microseconds; 0 = the default time slice */
} l4_sched_param_t;

L4_INLINE l4_sched_cpu_set_t
l4_sched_cpu_set(l4_umword_t offset, unsigned char granularity, l4_umword_t map)
{
  l4_sched_cpu_set_t c;
  c.gran_offset = ((l4_umword_t)granularity << 24) | offset;
  c.map = map;
  return c;
}

/* Parameters for priority `prio` on every CPU. */
L4_INLINE l4_sched_param_t
l4_sched_param(unsigned prio, l4_umword_t quantum)
{
  l4_sched_param_t p;
  p.affinity = l4_sched_cpu_set(0, ~0, 1);
  p.prio = prio;
  p.quantum = quantum;
  return p;
}

/* Set a thread's priority and quantum (and start it once it has a task,
 * UTCB and instruction pointer). */
L4_INLINE l4_msgtag_t
l4_scheduler_run_thread_u(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                          l4_sched_param_t const *sp, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_SCHEDULER_RUN_THREAD_OP;
  v->mr[1] = sp->affinity.gran_offset;
  v->mr[2] = sp->affinity.map;
  v->mr[3] = sp->prio;
  v->mr[4] = sp->quantum;
  v->mr[5] = l4_map_obj_control(0, 0);
  v->mr[6] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 5, 1, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_scheduler_run_thread(l4_cap_idx_t scheduler, l4_cap_idx_t thread,
                        l4_sched_param_t const *sp)
{
  return l4_scheduler_run_thread_u(scheduler, thread, sp, l4_utcb());
}

/* Which CPUs of `cpus` are online (cpus->map), how many CPUs exist, and
 * which scheduling classes (L4_SCHEDULER_CLASS_*) the kernel has. */
L4_INLINE l4_msgtag_t
l4_scheduler_info_u(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                    l4_sched_cpu_set_t *cpus, l4_umword_t *sched_classes,
                    l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  v->mr[0] = L4_SCHEDULER_INFO_OP;
  v->mr[1] = cpus->gran_offset;
  tag = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 2, 0, 0),
                    L4_IPC_NEVER);
  if (l4_msgtag_has_error(tag))
    return tag;
  cpus->map = v->mr[0];
  if (cpu_max)
    *cpu_max = v->mr[1];
  if (sched_classes)
    *sched_classes = v->mr[2];
  return tag;
}

L4_INLINE l4_msgtag_t
l4_scheduler_info_with_classes(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                               l4_sched_cpu_set_t *cpus, l4_umword_t *sched_classes)
{
  return l4_scheduler_info_u(scheduler, cpu_max, cpus, sched_classes, l4_utcb());
}

L4_INLINE l4_msgtag_t
l4_scheduler_info(l4_cap_idx_t scheduler, l4_umword_t *cpu_max,
                  l4_sched_cpu_set_t *cpus)
{
  return l4_scheduler_info_u(scheduler, cpu_max, cpus, 0, l4_utcb());
}

/* Time the CPUs in `cpus` spent idle, in microseconds. */
L4_INLINE l4_msgtag_t
l4_scheduler_idle_time_u(l4_cap_idx_t scheduler, l4_sched_cpu_set_t const *cpus,
                         l4_kernel_clock_t *us, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t tag;
  v->mr[0] = L4_SCHEDULER_IDLE_TIME_OP;
  v->mr[1] = cpus->gran_offset;
  v->mr[2] = cpus->map;
  tag = l4_ipc_call(scheduler, utcb, l4_msgtag(L4_PROTO_SCHEDULER, 3, 0, 0),
                    L4_IPC_NEVER);
  if (l4_error_u(tag, utcb) >= 0)
    *us = v->mr64[0];
  return tag;
}

L4_INLINE l4_msgtag_t
l4_scheduler_idle_time(l4_cap_idx_t scheduler, l4_sched_cpu_set_t const *cpus,
                       l4_kernel_clock_t *us)
{
  return l4_scheduler_idle_time_u(scheduler, cpus, us, l4_utcb());
}

/* Is CPU `cpu` online? */
L4_INLINE int
l4_scheduler_is_online_u(l4_cap_idx_t scheduler, l4_umword_t cpu,
                         l4_utcb_t *utcb)
{
  l4_sched_cpu_set_t s = l4_sched_cpu_set(cpu, 0, 1);
  l4_msgtag_t tag = l4_scheduler_info_u(scheduler, 0, &s, 0, utcb);
  if (l4_error_u(tag, utcb) < 0)
    return 0;
  return s.map & 1;
}

L4_INLINE int
l4_scheduler_is_online(l4_cap_idx_t scheduler, l4_umword_t cpu)
{
  return l4_scheduler_is_online_u(scheduler, cpu, l4_utcb());
}

#endif
