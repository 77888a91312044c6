/* ELF32 (System V ABI), only what loading a static i386 executable needs: moe loads l4re, l4re the
 * program. */
#ifndef SERVERS_ELF32_H
#define SERVERS_ELF32_H

#include <l4/sys/l4int.h>

struct elf32_ehdr
{
  unsigned char ident[16];
  l4_uint16_t type, machine;
  l4_uint32_t version, entry, phoff, shoff, flags;
  l4_uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf32_phdr { l4_uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };
enum { ET_EXEC = 2, EM_386 = 3, PT_LOAD = 1, PT_PHDR = 6, PF_X = 1, PF_W = 2, PF_R = 4 };

#endif
