/* The little C library l4re uses. l4re links no C library (SDK_RUNTIME = no): it runs before the program
 * it loads and inside its task, so it must not share that program's runtime. */
#ifndef L4RE_SUPPORT_H
#define L4RE_SUPPORT_H

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
int l4re_vsnprintf(char *buf, size_t size, char const *fmt, va_list ap);
int l4re_snprintf(char *buf, size_t size, char const *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
