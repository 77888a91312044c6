/* Which of the UTCB's three TCR user words (ignored by the kernel) the
 * runtime uses for per-thread state. Every thread has its own UTCB, so these
 * are thread-local without any TLS support. */
#ifndef SDK_TCR_USER_WORDS_H
#define SDK_TCR_USER_WORDS_H

enum
{
  TCR_USER_PTHREAD_SELF = 0, /* struct __pthread * (libpthread) */
  TCR_USER_ERRNO = 1,        /* the thread's errno */
};

#endif
