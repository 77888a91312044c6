#ifndef SDK_UNISTD_H
#define SDK_UNISTD_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned int useconds_t;

void _exit(int status) __attribute__((noreturn));
/* Sleeps on the kernel clock (l4_ipc_sleep); always sleeps the full time. */
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t us);

#ifdef __cplusplus
}
#endif

#endif
