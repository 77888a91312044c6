/* The C library for students: each line prints a result the test compares
 * with what glibc prints for the same call. */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(void const *a, void const *b)
{
  int x = *(int const *)a, y = *(int const *)b;
  return (x > y) - (x < y);
}

static jmp_buf jb;
static int depth;

/* Recurses n levels, then jumps straight back to main's setjmp. */
static void dive(int n)
{
  ++depth;
  if (n > 0)
    dive(n - 1);
  if (depth > 0)
    longjmp(jb, 42);
}

int main(int argc, char **argv)
{
  char buf[64];
  char *end;
  int v[40];

  printf("argc %d argv0 %s\n", argc, argv[0]);
  printf("[%d|%5d|%-5d|%05d|%x|%X|%#x|%o|%u]\n", -12, 34, 56, -78, 255, 255, 255, 8, 4000000000u);
  printf("[%ld|%lld|%llu|%lx|%llx]\n", -123456789L, -9876543210123LL, 18446744073709551615ULL, 0xdeadbeefUL, 0x123456789abcdefULL);
  printf("[%f|%.3f|%8.2f|%-8.1f|%+.1f|%e|%.2E|%g|%g|%g]\n", 3.14159265, 2.0 / 3, -1.005, 0.375, 7.0, 123456.789, 0.000123, 0.5, 1234567.0, 1e-5);
  printf("[%s|%10s|%-6s|%.2s|%c|%%|%p]\n", "str", "right", "left", "cut", 'Z', (void *)0x1234);
  snprintf(buf, 8, "%s", "truncated text");
  printf("snprintf: %s (%d)\n", buf, snprintf(0, 0, "%d", 123456));

  printf("strtol: %ld %ld %ld %lu\n", strtol("  -0x1A", &end, 16), strtol("0755", 0, 0), strtol("12abc", &end, 10), strtoul("4294967295", 0, 10));
  printf("rest: '%s' atoi %d atol %ld abs %d labs %ld\n", end, atoi("-17"), atol(" 99 "), abs(-5), labs(-6L));
  errno = 0;
  long big_value = strtol("99999999999", 0, 10);
  printf("overflow: %ld errno %d\n", big_value, errno == ERANGE);

  for (int i = 0; i < 40; ++i)
    v[i] = (i * 37 + 11) % 41 - 20;
  qsort(v, 40, sizeof v[0], cmp_int);
  printf("qsort:");
  for (int i = 0; i < 40; i += 5)
    printf(" %d", v[i]);
  printf(" sorted %d\n", v[0] <= v[39]);
  int key = 7;
  int *hit = bsearch(&key, v, 40, sizeof v[0], cmp_int);
  printf("bsearch: %d\n", hit ? *hit : -999);

  strcpy(buf, "hello");
  strcat(buf, ", world");
  printf("string: %s %zu %d %s %s %s\n", buf, strlen(buf), strcmp("abc", "abd") < 0,
         strchr(buf, 'w'), strrchr(buf, 'o'), strstr(buf, "lo,"));
  printf("memcmp %d memchr %s strncmp %d\n", memcmp("ab", "ac", 2) < 0, (char *)memchr(buf, ',', 12), strncmp("abcx", "abcy", 3));
  printf("ctype: %d %d %d %d %c %c\n", isdigit('7'), isalpha('_'), isspace('\t'), isxdigit('F'), toupper('a'), tolower('Q'));

  char *p = malloc(10);
  strcpy(p, "grow");
  p = realloc(p, 100000);
  strcat(p, "n up");
  int *zeros = calloc(1000, sizeof(int));
  int sum = 0;
  for (int i = 0; i < 1000; ++i)
    sum += zeros[i];
  char *big = malloc(4 << 20);
  big[(4 << 20) - 1] = 'x';
  printf("malloc: %s calloc-sum %d big %c aligned %d\n", p, sum, big[(4 << 20) - 1], ((unsigned long)big & 15) == 0);
  free(big);
  free(zeros);
  free(p);
  char *again = malloc(4 << 20);
  printf("4 MiB again after free: %d\n", again != 0);
  char *dup = strdup("copy");
  printf("strdup: %s\n", dup);

  int r = setjmp(jb);
  if (r == 0)
    dive(5);
  printf("setjmp: returned %d after %d calls\n", r, depth);

  printf("limits: %d %ld %u\n", INT_MAX, LONG_MIN, UINT_MAX);
  fprintf(stderr, "stderr: %d\n", 5);
  fputs("fputs line\n", stdout);
  assert(argc == 1);
  assert(sum == 1 && "deliberately failing assertion");
  printf("not reached\n");
  return 0;
}
