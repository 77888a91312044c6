/* Error numbers (the values Linux and uclibc use on x86). */
#ifndef SDK_ERRNO_H
#define SDK_ERRNO_H

#ifdef __cplusplus
extern "C" {
#endif

/* errno is per thread (a word of the thread's UTCB), as in uclibc/glibc. */
int *__errno_location(void) __attribute__((const));
#define errno (*__errno_location())

#define EPERM      1
#define ENOENT     2
#define ESRCH      3
#define EINTR      4
#define EIO        5
#define E2BIG      7
#define EBADF      9
#define EAGAIN    11
#define ENOMEM    12
#define EACCES    13
#define EFAULT    14
#define EBUSY     16
#define EEXIST    17
#define EINVAL    22
#define ENOSPC    28
#define EDOM      33
#define ERANGE    34
#define EDEADLK   35
#define ENOSYS    38
#define EOVERFLOW 75
#define ENOTSUP   95
#define ETIMEDOUT 110

#ifdef __cplusplus
}
#endif

#endif
