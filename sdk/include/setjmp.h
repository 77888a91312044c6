/* Non-local jumps (i386): the buffer keeps the callee-saved registers EBX,
 * ESI, EDI, EBP, the stack pointer and the return address. */
#ifndef SDK_SETJMP_H
#define SDK_SETJMP_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long jmp_buf[6];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int val) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif
