/* Basic L4 types and the message tag (Fiasco.OC ia32 ABI, see spec section 2). */
#ifndef L4_SYS_TYPES_H
#define L4_SYS_TYPES_H

typedef unsigned char      l4_uint8_t;
typedef signed char        l4_int8_t;
typedef unsigned short     l4_uint16_t;
typedef signed short       l4_int16_t;
typedef unsigned int       l4_uint32_t;
typedef signed int         l4_int32_t;
typedef unsigned long long l4_uint64_t;
typedef signed long long   l4_int64_t;

/* Machine words: 32 bits on ia32. */
typedef unsigned long l4_umword_t;
typedef long          l4_mword_t;
typedef unsigned long l4_addr_t;
typedef unsigned long l4_size_t;
typedef long          l4_ssize_t;
typedef unsigned long l4_cap_idx_t;
typedef l4_uint64_t   l4_cpu_time_t;
typedef l4_uint64_t   l4_kernel_clock_t;

#ifndef L4_INLINE
#define L4_INLINE static inline
#endif
#ifndef L4_NORETURN
#define L4_NORETURN __attribute__((noreturn))
#endif
#ifndef L4_UNLIKELY
#define L4_LIKELY(x)   __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#endif
#ifndef L4_BEGIN_DECLS
#ifdef __cplusplus
#define L4_BEGIN_DECLS extern "C" {
#define L4_END_DECLS   }
#else
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#endif
#endif

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

#include <l4/sys/__l4_fpage.h>

#endif
