#ifndef SDK_STRING_H
#define SDK_STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *dst, void const *src, size_t n);
void *memmove(void *dst, void const *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(void const *a, void const *b, size_t n);
size_t strlen(char const *s);
int strcmp(char const *a, char const *b);
int strncmp(char const *a, char const *b, size_t n);
char *strcpy(char *dst, char const *src);
char *strncpy(char *dst, char const *src, size_t n);
char *strchr(char const *s, int c);

#ifdef __cplusplus
}
#endif

#endif
