/* Minimal stdio: formatted output to the L4Re log capability. */
#ifndef SDK_STDIO_H
#define SDK_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EOF (-1)

int putchar(int c);
int puts(char const *s);
int printf(char const *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(char const *fmt, va_list ap);
int sprintf(char *buf, char const *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, char const *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, char const *fmt, va_list ap);
int vsprintf(char *buf, char const *fmt, va_list ap);
/* Input from strings: %d %i %u %x %X %o %p %f %e %g %a %s %c %[...] %n %%,
 * with *, widths and the hh h l ll L z j t sizes. */
int sscanf(char const *str, char const *fmt, ...) __attribute__((format(scanf, 2, 3)));
int vsscanf(char const *str, char const *fmt, va_list ap);
/* Write out the buffered part of the current line. */
void __stdout_flush(void);

/* Streams: stdout and stderr both go to the L4Re log (stderr unbuffered). */
typedef struct __sdk_file FILE;
extern FILE *stdout;
extern FILE *stderr;

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(char const *s, FILE *f);
int fflush(FILE *f);
int fprintf(FILE *f, char const *fmt, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, char const *fmt, va_list ap);
size_t fwrite(void const *p, size_t size, size_t n, FILE *f);
void perror(char const *s);

#ifdef __cplusplus
}
#endif

#endif
