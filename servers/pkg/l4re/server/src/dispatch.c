/* l4re's server loop on its one thread: the program's page faults and exceptions (the kernel sends them
 * to l4re's thread, the program's pager and exception handler) and its L4Re::Rm requests. */
#include "l4re.h"
#include <string.h>

static l4_cap_idx_t rcv_slot = L4_INVALID_CAP;

void server_init(void)
{
  rcv_slot = cap_slot_alloc();
}

/* One capability per request, as a local id when it is the program's own (l4re_itas Loop_hooks). */
static void setup_wait(l4_utcb_t *u)
{
  l4_buf_regs_t *b = l4_utcb_br_u(u);
  b->bdr = 0;
  b->br[0] = rcv_slot | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
  b->br[1] = 0;
}

/* The real l4re's report; the thread gets no answer and stays stopped. */
static l4_msgtag_t unhandled_exception(l4_utcb_t *u)
{
  l4_exc_regs_t const *x = (l4_exc_regs_t const *)l4_utcb_mr_u(u);
  l4re_printf("%s: Unhandled exception: PC=0x%lx PFA=0x%lx LdrFlgs=0x%lx\n", l4re_start.aux->binary,
              x->ip, x->pfa, l4re_start.aux->ldr_flags);
  return l4_msgtag(-L4_ENOREPLY, 0, 0, 0);
}

static l4_msgtag_t handle(l4_msgtag_t tag, l4_utcb_t *u)
{
  l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
  switch (l4_msgtag_label(tag))
    {
    case PROTO_PAGE_FAULT:
      {
        long e = page_fault_resolve(mr[0], mr[1]);
        return l4_msgtag(e < 0 ? e : 0, 0, 0, 0);
      }
    case PROTO_EXCEPTION:
      return unhandled_exception(u);
    case PROTO_RM:
      return rm_dispatch(tag, u);
    case PROTO_DEBUG:
      region_map_dump(); /* L4Re::Debug_obj::debug(function): the region map has one dump */
      return l4_msgtag(0, 0, 0, 0);
    default:
      l4re_printf("l4re: unhandled request, protocol %ld\n", l4_msgtag_label(tag));
      return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
    }
}

void server_loop(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_umword_t label;
  setup_wait(u);
  l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
  for (;;)
    {
      if (l4_ipc_error(tag, u))
        {
          setup_wait(u);
          tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
          continue;
        }
      l4_msgtag_t reply = handle(tag, u);
      setup_wait(u);
      if (l4_msgtag_label(reply) == -L4_ENOREPLY)
        tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
      else
        tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_SEND_TIMEOUT_0);
    }
}
