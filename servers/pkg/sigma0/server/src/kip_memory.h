/* The resource maps sigma0 starts with, read from the KIP's memory
 * descriptors, and the capacity of each map. */
#ifndef SIGMA0_KIP_MEMORY_H
#define SIGMA0_KIP_MEMORY_H

#include <l4/sys/kip.h>
#include "region_map.h"

extern struct region_map ram_map;
extern struct region_map iomem_map;
extern struct region_map io_port_map;

/* The bytes the three maps' tables take (sigma0's maintenance structures). */
unsigned long resource_map_bytes(void);

/* Fills the maps from the KIP; returns 0 (after saying why) when the
 * descriptors contradict each other. */
int init_memory(l4_kernel_info_t const *kip);
void init_io_ports(void);

/* "SIGMA0: Dump of all resource maps" and the three maps. */
void dump_all(void);

#endif
