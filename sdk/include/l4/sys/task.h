/* Task objects (L4_PROTO_TASK, spec sections 7.4 and 9.2): map and unmap
 * capabilities and memory between tasks, query capability slots. */
#ifndef L4_SYS_TASK_H
#define L4_SYS_TASK_H

#include <l4/sys/ipc.h>

enum L4_task_ops
{
  L4_TASK_MAP_OP        = 0UL,
  L4_TASK_UNMAP_OP      = 1UL,
  L4_TASK_CAP_INFO_OP   = 2UL,
  L4_TASK_ADD_KU_MEM_OP = 3UL,
  L4_TASK_LDT_SET_X86_OP = 0x11UL,
};

/* Map `snd_fpage` of `src_task` into `dst_task` (invoked on the destination,
 * which needs the W right). `snd_base` is the send-item control word, e.g.
 * l4_map_obj_control(dst_sel, L4_MAP_ITEM_MAP) for capabilities or
 * l4_map_control(dst_addr, 0, L4_MAP_ITEM_MAP) for memory. */
L4_INLINE l4_msgtag_t
l4_task_map_u(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
              l4_fpage_t snd_fpage, l4_umword_t snd_base, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_TASK_MAP_OP;
  v->mr[1] = snd_base;
  v->mr[2] = snd_fpage.raw;
  v->mr[3] = l4_map_obj_control(0, 0);
  v->mr[4] = l4_obj_fpage(src_task, 0, L4_CAP_FPAGE_RWS).raw;
  return l4_ipc_call(dst_task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 1, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_task_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
            l4_fpage_t snd_fpage, l4_umword_t snd_base)
{
  return l4_task_map_u(dst_task, src_task, snd_fpage, snd_base, l4_utcb());
}

/* Revoke the rights in `fpage` from `task` (and, per `map_mask`, from the
 * tasks that got mappings from it): L4_FP_ALL_SPACES, L4_FP_OTHER_SPACES,
 * L4_FP_DELETE_OBJ. */
L4_INLINE l4_msgtag_t
l4_task_unmap_u(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask,
                l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_TASK_UNMAP_OP;
  v->mr[1] = map_mask;
  v->mr[2] = fpage.raw;
  return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask)
{
  return l4_task_unmap_u(task, fpage, map_mask, l4_utcb());
}

/* Unmap several fpages at once. On return fpages[] hold the status bits
 * the kernel reports in their low 4 bits. */
L4_INLINE l4_msgtag_t
l4_task_unmap_batch_u(l4_cap_idx_t task, l4_fpage_t const *fpages,
                      unsigned num_fpages, l4_umword_t map_mask,
                      l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  unsigned i;
  if (num_fpages > L4_UTCB_GENERIC_DATA_SIZE - 2)
    num_fpages = L4_UTCB_GENERIC_DATA_SIZE - 2;
  v->mr[0] = L4_TASK_UNMAP_OP;
  v->mr[1] = map_mask;
  for (i = 0; i < num_fpages; ++i)
    v->mr[2 + i] = fpages[i].raw;
  return l4_ipc_call(task, utcb,
                     l4_msgtag(L4_PROTO_TASK, 2 + num_fpages, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_task_unmap_batch(l4_cap_idx_t task, l4_fpage_t const *fpages,
                    unsigned num_fpages, l4_umword_t map_mask)
{
  return l4_task_unmap_batch_u(task, fpages, num_fpages, map_mask, l4_utcb());
}

/* Does slot `cap` of `task` hold a capability? The answer is the label:
 * 1 valid, 0 empty (negative on error). */
L4_INLINE l4_msgtag_t
l4_task_cap_valid_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_TASK_CAP_INFO_OP;
  v->mr[1] = cap;
  return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_task_cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
  return l4_task_cap_valid_u(task, cap, l4_utcb());
}

/* Do two slots of `task` name the same object? Label 1 yes, 0 no. */
L4_INLINE l4_msgtag_t
l4_task_cap_equal_u(l4_cap_idx_t task, l4_cap_idx_t cap_a,
                    l4_cap_idx_t cap_b, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  v->mr[0] = L4_TASK_CAP_INFO_OP;
  v->mr[1] = cap_a;
  v->mr[2] = cap_b;
  return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0),
                     L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t
l4_task_cap_equal(l4_cap_idx_t task, l4_cap_idx_t cap_a, l4_cap_idx_t cap_b)
{
  return l4_task_cap_equal_u(task, cap_a, cap_b, l4_utcb());
}

/* Adds kernel-user memory (room for UTCBs) to a task. On success the kernel
 * reports the flexpage it used in MR0, which is written back to *ku_mem. */
L4_INLINE l4_msgtag_t
l4_task_add_ku_mem_u(l4_cap_idx_t task, l4_fpage_t *ku_mem, l4_utcb_t *utcb)
{
  l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
  l4_msgtag_t t;
  v->mr[0] = L4_TASK_ADD_KU_MEM_OP;
  v->mr[1] = ku_mem->raw;
  t = l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
  if (!l4_msgtag_has_error(t))
    ku_mem->raw = l4_utcb_mr_u(utcb)->mr[0];
  return t;
}

L4_INLINE l4_msgtag_t
l4_task_add_ku_mem(l4_cap_idx_t task, l4_fpage_t *ku_mem)
{
  return l4_task_add_ku_mem_u(task, ku_mem, l4_utcb());
}

/* Deletes the kernel object behind `obj` (unmap with L4_FP_DELETE_OBJ). */
L4_INLINE l4_msgtag_t
l4_task_delete_obj_u(l4_cap_idx_t task, l4_cap_idx_t obj, l4_utcb_t *utcb)
{
  return l4_task_unmap_u(task, l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ, utcb);
}

L4_INLINE l4_msgtag_t
l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj)
{
  return l4_task_delete_obj_u(task, obj, l4_utcb());
}

/* Removes the capability `cap` from `task` and from every task it was mapped to from there. */
L4_INLINE l4_msgtag_t
l4_task_release_cap_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
  return l4_task_unmap_u(task, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES, utcb);
}

L4_INLINE l4_msgtag_t
l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap)
{
  return l4_task_release_cap_u(task, cap, l4_utcb());
}

#endif
