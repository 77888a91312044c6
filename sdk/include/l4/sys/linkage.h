/* Calling-convention macros of the L4Re headers on ia32 (l4/sys/linkage.h). */
#ifndef L4_SYS_LINKAGE_H
#define L4_SYS_LINKAGE_H

/* The C ABI of the L4Re libraries: all arguments on the stack. */
#define L4_CV              __attribute__((regparm(0)))
#define L4_FASTCALL(x)     x __attribute__((regparm(3)))
#define L4_REGPARM(x)      __attribute__((regparm(x)))

#endif
