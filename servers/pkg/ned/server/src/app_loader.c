/* Starting a program as the real ned does (libloader's Remote_app_model, like moe's loader.c, but as a
 * client of moe): a new task and thread from ned's factory, a region map and memory from moe's allocator,
 * the in-task service rom/l4re attached into that region map (read-only segments straight from the rom
 * dataspace, writable ones copied by moe with copy_in), an initial stack ned writes through its own
 * mapping, the capabilities mapped into the task, and l4re's thread started. l4re then loads the program. */
#include <string.h>
#include <l4/re/env.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/debugger.h>
#include "ned.h"

/* Capability slots in the new task (Remote_app_std_caps), the same as moe gives its init. */
enum
{
  APP_TASK = 1, APP_FACTORY = 2, APP_THREAD = 3, APP_LOG = 5, APP_SCHEDULER = 7, APP_DEBUGGER = 10,
  APP_EXTERNAL_RM = 0x10, APP_ALLOCATOR, APP_NAMES, APP_PARENT, APP_KIP, APP_DBG_EVENTS, APP_FIRST_FREE,
};
enum
{
  APP_KIP_ADDR = 0xaffff000, APP_STACK_ADDR = 0xb1000000, APP_STACK_SIZE = 0x100000,
  APP_UTCB_ADDR = 0xb3000000, APP_UTCB_LOG2 = L4_PAGESHIFT, APP_PRIO = 2, L4RE_DBG_WARN = 1,
  NED_DEBUGGER_CAP = 10 << L4_CAP_SHIFT, /* moe maps the kernel debugger there in ned's task too */
};
enum { AT_NULL = 0, AT_PAGESZ = 6, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
       AT_L4_AUX = 0xf0, AT_L4_ENV = 0xf1, AT_L4_KIP = 0xf2 };

struct elf32_ehdr
{
  unsigned char ident[16];
  l4_uint16_t type, machine;
  l4_uint32_t version, entry, phoff, shoff, flags;
  l4_uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf32_phdr { l4_uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };
enum { PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4, EM_386 = 3 };

/* The stack under construction: ned writes at `local`, the task sees it at APP_STACK_ADDR. */
struct stack_builder { char *local; unsigned long top; };

static l4_addr_t push_bytes(struct stack_builder *s, void const *data, unsigned long n)
{
  s->top = (s->top - n) & ~3UL;
  memcpy(s->local + s->top, data, n);
  return APP_STACK_ADDR + s->top;
}

static l4_addr_t push_word(struct stack_builder *s, l4_umword_t w) { return push_bytes(s, &w, sizeof(w)); }

static long map_cap(l4_cap_idx_t task, l4_cap_idx_t local, unsigned slot, unsigned rights)
{
  return l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_obj_fpage(local, 0, rights),
                              l4_map_obj_control((l4_umword_t)slot << L4_CAP_SHIFT, L4_MAP_ITEM_MAP)));
}

static void announce_image(l4_cap_idx_t task, char const *name)
{
  l4_msg_regs_t *v = l4_utcb_mr();
  unsigned len = strlen(name);
  v->mr[0] = 0x107;
  v->mr[1] = 0;
  memset(&v->mr[2], 0, (len + 4) & ~3u);
  memcpy(&v->mr[2], name, len);
  unsigned words = 2 + (len + 4) / 4;
  v->mr[words] = l4_map_obj_control(0, 0);
  v->mr[words + 1] = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
  l4_ipc_call(NED_DEBUGGER_CAP, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, words, 1, 0), L4_IPC_NEVER);
}

