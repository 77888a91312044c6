/* Shows what ned passed: arguments and named capabilities. */
#include <l4/re/env.h>
#include <l4/sys/semaphore.h>
#include <l4/sys/task.h>
#include <stdio.h>

int main(int argc, char **argv)
{
  char const *names[] = { "gate", "gate_ro", "sem", "log2", "rom", "missing" };
  for (int i = 0; i < argc; ++i)
    printf("argv[%d] = %s\n", i, argv[i]);
  for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); ++i)
    {
      l4_cap_idx_t c = l4re_env_get_cap(names[i]);
      printf("%s: %s\n", names[i], l4_is_invalid_cap(c) ? "invalid" :
             l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, c)) == 1 ? "valid" : "empty slot");
    }
  /* The semaphore works: up, then down without waiting. */
  l4_cap_idx_t sem = l4re_env_get_cap("sem");
  l4_semaphore_up(sem);
  printf("semaphore down: %ld\n", l4_error(l4_semaphore_down(sem, L4_IPC_NEVER)));
  printf("log2 write through the named log\n");
  return 0;
}
