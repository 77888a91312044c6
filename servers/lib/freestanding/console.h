/* Text output of the user-level servers: Vcon writes on a log capability (the kernel's log object or a
 * log of moe's), the way the real servers' printf backends send it. */
#ifndef SERVERS_CONSOLE_H
#define SERVERS_CONSOLE_H

#include <stdarg.h>
#include <l4/sys/types.h>

/* Sends len bytes in Vcon-write-sized pieces. */
void console_write(l4_cap_idx_t log, char const *text, unsigned len);
/* Formats (format.h, at most 255 characters) and writes the text. */
void console_vprintf(l4_cap_idx_t log, char const *fmt, va_list ap);
/* Prints "<prefix>: fatal: <what>" and blocks this thread for good: a server that cannot go on stops
 * where the debugger can see why. */
void console_fatal(l4_cap_idx_t log, char const *prefix, char const *what) __attribute__((noreturn));

#endif
