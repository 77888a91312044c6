/* Isolation matrix, fault containment (issue 11): ned starts a survivor and
 * a crasher. The crasher writes to an address nobody maps; only its thread
 * stops. The survivor keeps running and finishes all its work afterwards.
 * One program, two roles: "survivor", "crasher". */
#include <ktest.h>
#include <kthread.h>
#include <string.h>

enum { TICKS = 5, TICK_MS = 2 };

static int survivor(void)
{
  l4_uint64_t start = kclock();
  int i;
  for (i = 1; i <= TICKS; ++i)
    {
      char what[64];
      l4_ipc_sleep_ms(TICK_MS);
      snprintf(what, sizeof what, "survivor: tick %d after the crasher's fault", i);
      ktest_true(what, kclock() >= start + (l4_uint64_t)i * TICK_MS * 1000, "the clock did not advance");
    }
  return ktest_verdict();
}

static int crasher(void)
{
  printf("crasher: writing to 0x10\n");
  *(volatile int *)0x10 = 1;
  printf("not ok - crasher: survived a write to an unmapped address\n");
  return 1;
}

int main(int argc, char **argv)
{
  if (argc > 1 && !strcmp(argv[1], "crasher"))
    return crasher();
  return survivor();
}
