/* One "ok - WHAT" / "not ok - WHAT (got G, want W)" line per check, as the moe
 * tests read them; `failures` counts the misses for the verdict and exit value. */
#pragma once
#include <stdio.h>

static int failures;

static void check(char const *what, long got, long want)
{
  if (got == want)
    printf("ok - %s\n", what);
  else
    {
      ++failures;
      printf("not ok - %s (got %ld, want %ld)\n", what, got, want);
    }
}
