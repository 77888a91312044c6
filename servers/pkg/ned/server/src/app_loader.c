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
#include "remote_app.h"

/* moe maps the kernel debugger at slot 10 in ned's task too. */
enum { NED_DEBUGGER_CAP = 10 << L4_CAP_SHIFT };

struct elf32_ehdr
{
  unsigned char ident[16];
  l4_uint16_t type, machine;
  l4_uint32_t version, entry, phoff, shoff, flags;
  l4_uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf32_phdr { l4_uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };
enum { PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4, EM_386 = 3 };

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
/* The rights a dataspace capability is sent with for a region of `region_rights`, as L4Re::Rm::Flags::cap_rights()
 * gives them (the real ned's App_model::prog_attach_ds): moe's region map checks them against the region. */
static unsigned cap_rights(unsigned region_rights)
{
  return (region_rights & L4RE_RM_F_W) ? L4_CAP_FPAGE_RW : L4_CAP_FPAGE_RO;
}

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
        e = l4re_rm_attach_srv(rm, &where, seg_size, rights, bin | cap_rights(rights), l4_trunc_page(ph[i].offset), 0);
      else
        {
          l4_cap_idx_t seg = l4re_util_cap_alloc();
          e = l4re_ma_alloc_align_srv(l4re_env()->mem_alloc, seg_size, seg, 0, 0);
          if (e >= 0 && ph[i].filesz)
            e = l4re_ds_copy_in(seg, in_page, bin, ph[i].offset, ph[i].filesz);
          if (e >= 0)
            e = l4re_rm_attach_srv(rm, &where, seg_size, rights, seg | cap_rights(rights), 0, 0);
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
  /* The debugger shows it as l4re's until l4re names it; named, it takes no threadN of the program's. */
  l4_debugger_set_object_name(thread, "l4re");
  announce_image(task, "l4re");

  l4_addr_t entry = 0;
  if ((e = load_l4re(rm, bin, &entry)) < 0)
    return e;
  void *where = (void *)APP_STACK_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, APP_STACK_SIZE, L4RE_RM_F_RW, stack | cap_rights(L4RE_RM_F_RW), 0, 0)) < 0)
    return e;
  where = (void *)APP_UTCB_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, L4_PAGESIZE, L4RE_RM_F_KERNEL | L4RE_RM_F_RW, L4_INVALID_CAP, 0, 0)) < 0)
    return e;
  where = (void *)APP_KIP_ADDR;
  if ((e = l4re_rm_attach_srv(rm, &where, L4_PAGESIZE, L4RE_RM_F_RX, kip | cap_rights(L4RE_RM_F_RX), 0, 0)) < 0)
    return e;

  void *local = 0;
  if ((e = l4re_rm_attach(&local, APP_STACK_SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, stack, 0, L4_PAGESHIFT)) < 0)
    return e;
  struct remote_app_named_cap names[16];
  for (unsigned i = 0; i < ncaps; ++i)
    {
      names[i].name = caps[i].name;
      names[i].flags = 0;
    }
  struct remote_app_stack stack_builder = { (char *)local, APP_STACK_SIZE };
  l4_addr_t sp = remote_app_stack_build(&stack_builder, argv, argc, names, ncaps, utcb_area);
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
