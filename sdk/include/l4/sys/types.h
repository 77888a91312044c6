/* Basic L4 types and the message tag (Fiasco.OC ia32 ABI, see spec section 2). */
#ifndef L4_SYS_TYPES_H
#define L4_SYS_TYPES_H

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>

/* Capability selector: slot number << L4_CAP_SHIFT, flags in the low bits. */
typedef unsigned long l4_cap_idx_t;
/* Return value of the C IPC bindings' helpers: 0 or a negative error. */
typedef l4_int16_t l4_ret_t;
/* Protocol number carried in a message tag's label. */
typedef l4_int16_t l4_proto_t;

/* Protocol numbers carried in the label of a message tag. */
enum L4_msgtag_protocol
{
  L4_PROTO_NONE          = 0,
  L4_PROTO_ALLOW_SYSCALL = 1,
  L4_PROTO_PF_EXCEPTION  = 1,
  L4_PROTO_IRQ           = -1,
  L4_PROTO_PAGE_FAULT    = -2,
  L4_PROTO_PREEMPTION    = -3,
  L4_PROTO_SYS_EXCEPTION = -4,
  L4_PROTO_EXCEPTION     = -5,
  L4_PROTO_SIGMA0        = -6,
  L4_PROTO_IO_PAGE_FAULT = -8,
  L4_PROTO_THREAD_GROUP  = -9,
  L4_PROTO_KOBJECT       = -10,
  L4_PROTO_TASK          = -11,
  L4_PROTO_THREAD        = -12,
  L4_PROTO_LOG           = -13,
  L4_PROTO_SCHEDULER     = -14,
  L4_PROTO_FACTORY       = -15,
  L4_PROTO_VM            = -16,
  L4_PROTO_DMA_SPACE     = -17,
  L4_PROTO_IRQ_SENDER    = -18,
  L4_PROTO_IRQ_MUX       = -19,
  L4_PROTO_SEMAPHORE     = -20,
  L4_PROTO_META          = -21,
  L4_PROTO_IOMMU         = -22,
  L4_PROTO_DEBUGGER      = -23,
  L4_PROTO_SMCCC         = -24,
  L4_PROTO_VCPU_CONTEXT  = -25,
};

/* Flag bits 12..15 of a message tag. */
enum L4_msgtag_flags
{
  L4_MSGTAG_TRANSFER_FPU = 0x1000,
  L4_MSGTAG_SCHEDULE     = 0x2000,
  L4_MSGTAG_PROPAGATE    = 0x4000,
  L4_MSGTAG_ERROR        = 0x8000,
  L4_MSGTAG_FLAGS        = 0xf000,
};

/* Types of the values in a variable-argument message (e.g. factory create). */
enum L4_varg_type
{
  L4_VARG_TYPE_NIL    = 0x00,
  L4_VARG_TYPE_UMWORD = 0x01,
  L4_VARG_TYPE_MWORD  = 0x81,
  L4_VARG_TYPE_STRING = 0x02,
  L4_VARG_TYPE_FPAGE  = 0x03,
  L4_VARG_TYPE_SIGN   = 0x80,
};

/* One word: label (signed, bits 16..31) | flags | items (6..11) | words (0..5). */
typedef struct l4_msgtag_t
{
  l4_mword_t raw;
} l4_msgtag_t;

L4_INLINE l4_msgtag_t
l4_msgtag(long label, unsigned words, unsigned items, unsigned flags)
{
  l4_msgtag_t t;
  t.raw = (l4_mword_t)(((l4_umword_t)label << 16)
                       | (words & 0x3f)
                       | ((items & 0x3f) << 6)
                       | (flags & 0xf000));
  return t;
}

/* The label is signed: negative values are kernel protocols or errors. */
L4_INLINE long     l4_msgtag_label(l4_msgtag_t t)     { return t.raw >> 16; }
L4_INLINE unsigned l4_msgtag_words(l4_msgtag_t t)     { return t.raw & 0x3f; }
L4_INLINE unsigned l4_msgtag_items(l4_msgtag_t t)     { return (t.raw >> 6) & 0x3f; }
L4_INLINE unsigned l4_msgtag_flags(l4_msgtag_t t)     { return t.raw & 0xf000; }
L4_INLINE unsigned l4_msgtag_has_error(l4_msgtag_t t) { return t.raw & L4_MSGTAG_ERROR; }
L4_INLINE unsigned l4_msgtag_is_page_fault(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_PAGE_FAULT; }
L4_INLINE unsigned l4_msgtag_is_exception(l4_msgtag_t t)  { return l4_msgtag_label(t) == L4_PROTO_EXCEPTION; }
L4_INLINE unsigned l4_msgtag_is_sigma0(l4_msgtag_t t)     { return l4_msgtag_label(t) == L4_PROTO_SIGMA0; }
L4_INLINE unsigned l4_msgtag_is_io_page_fault(l4_msgtag_t t) { return l4_msgtag_label(t) == L4_PROTO_IO_PAGE_FAULT; }

L4_INLINE unsigned l4_is_invalid_cap(l4_cap_idx_t c) { return (c & L4_INVALID_CAP_BIT) != 0; }
L4_INLINE unsigned l4_is_valid_cap(l4_cap_idx_t c)   { return (c & L4_INVALID_CAP_BIT) == 0; }
L4_INLINE unsigned l4_capability_equal(l4_cap_idx_t a, l4_cap_idx_t b)
{
  return (a >> L4_CAP_SHIFT) == (b >> L4_CAP_SHIFT);
}
/* The selector of the next slot. */
L4_INLINE l4_cap_idx_t l4_capability_next(l4_cap_idx_t c) { return c + L4_CAP_OFFSET; }

#include <l4/sys/__l4_fpage.h>
#include <l4/sys/__timeout.h>

#endif
