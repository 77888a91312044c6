/* What every loader of a program with the in-task service l4re shares (libloader's Remote_app_model): the
 * capability slots and addresses of the new task, and its initial stack. Used by moe (servers/pkg/moe,
 * loader.c, for init) and ned (servers/pkg/ned, app_loader.c, for the programs of its script); each package
 * links initial_stack.c through its Makefile (SRC_C, PRIVATE_INCDIR). Needs only memcpy/memset/strlen/strncpy. */
#pragma once
#include <l4/sys/types.h>
#include <l4/sys/consts.h>

/* Capability slots in the new task (Remote_app_std_caps). */
enum remote_app_caps
{
  APP_TASK = 1, APP_FACTORY = 2, APP_THREAD = 3, APP_LOG = 5, APP_SCHEDULER = 7, APP_DEBUGGER = 10,
  APP_EXTERNAL_RM = 0x10, APP_ALLOCATOR, APP_NAMES, APP_PARENT, APP_KIP, APP_DBG_EVENTS, APP_FIRST_FREE,
};

/* The new task's fixed layout (as the real moe lays out l4re: get_regions shows these). */
enum remote_app_layout
{
  APP_KIP_ADDR = 0xaffff000, APP_STACK_ADDR = 0xb1000000, APP_STACK_SIZE = 0x100000,
  APP_UTCB_ADDR = 0xb3000000, APP_UTCB_LOG2 = L4_PAGESHIFT, APP_PRIO = 2,
  L4RE_DBG_WARN = 1, /* the l4re debug level moe and ned hand on */
};

/* A named capability of the new program's environment: it lies at slot APP_FIRST_FREE + its index. */
struct remote_app_named_cap
{
  char const *name;
  l4_umword_t flags; /* l4re_env_cap_entry_t flags (1 = read-write) */
};

/* The initial stack, written through the loader's own mapping `local` of the stack dataspace, which the task
 * sees at APP_STACK_ADDR; APP_STACK_SIZE bytes. */
struct remote_app_stack
{
  char *local;
  unsigned long top;
};

/* Builds what l4re expects on its initial stack, from the top down: the argument strings, l4re_aux_t (the
 * binary argv[0], the KIP dataspace, debug level), the named capabilities, l4re_env_t (first free capability
 * after the named ones, the UTCB area), the aux vector (AT_L4_AUX, AT_L4_KIP, AT_L4_ENV ...), envp and argv.
 * Returns the task's stack pointer (pointing at argc). At most 16 arguments and 16 named capabilities. */
l4_addr_t remote_app_stack_build(struct remote_app_stack *s, char const *const *argv, unsigned argc,
                                 struct remote_app_named_cap const *caps, unsigned ncaps, l4_fpage_t utcb_area);
