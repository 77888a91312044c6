/* L4Re protocol numbers (message-tag labels), as l4re/include/protocols.h. */
#ifndef L4RE_PROTOCOLS_H
#define L4RE_PROTOCOLS_H

enum L4re_protocols
{
  L4RE_PROTO_DATASPACE     = 0x4000,
  L4RE_PROTO_NAMESPACE     = 0x4001,
  L4RE_PROTO_PARENT        = 0x4002,
  L4RE_PROTO_GOOS          = 0x4003,
  L4RE_PROTO_RSVD_1        = 0x4004,
  L4RE_PROTO_RM            = 0x4005,
  L4RE_PROTO_EVENT         = 0x4006,
  L4RE_PROTO_INHIBITOR     = 0x4007,
  L4RE_PROTO_DMA_SPACE     = 0x4008,
  L4RE_PROTO_MMIO_SPACE    = 0x4009,
  L4RE_PROTO_ITAS          = 0x400A,
  L4RE_PROTO_MEM_ALLOC     = 0x400B,
  L4RE_PROTO_REMOTE_ACCESS = 0x400C,
  L4RE_PROTO_DEBUG         = ~0x7fffL,
};

/* Parent protocol (L4Re::Parent, one RPC): MR0 = opcode 0; signal has
 * MR1 = signal, MR2 = value. Not in L4Re's header: named here for the SDK. */
enum L4Re_parent_ops
{
  L4RE_PARENT_OP_SIGNAL = 0,
};

enum L4Re_parent_signals
{
  L4RE_PARENT_SIG_EXIT = 0,
};

#endif
