/* L4Re protocol numbers (message-tag labels), spec section 2. */
#ifndef L4RE_PROTOCOLS_H
#define L4RE_PROTOCOLS_H

enum L4Re_protocols
{
  L4RE_PROTO_DATASPACE = 0x4000,
  L4RE_PROTO_NAMESPACE = 0x4001,
  L4RE_PROTO_PARENT    = 0x4002,
  L4RE_PROTO_GOOS      = 0x4003,
  /* 0x4004 is reserved. */
  L4RE_PROTO_RM        = 0x4005,
  L4RE_PROTO_EVENT     = 0x4006,
  L4RE_PROTO_MEM_ALLOC = 0x400B,
};

/* Parent protocol: MR0 = opcode; signal has MR1 = signal, MR2 = value. */
enum L4Re_parent_ops
{
  L4RE_PARENT_OP_SIGNAL = 0,
};

enum L4Re_parent_signals
{
  L4RE_PARENT_SIG_EXIT = 0,
};

#endif
