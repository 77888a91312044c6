/* Asks sigma0 (through capability 4, the pager gate the kernel gives the
 * root task) for memory in every way a client can, and prints one line per
 * answer: "probe: <what> label=<tag label> items=<n> mr0=<hex> mr1=<hex>"
 * plus what it read through the mapping. The test judges the lines. */
#include <l4/sys/consts.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>

#define REQ(id) (~0xffUL + (id))
enum { REQ_RAM = 0x60, REQ_IOMEM = 0x70, REQ_ANY = 0x90, REQ_KIP = 0xa0, REQ_DUMP = 0xc0 };

/* Receive windows in the probe's own address space (nothing else lives there). */
#define WINDOW(n) (0x20000000UL + (n) * 0x1000UL)
#define SECOND_CLIENT_CAP (0x20UL << L4_CAP_SHIFT)

static char line[200];
static unsigned len;

static void put(char const *s) { while (*s && len < sizeof(line)) line[len++] = *s++; }
static void put_hex(unsigned long v)
{
  char d[9];
  int n = 0;
  do { d[n++] = "0123456789abcdef"[v & 15]; v >>= 4; } while (v);
  while (n) line[len++] = d[--n];
}
static void put_dec(long v)
{
  char d[12];
  int n = 0;
  unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
  if (v < 0) line[len++] = '-';
  do { d[n++] = (char)('0' + u % 10); u /= 10; } while (u);
  while (n) line[len++] = d[--n];
}
static void end_line(void)
{
  line[len++] = '\n';
  l4_vcon_write(L4_BASE_LOG_CAP, line, len);
  len = 0;
}

/* One request to sigma0 with a receive window for a map item; prints the answer. */
static l4_msgtag_t ask(char const *what, l4_cap_idx_t gate, long label, unsigned words,
                       l4_umword_t mr0, l4_umword_t mr1, l4_umword_t window, unsigned order)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t tag;
  l4_umword_t r0, r1;
  l4_utcb_mr_u(u)->mr[0] = mr0;
  l4_utcb_mr_u(u)->mr[1] = mr1;
  l4_utcb_br_u(u)->bdr = 0;
  l4_utcb_br_u(u)->br[0] = L4_ITEM_MAP;
  l4_utcb_br_u(u)->br[1] = l4_fpage(window, order, L4_FPAGE_RWX).raw;
  tag = l4_ipc_call(gate, u, l4_msgtag(label, words, 0, 0), L4_IPC_NEVER);
  r0 = l4_utcb_mr_u(u)->mr[0];
  r1 = l4_utcb_mr_u(u)->mr[1];
  put("probe: "); put(what);
  put(" label="); put_dec(l4_msgtag_label(tag));
  put(" items="); put_dec(l4_msgtag_items(tag));
  put(" error="); put_dec(l4_msgtag_has_error(tag) ? (long)l4_utcb_tcr_u(u)->error : 0);
  if (l4_msgtag_items(tag))
    {
      put(" mr0="); put_hex(r0);
      put(" mr1="); put_hex(r1);
    }
  end_line();
  return tag;
}

/* A Meta request (opcode in MR0); prints the reply's label, words and MR0..MR2. */
static void meta(char const *what, unsigned words, l4_umword_t opcode, l4_umword_t arg)
{
  l4_utcb_t *u = l4_utcb();
  l4_msgtag_t tag;
  unsigned i;
  l4_utcb_mr_u(u)->mr[0] = opcode;
  l4_utcb_mr_u(u)->mr[1] = arg;
  tag = l4_ipc_call(L4_BASE_PAGER_CAP, u, l4_msgtag(L4_PROTO_META, words, 0, 0), L4_IPC_NEVER);
  put("probe: "); put(what);
  put(" label="); put_dec(l4_msgtag_label(tag));
  put(" words="); put_dec(l4_msgtag_words(tag));
  for (i = 0; i < l4_msgtag_words(tag) && i < 3; ++i)
    {
      put(" "); put_hex(l4_utcb_mr_u(u)->mr[i]);
    }
  end_line();
}

static void report_word(char const *what, unsigned long value)
{
  put("probe: "); put(what); put(" = "); put_hex(value);
  end_line();
}

