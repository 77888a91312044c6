/* The few Linux i386 system calls (int $0x80) the native test programs use
 * in place of the L4 kernel. Test-only: never part of the SDK. */
#ifndef TEST_LINUX_SYSCALLS_H
#define TEST_LINUX_SYSCALLS_H

static inline long
lx_syscall3(long nr, long a, long b, long c)
{
  long ret;
  __asm__ __volatile__("int $0x80" : "=a" (ret) : "a" (nr), "b" (a), "c" (b), "d" (c) : "memory");
  return ret;
}

static inline void
lx_write(int fd, void const *buf, unsigned long len)
{
  lx_syscall3(4, fd, (long)buf, (long)len);
}

static inline void __attribute__((noreturn))
lx_exit(int status)
{
  for (;;)
    lx_syscall3(252 /* exit_group */, status, 0, 0);
}

static inline unsigned long
lx_strlen(char const *s)
{
  unsigned long n = 0;
  while (s[n])
    ++n;
  return n;
}

static inline void
lx_puts2(char const *s)
{
  lx_write(2, s, lx_strlen(s));
}

/* Hex without any library help (so tests do not depend on printf). */
static inline void
lx_hex(int fd, unsigned long long v)
{
  char buf[19];
  int i = 18;
  buf[i] = 0;
  do
    {
      buf[--i] = "0123456789abcdef"[v & 15];
      v >>= 4;
    }
  while (v);
  buf[--i] = 'x';
  buf[--i] = '0';
  lx_write(fd, buf + i, 18 - i);
}

#endif
