/* The little C library moe uses. moe links no C library at all (SDK_RUNTIME = no), as the real moe brings
 * its own minimal one: a root task should not depend on the runtime of the programs it starts. */
#ifndef MOE_SUPPORT_H
#define MOE_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>

void *memcpy(void *dst, void const *src, size_t n);
void *memmove(void *dst, void const *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(void const *a, void const *b, size_t n);
size_t strlen(char const *s);
int strcmp(char const *a, char const *b);
int strncmp(char const *a, char const *b, size_t n);
char *strncpy(char *dst, char const *src, size_t n);
char *strcpy(char *dst, char const *src);

/* printf-style formatting into buf (always terminated): %s %.*s %c %d %u %x %p with the l modifier, a
 * '0' flag and a width. Returns the length the text would have. */
int moe_vsnprintf(char *buf, size_t size, char const *fmt, va_list ap);
int moe_snprintf(char *buf, size_t size, char const *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
