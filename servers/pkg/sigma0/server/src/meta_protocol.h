/* The L4::Meta protocol on sigma0's gates: which interfaces it speaks. */
#ifndef SIGMA0_META_PROTOCOL_H
#define SIGMA0_META_PROTOCOL_H

#include <l4/sys/types.h>

/* Answers one Meta request (label L4_PROTO_META) from the UTCB's message
 * registers; returns the reply's tag. */
l4_msgtag_t serve_meta(l4_msgtag_t request);

#endif
