/* printf-style formatting for the user-level servers. They link no C library (the SDK's freestanding
 * runtime gives them only <string.h>), so they bring this small formatter. */
#ifndef SERVERS_FORMAT_H
#define SERVERS_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into buf (always terminated): %s %.*s %c %d %u %x %p with the l modifier, a '0' flag and a
 * width. Returns the length the text would have. */
int fmt_vsnprintf(char *buf, size_t size, char const *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, char const *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
