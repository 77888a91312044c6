/* Loading the program from its file dataspace (rom/<name>): the ELF headers are read through a temporary
 * read-only attachment of the file, then every loadable segment becomes a region of the program's address
 * space: read-only ones straight from the file, writable ones as a fresh dataspace from the memory
 * allocator with the file's bytes copied in by moe (Dataspace copy_in); the rest of it stays zero (.bss). */
#include <l4/sys/task.h>
#include "l4re.h"
#include <string.h>
#include "elf32.h"

enum { MAX_PHDRS = 32 };

static unsigned segment_rights(struct elf32_phdr const *ph)
{
  return (ph->flags & PF_R ? DS_R : 0) | (ph->flags & PF_W ? DS_W : 0) | (ph->flags & PF_X ? DS_X : 0);
}

/* Reads the headers through a temporary attachment of the file's first pages. */
static long read_headers(l4_cap_idx_t file, unsigned long file_size, struct elf32_ehdr *eh,
                         struct elf32_phdr *ph)
{
  unsigned long span = file_size < 4 * L4_PAGESIZE ? file_size : 4 * L4_PAGESIZE;
  l4_addr_t at = 0x10000000;
  long e = region_attach(&at, span, RM_SEARCH_ADDR | DS_R, L4_PAGESHIFT, file, file, 0);
  if (e < 0)
    return e;
  e = page_in_range(at, span, 0);
  if (e >= 0)
    {
      memcpy(eh, (void const *)at, sizeof(*eh));
      if (memcmp(eh->ident, "\177ELF", 4) || eh->ident[4] != 1 || eh->machine != EM_386
          || eh->type != ET_EXEC || eh->phentsize != sizeof(*ph) || eh->phnum > MAX_PHDRS
          || eh->phoff + (unsigned long)eh->phnum * sizeof(*ph) > span)
        e = -L4_EINVAL;
      else
        memcpy(ph, (void const *)(at + eh->phoff), eh->phnum * sizeof(*ph));
    }
  struct region gone;
  region_detach(at, &gone);
  /* The pages stay mapped until unmapped: take them away, the range is free for the program. */
  for (l4_addr_t p = at; p < at + span; p += L4_PAGESIZE)
    l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(p, L4_PAGESHIFT, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
  return e;
}

long elf_load(l4_cap_idx_t file, char const *name, struct loaded_program *prog)
{
  unsigned long file_size;
  struct elf32_ehdr eh;
  struct elf32_phdr ph[MAX_PHDRS];
  if (ds_size(file, &file_size) < 0 || read_headers(file, file_size, &eh, ph) < 0)
    {
      l4re_printf("l4re: %s is no 32-bit x86 executable\n", name);
      return -L4_EINVAL;
    }
  memset(prog, 0, sizeof(*prog));
  prog->entry = eh.entry;
  prog->phnum = eh.phnum;
  prog->phent = eh.phentsize;
  for (unsigned i = 0; i < eh.phnum; ++i)
    {
      struct elf32_phdr const *p = &ph[i];
      if (p->type == PT_PHDR)
        prog->phdr = p->vaddr;
      if (p->type != PT_LOAD || p->memsz == 0)
        continue;
      if (!prog->phdr && p->offset <= eh.phoff && eh.phoff < p->offset + p->filesz)
        prog->phdr = p->vaddr + (eh.phoff - p->offset);
      l4_addr_t start = TRUNC_PAGE(p->vaddr);
      unsigned long in_page = p->vaddr - start;
      unsigned long size = ROUND_PAGE(in_page + p->memsz);
      unsigned rights = segment_rights(p);
      long e;
      if (p->offset + (unsigned long)p->filesz > file_size || (p->offset & ~L4_PAGEMASK) != in_page)
        e = -L4_EINVAL;
      else if (!(p->flags & PF_W) && p->filesz == p->memsz)
        e = region_attach(&start, size, rights, 0, file, file, TRUNC_PAGE(p->offset));
      else
        {
          l4_cap_idx_t mem;
          e = mem_alloc_ds(l4re_start.env->mem_alloc, size, &mem);
          if (e >= 0 && p->filesz)
            e = ds_copy_in(mem, in_page, file, p->offset, p->filesz);
          if (e >= 0)
            e = region_attach(&start, size, rights, 0, mem, mem, 0);
        }
      if (e < 0)
        {
          l4re_printf("l4re: %s: cannot load segment %u at 0x%lx: %ld\n", name, i, start, e);
          return e;
        }
      /* as the real l4re names a program's segments: the binary, and the segment's place in it */
      region_info_set(start, name, strlen(name), TRUNC_PAGE(p->offset));
    }
  return 0;
}
