/* Starting the init program the way the real moe does (libloader's Loader::launch with the
 * Remote_app_model): moe loads the in-task service rom/l4re into a new task, gives it the standard
 * capabilities and an initial stack whose aux vector names the program (AT_L4_AUX -> l4re_aux_t), the
 * environment (AT_L4_ENV -> l4re_env_t) and the KIP, and starts its thread with the task's region map as
 * pager and exception handler. l4re then loads the program itself, through moe's protocols. */
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/debugger.h>
#include <l4/sys/scheduler.h>
#include <l4/re/env.h>
#include "moe.h"
#include <string.h>
#include "elf32.h"
#include "image_announce.h"
#include "thread_start.h"
#include "remote_app.h"

enum { RM_F_KERNEL = 0x100, ENTRY_F_RW = 1 };

/* Where the boot puts the Lua coprocessor of our user-level ned (emulator/lua-coprocessor/lua-coprocessor-protocol.ts):
 * present only when ned is ours, and handed on only to the init program rom/ned, as its capability "lua". */
enum { MOE_LUA_COPROCESSOR_CAP = 0x0e << L4_CAP_SHIFT };


static long map_cap(l4_cap_idx_t task, l4_cap_idx_t local, unsigned slot, unsigned rights)
{
  return l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(local, 0, rights),
                              l4_map_obj_control((l4_umword_t)slot << L4_CAP_SHIFT, L4_MAP_ITEM_MAP)));
}

/* Attaches the loadable segments of the ELF image in `bin` to rm; read-only ones straight from the file's
 * dataspace, writable ones as a private copy. Returns the entry point, or 0. */
static l4_addr_t load_elf(struct region_map *rm, struct dataspace *bin, char const *name)
{
  struct elf32_ehdr const *eh = (struct elf32_ehdr const *)bin->base;
  if (bin->size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 1 || eh->machine != EM_386
      || eh->phoff + (unsigned long)eh->phnum * sizeof(struct elf32_phdr) > bin->size)
    {
      moe_printf("MOE: %s is no 32-bit x86 ELF file\n", name);
      return 0;
    }
  struct elf32_phdr const *ph = (struct elf32_phdr const *)(bin->base + eh->phoff);
  for (unsigned i = 0; i < eh->phnum; ++i)
    {
      if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
        continue;
      l4_addr_t start = TRUNC_PAGE(ph[i].vaddr);
      unsigned long in_page = ph[i].vaddr - start;
      unsigned long size = ROUND_PAGE(in_page + ph[i].memsz);
      unsigned rights = (ph[i].flags & PF_R ? DS_R : 0) | (ph[i].flags & PF_W ? DS_W : 0)
                        | (ph[i].flags & PF_X ? DS_X : 0);
      long e;
      if (!(ph[i].flags & PF_W) && ph[i].filesz == ph[i].memsz && (ph[i].offset & ~L4_PAGEMASK) == in_page)
        e = region_map_attach_fixed(rm, start, size, rights, bin, TRUNC_PAGE(ph[i].offset), name);
      else
        {
          struct dataspace *seg = dataspace_new(size, DS_RWX, name);
          if (!seg || ph[i].offset + ph[i].filesz > bin->size)
            return 0;
          memcpy((void *)(seg->base + in_page), (void const *)(bin->base + ph[i].offset), ph[i].filesz);
          e = region_map_attach_fixed(rm, start, size, rights, seg, 0, name);
        }
      if (e < 0)
        {
          moe_printf("MOE: %s: cannot attach segment %u at %08lx: %ld\n", name, i, start, e);
          return 0;
        }
    }
  return eh->entry;
}

/* The init command line: the program, then the words of `args` (each cut to 127 characters) in `words`. */
enum { MAX_INIT_ARGS = 16, MAX_WORD = 128 };
static unsigned split_args(char const *prog, char const *args, char const **argv, char words[][MAX_WORD])
{
  unsigned argc = 0;
  argv[argc++] = prog;
  char const *p = args;
  while (*p && argc < MAX_INIT_ARGS)
    {
      while (*p == ' ')
        ++p;
      if (!*p)
        break;
      char const *w = p;
      while (*p && *p != ' ')
        ++p;
      unsigned n = (unsigned)(p - w) < MAX_WORD - 1 ? (unsigned)(p - w) : MAX_WORD - 1;
      memcpy(words[argc], w, n);
      words[argc][n] = 0;
      argv[argc] = words[argc];
      ++argc;
    }
  return argc;
}

