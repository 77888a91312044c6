/* The C library's error number. */
#include <errno.h>

int errno;
