/* Internal locks of the C library, safe between the threads of a task
 * (pthreads). A lock is an int: 0 free, 1 taken. */
#ifndef SDK_LIBC_LOCK_H
#define SDK_LIBC_LOCK_H

void __libc_lock(volatile int *lock);
void __libc_unlock(volatile int *lock);

/* Serialise whole printf/puts calls, so lines of threads do not mix. The
 * formatter calls them through weak references (they may be absent when
 * printf.c is tested on its own). */
void __stdout_lock(void);
void __stdout_unlock(void);

#endif
