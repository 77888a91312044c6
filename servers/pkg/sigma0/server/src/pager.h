/* sigma0's server loop: page faults, the sigma0 protocol, new clients. */
#ifndef SIGMA0_PAGER_H
#define SIGMA0_PAGER_H

#include <l4/sys/kip.h>

void pager_loop(l4_kernel_info_t const *kip) __attribute__((noreturn));

#endif
