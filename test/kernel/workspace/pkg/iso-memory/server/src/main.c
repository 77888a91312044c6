/* Isolation matrix, memory (issue 11): two instances of this program run
 * side by side. The writer puts a secret into a global; the reader finds its
 * own global (same virtual address) untouched, and no capability it holds
 * lets it map memory from another task. Roles: "writer", "reader". */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/task.h>
#include <string.h>

enum { SECRET = 0x5ec7e7, SLOTS = 0x100, PEEK = 0x61000000 };

static volatile unsigned secret __attribute__((aligned(L4_PAGESIZE)));

static int writer(void)
{
  secret = SECRET;
  printf("writer: secret at %p\n", (void *)&secret);
  l4_ipc_sleep_ms(5); /* stay alive while the reader looks */
  ktest_eq("writer: its own secret is still there", secret, SECRET);
  return ktest_verdict();
}

static int reader(void)
{
  unsigned s, tasks = 0, leaks = 0;
  l4_ipc_sleep_ms(1); /* the writer has written by now */
  printf("reader: secret at %p\n", (void *)&secret);
  ktest_eq("reader: the same address in its own task holds its own 0", secret, 0);
  for (s = 1; s < SLOTS; ++s)
    {
      l4_cap_idx_t c = s << L4_CAP_SHIFT;
      l4_msgtag_t tag;
      if (l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, c)) != 1)
        continue;
      if (l4_error(l4_task_cap_equal(L4_BASE_TASK_CAP, c, L4_BASE_TASK_CAP)) == 1)
        continue;
      tag = l4_task_map(L4_BASE_TASK_CAP, c, l4_fpage((l4_addr_t)&secret, L4_PAGESHIFT, L4_FPAGE_RO),
                        l4_map_control(PEEK, 0, L4_MAP_ITEM_MAP));
      if (l4_error(tag) >= 0)
        ++leaks;
      ++tasks;
    }
  ktest_true("reader: holds some capabilities besides its task", tasks > 5, "too few");
  ktest_eq("reader: none of them is a task to map memory from", leaks, 0);
  return ktest_verdict();
}

int main(int argc, char **argv)
{
  if (argc > 1 && !strcmp(argv[1], "reader"))
    return reader();
  return writer();
}