void probe(void);
void probe(void)
{
  l4_utcb_t *u = l4_utcb();
  volatile unsigned long *p;
  l4_cap_idx_t pager = L4_BASE_PAGER_CAP;

  /* The KIP, mapped read-only into window 0. */
  ask("kip", pager, L4_PROTO_SIGMA0, 1, REQ(REQ_KIP), 0, WINDOW(0), 12);
  report_word("kip magic", *(volatile unsigned long *)WINDOW(0));

  /* One page of RAM at 0x300000 (free RAM); write through the mapping. */
  ask("ram 300000", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x300000, 12, L4_FPAGE_RWX).raw, WINDOW(1), 12);
  p = (volatile unsigned long *)WINDOW(1);
  p[0] = 0x5161a000;
  report_word("ram 300000 read back", p[0]);
  /* The owner may ask again. */
  ask("ram 300000 again", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x300000, 12, L4_FPAGE_RWX).raw, WINDOW(1), 12);

  /* Any 4 KiB of RAM: the first free page. */
  ask("any 4k", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_ANY), l4_fpage(0, 12, L4_FPAGE_RWX).raw, WINDOW(2), 12);

  /* Bad requests. */
  ask("ram misaligned", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x301000, 13, L4_FPAGE_RWX).raw, WINDOW(3), 13);
  ask("ram below a page", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x301000, 11, L4_FPAGE_RWX).raw, WINDOW(3), 12);
  ask("not a sigma0 request", pager, L4_PROTO_SIGMA0, 2, REQ_RAM, l4_fpage(0x301000, 12, L4_FPAGE_RWX).raw, WINDOW(3), 12);
  ask("unknown protocol", pager, L4_PROTO_SEMAPHORE, 1, 0, 0, WINDOW(3), 12);
  ask("ram in the kernel", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x400000, 12, L4_FPAGE_RWX).raw, WINDOW(3), 12);

  /* Device memory: the BIOS page at 0 (anyone may map it; RAM is no device memory). */
  ask("iomem 0", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_IOMEM), l4_fpage(0, 12, L4_FPAGE_RWX).raw, WINDOW(4), 12);
  ask("iomem 300000", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_IOMEM), l4_fpage(0x300000, 12, L4_FPAGE_RWX).raw, WINDOW(4), 12);

  /* A second client: a new gate to sigma0 (factory protocol), received into cap 0x20. */
  l4_utcb_br_u(u)->bdr = 0;
  l4_utcb_br_u(u)->br[0] = SECOND_CLIENT_CAP | L4_RCV_ITEM_SINGLE_CAP;
  l4_utcb_mr_u(u)->mr[0] = (l4_umword_t)L4_PROTO_SIGMA0;
  {
    l4_msgtag_t t = l4_ipc_call(pager, u, l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0), L4_IPC_NEVER);
    put("probe: new client label="); put_dec(l4_msgtag_label(t));
    put(" items="); put_dec(l4_msgtag_items(t));
    end_line();
  }
  ask("client2 ram 300000", SECOND_CLIENT_CAP, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x300000, 12, L4_FPAGE_RWX).raw, WINDOW(5), 12);
  ask("client2 ram 301000", SECOND_CLIENT_CAP, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x301000, 12, L4_FPAGE_RWX).raw, WINDOW(5), 12);
  ask("ram 301000", pager, L4_PROTO_SIGMA0, 2, REQ(REQ_RAM), l4_fpage(0x301000, 12, L4_FPAGE_RWX).raw, WINDOW(6), 12);
  ask("client2 iomem 0", SECOND_CLIENT_CAP, L4_PROTO_SIGMA0, 2, REQ(REQ_IOMEM), l4_fpage(0, 12, L4_FPAGE_RWX).raw, WINDOW(7), 12);

  /* A page fault: touching free RAM the probe never asked for; sigma0 maps it 1:1. */
  p = (volatile unsigned long *)0x350000;
  p[1] = 0xfa017ed;
  report_word("page fault 350004 read back", p[1]);

  /* The Meta protocol: which interfaces sigma0's gate speaks. */
  meta("meta num_interfaces", 1, 0, 0);
  meta("meta interface 0", 2, 1, 0);
  meta("meta interface 1", 2, 1, 1);
  meta("meta interface 2", 2, 1, 2);
  meta("meta supports sigma0", 2, 2, (l4_umword_t)L4_PROTO_SIGMA0);
  meta("meta supports factory", 2, 2, (l4_umword_t)L4_PROTO_FACTORY);
  meta("meta supports log", 2, 2, (l4_umword_t)L4_PROTO_LOG);
  meta("meta supports 0", 2, 2, 0);
  meta("meta opcode 7", 1, 7, 0);

  /* The maps as sigma0 sees them now. */
  ask("dump", pager, L4_PROTO_SIGMA0, 1, REQ(REQ_DUMP), 0, WINDOW(8), 12);

  put("probe: done");
  end_line();
  /* Stay alive (with a timeout, so the machine is never all-blocked). */
  for (;;)
    l4_ipc_sleep_ms(1000);
}