void launch_init(struct name_space *rom, char const *prog, char const *args)
{
  moe_printf("MOE: Starting: %s %s\n", prog, args);
  struct moe_object *l4re_obj = name_space_lookup(rom, "l4re", 4);
  if (!l4re_obj || l4re_obj->kind != OBJ_DATASPACE)
    {
      moe_printf("MOE: rom/l4re is missing: cannot start %s\n", prog);
      return;
    }
  struct dataspace *l4re_bin = (struct dataspace *)l4re_obj;
  struct region_map *rm = region_map_new();
  struct moe_object *parent = parent_new(prog);
  struct dataspace *stack_ds = dataspace_new(APP_STACK_SIZE, DS_RW, "[stack]");
  if (!rm || !parent || !stack_ds)
    moe_fatal("out of memory starting init");

  moe_printf("MOE: loading '%s'\n", prog);
  l4_cap_idx_t task = cap_slot_alloc(), thread = cap_slot_alloc();
  l4_fpage_t utcb_area = l4_fpage(APP_UTCB_ADDR, APP_UTCB_LOG2, 0);
  if (l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, task, utcb_area)) < 0
      || l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, thread)) < 0)
    moe_fatal("cannot create the init task");
  /* The debugger shows it as l4re's until l4re names it; named, it takes no threadN of the program's. */
  l4_debugger_set_object_name(thread, "l4re");
  parent_set_task(parent, task, thread);
  image_announce(task, 0, "l4re");

  l4_addr_t entry = load_elf(rm, l4re_bin, "rom/l4re");
  if (!entry)
    return;
  region_map_attach_fixed(rm, APP_STACK_ADDR, APP_STACK_SIZE, DS_RW, stack_ds, 0, "[stack]");
  region_map_attach_fixed(rm, APP_UTCB_ADDR, 1UL << APP_UTCB_LOG2, RM_F_KERNEL | DS_RW, 0, 0, "[utcb]");
  region_map_attach_fixed(rm, APP_KIP_ADDR, L4_PAGESIZE, DS_RX, kip_ds, 0, "[kip]");

  char const *argv[MAX_INIT_ARGS];
  static char words[MAX_INIT_ARGS][MAX_WORD];
  unsigned argc = split_args(prog, args, argv, words);

  /* The named capabilities of the init environment (the real moe gives every root name-space entry). */
  struct named_cap { char const *name; struct moe_object *obj; unsigned local; l4_umword_t flags; unsigned rights; };
  struct named_cap const named[] = {
    { "icu", 0, 6, ENTRY_F_RW, L4_CAP_FPAGE_RWS },
    { "jdb", 0, 10, ENTRY_F_RW, L4_CAP_FPAGE_RWS },
    { "kip", &kip_ds->obj, 0, 0, L4_CAP_FPAGE_RS },
    { "log", 0, 5, ENTRY_F_RW, L4_CAP_FPAGE_RWS },
    { "mem", mem_alloc_root(), 0, ENTRY_F_RW, L4_CAP_FPAGE_RWS },
    { "rom", name_space_object(rom), 0, 0, L4_CAP_FPAGE_RS },
    { "lua", 0, MOE_LUA_COPROCESSOR_CAP >> L4_CAP_SHIFT, ENTRY_F_RW, L4_CAP_FPAGE_RWS },
  };
  int with_lua = !strcmp(prog, "rom/ned") && l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, MOE_LUA_COPROCESSOR_CAP)) > 0;
  unsigned const NAMED = sizeof(named) / sizeof(named[0]) - (with_lua ? 0 : 1);
  struct remote_app_named_cap names[sizeof(named) / sizeof(named[0])];
  for (unsigned i = 0; i < NAMED; ++i)
    {
      names[i].name = named[i].name;
      names[i].flags = named[i].flags;
    }
  struct remote_app_stack s = { (char *)stack_ds->base, APP_STACK_SIZE };
  l4_addr_t sp = remote_app_stack_build(&s, argv, argc, names, NAMED, utcb_area);

  /* Capabilities, as Remote_app_model::start_prog maps them. */
  long e = 0;
  e |= map_cap(task, task, APP_TASK, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, L4_BASE_FACTORY_CAP, APP_FACTORY, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, thread, APP_THREAD, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, L4_BASE_SCHEDULER_CAP, APP_SCHEDULER, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, parent->cap, APP_PARENT, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, L4_BASE_LOG_CAP, APP_LOG, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, region_map_object(rm)->cap, APP_EXTERNAL_RM, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, mem_alloc_root()->cap, APP_ALLOCATOR, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, kip_ds->obj.cap, APP_KIP, L4_CAP_FPAGE_RS);
  e |= map_cap(task, L4_BASE_DEBUGGER_CAP, APP_DEBUGGER, L4_CAP_FPAGE_RWS);
  for (unsigned i = 0; i < NAMED; ++i)
    e |= map_cap(task, named[i].obj ? named[i].obj->cap : (l4_cap_idx_t)named[i].local << L4_CAP_SHIFT,
                 APP_FIRST_FREE + i, named[i].rights);
  if (e < 0)
    moe_printf("MOE: mapping the init task's capabilities failed\n");

  struct thread_start t = {
    .thread = thread, .task = task, .utcb = APP_UTCB_ADDR, .pager = APP_EXTERNAL_RM << L4_CAP_SHIFT,
    .scheduler = L4_BASE_SCHEDULER_CAP, .prio = APP_PRIO, .ip = entry, .sp = sp,
  };
  if (thread_start(&t) < 0)
    moe_fatal("cannot start the init thread");
}
