/* moe's server loop: one thread receives every request (open wait), finds the object by the IPC gate's
 * label and lets it answer; the answer goes back with reply-and-wait. A handler that returns a tag with the
 * error flag set wants no reply (e.g. an unresolvable page fault: the faulting thread stays stopped).
 * Requests nobody understands are logged by protocol and opcode, so the next missing piece is obvious. */
#include "moe.h"
#include <string.h>

/* l4re/include/protocols.h */
enum
{
  L4RE_PROTO_DATASPACE = 0x4000, L4RE_PROTO_NAMESPACE = 0x4001, L4RE_PROTO_PARENT = 0x4002,
  L4RE_PROTO_GOOS = 0x4003, L4RE_PROTO_RM = 0x4005, L4RE_PROTO_EVENT = 0x4006, L4RE_PROTO_INHIBITOR = 0x4007,
  L4RE_PROTO_DMA_SPACE = 0x4008, L4RE_PROTO_MMIO_SPACE = 0x4009, L4RE_PROTO_ITAS = 0x400a,
  L4RE_PROTO_MEM_ALLOC = 0x400b, L4RE_PROTO_REMOTE_ACCESS = 0x400c, L4RE_PROTO_DEBUG = -0x8000,
};

/* The receive buffer every request may use (RCV_SLOT): one capability, which comes back as the label when
 * it is one of moe's own gates (a dataspace handed to attach or copy_in). */

char const *protocol_name(long label)
{
  switch (label)
    {
    case L4_PROTO_PAGE_FAULT:  return "page fault";
    case L4_PROTO_EXCEPTION:   return "exception";
    case L4_PROTO_IRQ:         return "irq";
    case L4_PROTO_META:        return "L4::Meta";
    case L4_PROTO_FACTORY:     return "L4::Factory";
    case L4_PROTO_LOG:         return "L4::Vcon";
    case L4_PROTO_KOBJECT:     return "L4::Kobject";
    case L4_PROTO_SCHEDULER:   return "L4::Scheduler";
    case L4_PROTO_SEMAPHORE:   return "L4::Semaphore";
    case L4_PROTO_IRQ_SENDER:  return "L4::Irq";
    case L4_PROTO_TASK:        return "L4::Task";
    case L4_PROTO_THREAD:      return "L4::Thread";
    case L4RE_PROTO_DATASPACE: return "L4Re::Dataspace";
    case L4RE_PROTO_NAMESPACE: return "L4Re::Namespace";
    case L4RE_PROTO_PARENT:    return "L4Re::Parent";
    case L4RE_PROTO_GOOS:      return "L4Re::Goos";
    case L4RE_PROTO_MEM_ALLOC: return "L4Re::Mem_alloc";
    case L4RE_PROTO_RM:        return "L4Re::Rm";
    case L4RE_PROTO_EVENT:     return "L4Re::Event";
    case L4RE_PROTO_INHIBITOR: return "L4Re::Inhibitor";
    case L4RE_PROTO_DMA_SPACE: return "L4Re::Dma_space";
    case L4RE_PROTO_MMIO_SPACE: return "L4Re::Mmio_space";
    case L4RE_PROTO_ITAS:      return "L4Re::Itas";
    case L4RE_PROTO_REMOTE_ACCESS: return "L4Re::Remote_access";
    case L4RE_PROTO_DEBUG:     return "L4Re::Debug";
    default:                   return "unknown protocol";
    }
}

void log_unhandled(char const *proto, l4_umword_t opcode, char const *op_name, char const *obj)
{
  if (op_name)
    moe_printf("MOE: unhandled %s opcode %ld (%s) on %s\n", proto, (long)opcode, op_name, obj ? obj : "?");
  else
    moe_printf("MOE: unhandled %s opcode %ld on %s\n", proto, (long)opcode, obj ? obj : "?");
}

static l4_msgtag_t no_reply(void) { return l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR); }

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag, l4_utcb_t *u)
{
  if (label == DELETE_IRQ_LABEL)
    {
      object_collect_garbage();
      return no_reply();
    }
  struct moe_object *o = object_from_label(label);
  long proto = l4_msgtag_label(tag);
  l4_umword_t op = l4_utcb_mr_u(u)->mr[0];
  if (!o)
    {
      moe_printf("MOE: message with label %lx (%s) from no object of moe's: ignored\n", label,
                 protocol_name(proto));
      return no_reply();
    }
  if (proto == L4_PROTO_META)
    return meta_dispatch(o, u);
  switch (o->kind)
    {
    case OBJ_SCHED_PROXY:
      if (proto == L4_PROTO_SCHEDULER)
        return sched_proxy_dispatch(o, tag, u);
      break;
    case OBJ_LOG:
      if (proto == L4_PROTO_LOG)
        return log_dispatch(o, tag, u);
      break;
    case OBJ_REGION_MAP:
      if (proto == L4_PROTO_PAGE_FAULT)
        return page_fault_resolve((struct region_map *)o, u);
      if (proto == L4RE_PROTO_RM)
        return region_map_dispatch((struct region_map *)o, tag, u);
      if (proto == L4_PROTO_EXCEPTION)
        {
          l4_exc_regs_t *x = l4_utcb_exc_u(u);
          moe_printf("MOE: exception %lu (error %lx) at %08lx in a task of %s: stopped\n", x->trapno, x->err,
                     x->ip, o->name);
          return no_reply();
        }
      break;
    case OBJ_DATASPACE:
      if (proto == L4RE_PROTO_DATASPACE)
        return dataspace_dispatch((struct dataspace *)o, cap_rights_of_label(label), tag, u);
      break;
    case OBJ_NAME_SPACE:
      if (proto == L4RE_PROTO_NAMESPACE)
        return name_space_dispatch((struct name_space *)o, tag, u);
      break;
    case OBJ_MEM_ALLOC:
      if (proto == L4_PROTO_FACTORY)
        return mem_alloc_dispatch(o, tag, u);
      break;
    case OBJ_PARENT:
      if (proto == L4RE_PROTO_PARENT)
        return parent_dispatch(o, tag, u);
      break;
    }
  log_unhandled(protocol_name(proto), op, 0, o->name);
  return l4_msgtag(-E_NOSYS, 0, 0, 0);
}

/* The previous reply, which may have handed out new gates, has been delivered: moe drops its counted
 * capabilities of them. The unmaps are system calls that use the message registers, which hold the request
 * just received, so they are kept aside. */
static void drop_pending_keeping_message(l4_utcb_t *u)
{
  static l4_umword_t saved[L4_UTCB_GENERIC_DATA_SIZE];
  if (!object_has_pending())
    return;
  memcpy(saved, l4_utcb_mr_u(u)->mr, sizeof(saved));
  object_drop_pending();
  memcpy(l4_utcb_mr_u(u)->mr, saved, sizeof(saved));
}

void server_loop(void)
{
  l4_utcb_t *u = l4_utcb();
  l4_umword_t label;
  l4_msgtag_t tag, reply;
  int have_reply = 0;
  for (;;)
    {
      l4_buf_regs_t *br = l4_utcb_br_u(u);
      br->bdr = 0;
      br->br[0] = RCV_SLOT | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
      if (have_reply)
        tag = l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_SEND_TIMEOUT_0);
      else
        tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
      have_reply = 0;
      drop_pending_keeping_message(u);
      if (l4_msgtag_has_error(tag))
        continue; /* the caller went away, or our reply found nobody: wait for the next request */
      reply = dispatch(label, tag, u);
      have_reply = !l4_msgtag_has_error(reply);
    }
}