/* Attaches l4re's loadable segments to the new region map; *entry = its entry point. */
static long load_l4re(l4_cap_idx_t rm, l4_cap_idx_t bin, l4_addr_t *entry)
{
  long size = l4re_ds_size(bin);
  void *at = 0;
  long e = size > 0 ? l4re_rm_attach(&at, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, bin, 0, L4_PAGESHIFT) : -L4_EINVAL;
  if (e < 0)
    return e;
  struct elf32_ehdr const *eh = (struct elf32_ehdr const *)at;
  long result = -L4_EINVAL;
  if ((unsigned long)size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 1 || eh->machine != EM_386
      || eh->phoff + (unsigned long)eh->phnum * sizeof(struct elf32_phdr) > (unsigned long)size)
    goto out;
  struct elf32_phdr const *ph = (struct elf32_phdr const *)((char const *)at + eh->phoff);
  for (unsigned i = 0; i < eh->phnum; ++i)
    {
      if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
        continue;
      l4_addr_t start = l4_trunc_page(ph[i].vaddr);
      unsigned long in_page = ph[i].vaddr - start;
      unsigned long seg_size = l4_round_page(in_page + ph[i].memsz);
      unsigned rights = (ph[i].flags & PF_R ? L4RE_RM_F_R : 0) | (ph[i].flags & PF_W ? L4RE_RM_F_W : 0)
                        | (ph[i].flags & PF_X ? L4RE_RM_F_X : 0);
      void *where = (void *)start;
      if (!(ph[i].flags & PF_W) && ph[i].filesz == ph[i].memsz && (ph[i].offset & ~L4_PAGEMASK) == in_page)
        e = l4re_rm_attach_srv(rm, &where, seg_size, rights, bin, l4_trunc_page(ph[i].offset), 0);
      else
        {
          l4_cap_idx_t seg = l4re_util_cap_alloc();
          e = l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, seg_size, seg, 0, 0);
          if (e >= 0 && ph[i].filesz)
            e = l4re_ds_copy_in(seg, in_page, bin, ph[i].offset, ph[i].filesz);
          if (e >= 0)
            e = l4re_rm_attach_srv(rm, &where, seg_size, rights, seg, 0, 0);
        }
      if (e < 0)
        {
          result = e;
          goto out;
        }
    }
  *entry = eh->entry;
  result = 0;
out:
  l4re_rm_detach(at);
  return result;
}

static void put_cap_entry(l4re_env_cap_entry_t *e, char const *name, unsigned slot)
{
  memset(e, 0, sizeof(*e));
  e->cap = (l4_cap_idx_t)slot << L4_CAP_SHIFT;
  strncpy(e->name, name, sizeof(e->name) - 1);
}

/* The initial stack l4re expects (the same layout as moe's for init): argv, l4re_aux_t, the named
 * capabilities, l4re_env_t, the aux vector. Returns the stack pointer. */
static l4_addr_t build_stack(char *local, char const *const *argv, unsigned argc, struct start_cap const *caps,
                             unsigned ncaps, l4_fpage_t utcb_area)
{
  struct stack_builder s = { local, APP_STACK_SIZE };
  l4_addr_t args[16];
  for (unsigned i = 0; i < argc && i < 16; ++i)
    args[i] = push_bytes(&s, argv[i], strlen(argv[i]) + 1);
  l4_umword_t aux[5] = { args[0], (l4_umword_t)APP_KIP << L4_CAP_SHIFT, L4RE_DBG_WARN, 0, 0 };
  l4_addr_t aux_at = push_bytes(&s, aux, sizeof(aux));

  l4re_env_cap_entry_t entries[17];
  for (unsigned i = 0; i < ncaps; ++i)
    put_cap_entry(&entries[i], caps[i].name, APP_FIRST_FREE + i);
  memset(&entries[ncaps], 0, sizeof(entries[ncaps]));
  entries[ncaps].cap = L4_INVALID_CAP;
  entries[ncaps].flags = ~0UL;
  l4_addr_t caps_at = push_bytes(&s, entries, (ncaps + 1) * sizeof(entries[0]));

  l4re_env_t env;
  memset(&env, 0, sizeof(env));
  env.parent = APP_PARENT << L4_CAP_SHIFT;
  env.rm = APP_EXTERNAL_RM << L4_CAP_SHIFT;
  env.mem_alloc = APP_ALLOCATOR << L4_CAP_SHIFT;
  env.log = APP_LOG << L4_CAP_SHIFT;
  env.main_thread = APP_THREAD << L4_CAP_SHIFT;
  env.factory = APP_FACTORY << L4_CAP_SHIFT;
  env.scheduler = APP_SCHEDULER << L4_CAP_SHIFT;
  env.itas = L4_INVALID_CAP;
  env.dbg_events = L4_INVALID_CAP;
  env.first_free_cap = APP_FIRST_FREE + ncaps;
  env.utcb_area = utcb_area;
  env.first_free_utcb = APP_UTCB_ADDR + L4_UTCB_OFFSET;
  env.caps = (l4re_env_cap_entry_t *)caps_at;
  l4_addr_t env_at = push_bytes(&s, &env, sizeof(env));

  s.top &= ~15UL;
  l4_umword_t vec[] = {
    AT_EGID, 0, AT_GID, 0, AT_EUID, 0, AT_UID, 0, AT_PAGESZ, L4_PAGESIZE,
    AT_L4_AUX, aux_at, AT_L4_KIP, APP_KIP_ADDR, AT_L4_ENV, env_at, AT_NULL, 0,
  };
  push_bytes(&s, vec, sizeof(vec));
  push_word(&s, 0); /* envp: empty */
  push_word(&s, 0); /* argv terminator */
  for (unsigned i = argc; i > 0; --i)
    push_word(&s, args[i - 1]);
  return push_word(&s, argc);
}

