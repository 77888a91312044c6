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
void *memchr(void const *s, int c, size_t n);
size_t strlen(char const *s);
size_t strnlen(char const *s, size_t max);
int strcmp(char const *a, char const *b);
int strncmp(char const *a, char const *b, size_t n);
int strcasecmp(char const *a, char const *b);
int strncasecmp(char const *a, char const *b, size_t n);
char *strcpy(char *dst, char const *src);
char *strncpy(char *dst, char const *src, size_t n);
char *strcat(char *dst, char const *src);
char *strncat(char *dst, char const *src, size_t n);
char *strchr(char const *s, int c);
char *strrchr(char const *s, int c);
char *strstr(char const *haystack, char const *needle);
char *strpbrk(char const *s, char const *accept);
size_t strspn(char const *s, char const *accept);
size_t strcspn(char const *s, char const *reject);
char *strtok(char *s, char const *delim);
char *strtok_r(char *s, char const *delim, char **save);
char *strdup(char const *s);
char *strndup(char const *s, size_t n);
char *strerror(int errnum);

#ifdef __cplusplus
}
#endif

#endif
