/* Capability selectors, syscall operation flags and fixed capability slots
 * (spec sections 1.3, 3.1, 3.2). */
#ifndef L4_SYS_CONSTS_H
#define L4_SYS_CONSTS_H

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

/* A selector's slot number is sel >> L4_CAP_SHIFT. */
enum l4_cap_consts_t
{
  L4_CAP_SHIFT       = 12,
  L4_CAP_SIZE        = 1UL << L4_CAP_SHIFT,
  L4_CAP_OFFSET      = 1UL << L4_CAP_SHIFT,
  L4_CAP_MASK        = ~0UL << (L4_CAP_SHIFT - 2),
  L4_INVALID_CAP_BIT = 1UL << (L4_CAP_SHIFT - 1),
  L4_REPLY_CAP_BIT   = 1UL << (L4_CAP_SHIFT - 2),
  L4_INVALID_CAP     = ~0UL << (L4_CAP_SHIFT - 1),
  L4_INVALID_REPLY_CAP = ~0UL << (L4_CAP_SHIFT - 2),
};

/* Operation flags OR-ed into EDX next to the destination selector. */
enum l4_syscall_flags_t
{
  L4_SYSF_NONE           = 0x00,
  L4_SYSF_SEND           = 0x01,
  L4_SYSF_RECV           = 0x02,
  L4_SYSF_OPEN_WAIT      = 0x04,
  L4_SYSF_REPLY          = 0x08,
  L4_SYSF_CALL           = L4_SYSF_SEND | L4_SYSF_RECV,
  L4_SYSF_WAIT           = L4_SYSF_OPEN_WAIT | L4_SYSF_RECV,
  L4_SYSF_SEND_AND_WAIT  = L4_SYSF_OPEN_WAIT | L4_SYSF_CALL,
  L4_SYSF_REPLY_AND_WAIT = L4_SYSF_WAIT | L4_SYSF_SEND | L4_SYSF_REPLY,
};

/* Capabilities every kernel-started task finds in fixed slots. */
enum l4_default_caps_t
{
  L4_BASE_TASK_CAP      = 1UL << L4_CAP_SHIFT,
  L4_BASE_FACTORY_CAP   = 2UL << L4_CAP_SHIFT,
  L4_BASE_THREAD_CAP    = 3UL << L4_CAP_SHIFT,
  L4_BASE_PAGER_CAP     = 4UL << L4_CAP_SHIFT,
  L4_BASE_LOG_CAP       = 5UL << L4_CAP_SHIFT,
  L4_BASE_ICU_CAP       = 6UL << L4_CAP_SHIFT,
  L4_BASE_SCHEDULER_CAP = 7UL << L4_CAP_SHIFT,
  L4_BASE_IOMMU_CAP     = 8UL << L4_CAP_SHIFT,
  L4_BASE_DEBUGGER_CAP  = 10UL << L4_CAP_SHIFT,
  L4_BASE_ARM_SMCCC_CAP = 11UL << L4_CAP_SHIFT,
  L4_BASE_CAPS_LAST_P1  = L4_BASE_ARM_SMCCC_CAP + 1,
  L4_BASE_CAPS_LAST     = L4_BASE_CAPS_LAST_P1 - 1,
};

/* Unmap masks (spec section 7.4). */
enum l4_unmap_flags_t
{
  L4_FP_OTHER_SPACES = 0UL,
  L4_FP_ALL_SPACES   = 0x80000000UL,
  L4_FP_DELETE_OBJ   = 0xc0000000UL,
};

/* Message items: the control word of a send item, the flags of a receive buffer. */
enum l4_msg_item_consts_t
{
  L4_ITEM_MAP  = 8,
  L4_ITEM_CONT = 1,
  L4_MAP_ITEM_MAP   = 0,
  L4_MAP_ITEM_GRANT = 2,
  L4_RCV_ITEM_FORWARD_MAPPINGS = 1,
  L4_RCV_ITEM_SINGLE_CAP = L4_ITEM_MAP | 2,
  L4_RCV_ITEM_LOCAL_ID   = 4,
};

#define L4_PAGESHIFT      12
#define L4_PAGESIZE       (1UL << L4_PAGESHIFT)
#define L4_PAGEMASK       (~(L4_PAGESIZE - 1))
#define L4_SUPERPAGESHIFT 22
#define L4_SUPERPAGESIZE  (1UL << L4_SUPERPAGESHIFT)

#define L4_LOG2_PAGESIZE      L4_PAGESHIFT
#define L4_SUPERPAGEMASK      (~(L4_SUPERPAGESIZE - 1))
#define L4_LOG2_SUPERPAGESIZE L4_SUPERPAGESHIFT

/* The buffer descriptor register (BDR): where the buffers of each kind start. */
enum l4_buffer_desc_consts_t
{
  L4_BDR_MEM_SHIFT   = 0,
  L4_BDR_IO_SHIFT    = 5,
  L4_BDR_OBJ_SHIFT   = 10,
  L4_BDR_OFFSET_MASK = (1UL << 20) - 1,
};

enum l4_addr_consts_t
{
  L4_INVALID_ADDR = ~0UL,
};
#define L4_INVALID_PTR ((void *)L4_INVALID_ADDR)

#ifndef NULL
#define NULL ((void *)0)
#endif

enum
{
  L4_SCHED_MIN_PRIO = 1,
  L4_SCHED_MAX_PRIO = 255,
};


/* Number of machine words needed for `bytes` bytes. */
L4_INLINE unsigned l4_bytes_to_mwords(unsigned bytes)
{
  return (bytes + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
}

L4_INLINE l4_addr_t l4_trunc_page(l4_addr_t a) { return a & L4_PAGEMASK; }
L4_INLINE l4_addr_t l4_round_page(l4_addr_t a) { return (a + L4_PAGESIZE - 1) & L4_PAGEMASK; }
L4_INLINE l4_addr_t l4_trunc_size(l4_addr_t a, unsigned char bits) { return a & (~0UL << bits); }
L4_INLINE l4_addr_t l4_round_size(l4_addr_t a, unsigned char bits)
{
  return (a + (1UL << bits) - 1) & (~0UL << bits);
}

#endif
