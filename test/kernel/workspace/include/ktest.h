/* Assertions for the kernel guest tests. Each check prints one line,
 * "ok - <what>" or "not ok - <what> (got X, want Y)"; ktest_verdict() prints
 * "verdict: pass" or "verdict: fail" and gives main's exit status.
 * Printing is IPC to the log and overwrites the message registers: copy
 * what an IPC returned in the MRs into variables before the first check. */
#ifndef KTEST_H
#define KTEST_H

#include <stdio.h>
#include <l4/sys/ipc.h>

static int ktest_failures;

static inline void ktest_pass(char const *what)
{
  printf("ok - %s\n", what);
}

static inline void ktest_fail_eq(char const *what, long got, long want)
{
  ++ktest_failures;
  printf("not ok - %s (got %ld = 0x%lx, want %ld = 0x%lx)\n", what, got,
         (unsigned long)got, want, (unsigned long)want);
}

/* got == want */
static inline void ktest_eq(char const *what, long got, long want)
{
  if (got == want)
    ktest_pass(what);
  else
    ktest_fail_eq(what, got, want);
}

/* lo <= got <= hi (signed) */
static inline void ktest_range(char const *what, long long got, long long lo, long long hi)
{
  if (got >= lo && got <= hi)
    ktest_pass(what);
  else
    {
      ++ktest_failures;
      printf("not ok - %s (got %lld, want %lld..%lld)\n", what, got, lo, hi);
    }
}

/* A condition, with a note that explains a failure. */
static inline void ktest_true(char const *what, int cond, char const *note)
{
  if (cond)
    ktest_pass(what);
  else
    {
      ++ktest_failures;
      printf("not ok - %s (%s)\n", what, note);
    }
}

/* The IPC/kernel result of a tag: 0 or the label on success, or
 * -(2000 + IPC error) / -L4_E* on failure; should be >= 0. */
static inline void ktest_ok_tag(char const *what, l4_msgtag_t tag)
{
  long e = l4_error(tag);
  if (e >= 0)
    ktest_pass(what);
  else
    {
      ++ktest_failures;
      if (l4_msgtag_has_error(tag))
        printf("not ok - %s (IPC error 0x%lx, l4_error %ld)\n", what,
               l4_ipc_error(tag, l4_utcb()), e);
      else
        printf("not ok - %s (error label %ld)\n", what, e);
    }
}

/* A send-only operation (IRQ trigger, semaphore up, plain send) succeeded:
 * it gives back the sent tag, so only the error bit tells. */
static inline void ktest_ok_send(char const *what, l4_msgtag_t tag)
{
  if (!l4_msgtag_has_error(tag))
    ktest_pass(what);
  else
    {
      ++ktest_failures;
      printf("not ok - %s (IPC error 0x%lx)\n", what, l4_ipc_error(tag, l4_utcb()));
    }
}

static inline int ktest_verdict(void)
{
  printf("verdict: %s\n", ktest_failures ? "fail" : "pass");
  return ktest_failures ? 1 : 0;
}

#endif
