/* Compiler abstractions of the L4Re headers (l4/sys/compiler.h): inline,
 * linkage and attribute macros every other header uses. */
#ifndef L4_SYS_COMPILER_H
#define L4_SYS_COMPILER_H

#ifdef __cplusplus
#define L4_BEGIN_DECLS extern "C" {
#define L4_END_DECLS   }
#define L4_NOTHROW     throw()
#define EXTERN_C_BEGIN extern "C" {
#define EXTERN_C_END   }
#define EXTERN_C       extern "C"
#else
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#define L4_NOTHROW
#define EXTERN_C_BEGIN
#define EXTERN_C_END
#define EXTERN_C
#endif
#ifndef __BEGIN_DECLS
#define __BEGIN_DECLS L4_BEGIN_DECLS
#define __END_DECLS   L4_END_DECLS
#endif
#define L4_NOTHROW__A  __attribute__((nothrow))

#ifndef L4_INLINE
#define L4_INLINE static inline
#endif
#define L4_INLINE_STATIC static inline
#define L4_INLINE_EXTERN extern inline
#define L4_ALWAYS_INLINE __attribute__((always_inline)) inline

#define L4_NORETURN      __attribute__((noreturn))
#define L4_PURE          __attribute__((pure))
#define L4_NOINSTRUMENT  __attribute__((no_instrument_function))
#define L4_STICKY(x)     __attribute__((used)) x
#define L4_DEPRECATED(s) __attribute__((deprecated(s)))
#define L4_HIDDEN        __attribute__((visibility("hidden")))
#define L4_EXPORT        __attribute__((visibility("default")))
#define L4_EXPORT_TYPE   __attribute__((visibility("default")))
#define L4_LIKELY(x)     __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x)   __builtin_expect(!!(x), 0)
#define L4_DEFAULT_PARAM(x)
#define L4_CONSTEXPR

#ifdef __has_builtin
#define L4_HAS_BUILTIN(x) __has_builtin(x)
#else
#define L4_HAS_BUILTIN(x) 0
#endif

#define L4_stringify_helper(x) #x
#define L4_stringify(x)        L4_stringify_helper(x)

#define L4__STRONG_ALIAS(name, aliasname) \
  extern __typeof(name) aliasname __attribute__((alias(#name)));
#define L4_STRONG_ALIAS(name, aliasname) L4__STRONG_ALIAS(name, aliasname)
#define L4__WEAK_ALIAS(name, aliasname) \
  extern __typeof(name) aliasname __attribute__((weak, alias(#name)));
#define L4_WEAK_ALIAS(name, aliasname) L4__WEAK_ALIAS(name, aliasname)

/* Constructors run before main, in priority order. */
#define L4_DECLARE_CONSTRUCTOR(func, prio) \
  static __attribute__((used, section(".init_array." #prio))) void (*__L4_ctor_##func)(void) = func;

#define L4_STACK_ALIGN __BIGGEST_ALIGNMENT__

/* The stack pointer a new thread starts with: aligned as if a call had just
 * pushed its return address. */
L4_INLINE unsigned long l4_align_stack_for_direct_fncall(unsigned long stack)
{
  if ((stack & (L4_STACK_ALIGN - 1)) == (L4_STACK_ALIGN - sizeof(unsigned long)))
    return stack;
  return (stack & ~(unsigned long)(L4_STACK_ALIGN - 1)) - sizeof(unsigned long);
}

#ifndef __cplusplus
#ifndef static_assert
#define static_assert _Static_assert
#endif
#endif

/* Compiler barriers (ia32 keeps stores in order). */
L4_INLINE void l4_barrier(void) { __asm__ __volatile__("" : : : "memory"); }
L4_INLINE void l4_mb(void)      { __asm__ __volatile__("" : : : "memory"); }
L4_INLINE void l4_wmb(void)     { __asm__ __volatile__("" : : : "memory"); }
L4_INLINE L4_NORETURN void l4_infinite_loop(void)
{
  for (;;)
    l4_barrier();
}

#include <l4/sys/linkage.h>

#endif
