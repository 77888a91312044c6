/* The sigma0 protocol as clients speak it (L4Re's l4/sigma0/sigma0.h):
 * an IPC with label L4_PROTO_SIGMA0 whose MR0 is a request word and MR1 a
 * flexpage. A request word is ~0xff plus an id in bits 4..7; the ids start
 * at 0x60 so that clients of the old numbering (0x00..0x50) are told apart. */
#ifndef SIGMA0_PROTOCOL_H
#define SIGMA0_PROTOCOL_H

#define SIGMA0_REQ_MAGIC   (~0xffUL)
#define SIGMA0_REQ_MASK    (~0xffUL)
#define SIGMA0_REQ_ID_MASK 0xf0UL

enum sigma0_request_id
{
  SIGMA0_REQ_ID_FPAGE_RAM          = 0x60, /* MR1: the RAM flexpage wanted (address and size) */
  SIGMA0_REQ_ID_FPAGE_IOMEM        = 0x70, /* MR1: device memory, mapped uncached */
  SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED = 0x80, /* MR1: device memory, mapped cached */
  SIGMA0_REQ_ID_FPAGE_ANY          = 0x90, /* MR1: only the size counts: any free RAM of that size */
  SIGMA0_REQ_ID_KIP                = 0xa0, /* the kernel info page, read-only */
  SIGMA0_REQ_ID_DEBUG_DUMP         = 0xc0, /* print the resource maps */
  SIGMA0_REQ_ID_COV                = 0xe0, /* coverage dump: not in this sigma0 */
};

#define SIGMA0_REQ(id) (SIGMA0_REQ_MAGIC + SIGMA0_REQ_ID_##id)
#define SIGMA0_IS_MAGIC_REQ(w) (((w) & SIGMA0_REQ_MASK) == SIGMA0_REQ_MAGIC)

/* Client numbers: the label of the IPC gate a client calls through, >> 4.
 * The kernel makes the root task's gate with label 4 << 4; number 2 is
 * sigma0 itself, whose regions are not kept in the maps. */
enum sigma0_owner
{
  OWNER_FREE   = 0,
  OWNER_SIGMA0 = 2,
  OWNER_ROOT   = 4,
  OWNER_MASK   = 0xfff,
};

/* The page-fault message (label L4_PROTO_PAGE_FAULT): MR0 = fault address
 * with bit 1 set for a write and bit 2 for an instruction fetch, MR1 = the
 * faulting instruction pointer. */
enum sigma0_page_fault_bits
{
  PF_WRITE       = 2,
  PF_INSTRUCTION = 4,
  PF_FLAG_MASK   = 7,
};

/* I/O ports are kept in a map like memory, port N at N << 12. */
enum { IO_PORT_SHIFT = 12, IO_PORT_COUNT = 0x10000 };

#endif
