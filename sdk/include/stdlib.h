#ifndef SDK_STDLIB_H
#define SDK_STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;

/* Flush stdout and tell the L4Re parent that this program exited. */
void exit(int status) __attribute__((noreturn));
void _exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));

/* The heap: one dataspace from moe (size: sdk_heap_size, 8 MiB unless the
 * program defines `unsigned long const sdk_heap_size = ...;`). */
void *malloc(size_t size) __attribute__((malloc));
void *calloc(size_t count, size_t size) __attribute__((malloc));
void *realloc(void *p, size_t size);
void free(void *p);

int atoi(char const *s);
long atol(char const *s);
long long atoll(char const *s);
long strtol(char const *s, char **end, int base);
unsigned long strtoul(char const *s, char **end, int base);
long long strtoll(char const *s, char **end, int base);
unsigned long long strtoull(char const *s, char **end, int base);
double strtod(char const *s, char **end);
float strtof(char const *s, char **end);
double atof(char const *s);

int abs(int v);
long labs(long v);
long long llabs(long long v);
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);

void qsort(void *base, size_t n, size_t size,
           int (*cmp)(void const *, void const *));
void *bsearch(void const *key, void const *base, size_t n, size_t size,
              int (*cmp)(void const *, void const *));

int rand(void);
void srand(unsigned seed);
char *getenv(char const *name);

#ifdef __cplusplus
}
#endif

#endif