long app_start(char const *const *argv, unsigned argc, struct start_cap const *caps, unsigned ncaps, l4_cap_idx_t log)
{
  l4re_env_t *env = l4re_env();
  l4_cap_idx_t rom = l4re_env_get_cap("rom"), kip = l4re_env_get_cap("kip");
  l4_cap_idx_t bin = l4re_util_cap_alloc(), prog = l4re_util_cap_alloc();
  if (argc > 16 || ncaps > 16 || strncmp(argv[0], "rom/", 4))
    return -L4_EINVAL;
  /* The program must be in rom/ (l4re opens it there); l4re itself too. */
  if (l4re_ns_query_srv(rom, argv[0] + 4, prog) < 0)
    return -L4_ENOENT;
  long e = l4re_ns_query_srv(rom, "l4re", bin);
  if (e < 0)
    return e;

  l4_cap_idx_t task = l4re_util_cap_alloc(), thread = l4re_util_cap_alloc(), rm = l4re_util_cap_alloc();
  l4_cap_idx_t stack = l4re_util_cap_alloc();
  l4_fpage_t utcb_area = l4_fpage(APP_UTCB_ADDR, APP_UTCB_LOG2, 0);
  if ((e = l4_error(l4_factory_create_task(env->factory, task, utcb_area))) < 0
      || (e = l4_error(l4_factory_create_thread(env->factory, thread))) < 0
      || (e = l4_error(l4_factory_create(env->mem_alloc, L4RE_PROTO_RM, rm))) < 0
      || (e = l4re_ma_alloc_align_srv(env->mem_alloc, APP_STACK_SIZE, stack, 0, 0)) < 0)
    return e;
  announce_image(task, "l4re");

  l4_addr_t entry = 0;
  if ((e = load_l4re(rm, bin, &entry)) < 0)
    return e;
  void *where = (void *)APP_STACK_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, APP_STACK_SIZE, L4RE_RM_F_RW, stack, 0, 0)) < 0)
    return e;
  where = (void *)APP_UTCB_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, L4_PAGESIZE, L4RE_RM_F_KERNEL | L4RE_RM_F_RW, L4_INVALID_CAP, 0, 0)) < 0)
    return e;
  where = (void *)APP_KIP_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, L4_PAGESIZE, L4RE_RM_F_RX, kip, 0, 0)) < 0)
    return e;

  void *local = 0;
  if ((e = l4re_rm_attach(&local, APP_STACK_SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, stack, 0, L4_PAGESHIFT)) < 0)
    return e;
  l4_addr_t sp = build_stack((char *)local, argv, argc, caps, ncaps, utcb_area);
  l4re_rm_detach(local);

  l4_cap_idx_t parent = app_parent_new(task, thread);
  e = 0;
  e |= map_cap(task, task, APP_TASK, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, env->factory, APP_FACTORY, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, thread, APP_THREAD, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, env->scheduler, APP_SCHEDULER, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, parent, APP_PARENT, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, log, APP_LOG, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, rm, APP_EXTERNAL_RM, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, env->mem_alloc, APP_ALLOCATOR, L4_CAP_FPAGE_RWS);
  e |= map_cap(task, kip, APP_KIP, L4_CAP_FPAGE_RS);
  e |= map_cap(task, NED_DEBUGGER_CAP, APP_DEBUGGER, L4_CAP_FPAGE_RWS);
  for (unsigned i = 0; i < ncaps; ++i)
    e |= map_cap(task, caps[i].cap, APP_FIRST_FREE + i, caps[i].rights);
  if (e < 0)
    return e;

  l4_thread_control_start();
  l4_thread_control_pager(APP_EXTERNAL_RM << L4_CAP_SHIFT);
  l4_thread_control_exc_handler(APP_EXTERNAL_RM << L4_CAP_SHIFT);
  l4_thread_control_bind((l4_utcb_t *)APP_UTCB_ADDR, task);
  if ((e = l4_error(l4_thread_control_commit(thread))) < 0)
    return e;
  l4_sched_param_t sp_param = l4_sched_param(APP_PRIO, 0);
  if ((e = l4_error(l4_scheduler_run_thread(env->scheduler, thread, &sp_param))) < 0)
    return e;
  return l4_error(l4_thread_ex_regs(thread, entry, sp, 0));
}
