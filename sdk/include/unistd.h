#ifndef SDK_UNISTD_H
#define SDK_UNISTD_H

#ifdef __cplusplus
extern "C" {
#endif

void _exit(int status) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif
