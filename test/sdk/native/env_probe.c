/* Probe program for the fake-kernel harness: prints what the start code
 * found, writes a line longer than one vcon message, and exits with 42. */
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern l4re_env_t harness_env;

int main(int argc, char **argv, char **envp)
{
  char line[301];
  printf("argc=%d argv0=%s argv1=%s argv2=%p envp0=%s envp1=%p\n",
         argc, argv[0], argv[1], (void *)argv[2], envp[0], (void *)envp[1]);
  printf("env=%s log=%#lx parent=%#lx kip=%p\n",
         l4re_env() == &harness_env ? "ok" : "WRONG",
         l4re_env()->log, l4re_env()->parent, (void *)l4_kip());
  printf("rom=%#lx long=%#lx missing=%#lx\n", l4re_env_get_cap("rom"),
         l4re_env_get_cap("sixteen_chars_xx"), l4re_env_get_cap("nothere"));
  memset(line, 'a', 300);
  line[300] = 0;
  puts(line);
  printf("u64=%llu s64=%lld\n", 18446744073709551615ULL, -9223372036854775807LL - 1);
  printf("unterminated");
  exit(42);
}
