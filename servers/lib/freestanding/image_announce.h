/* Naming a loaded image for the kernel debugger, as L4Re's loaders do (l4_debugger_add_image_info): the
 * debugger then knows which program a task runs and where it is loaded. */
#ifndef SERVERS_IMAGE_ANNOUNCE_H
#define SERVERS_IMAGE_ANNOUNCE_H

#include <l4/sys/types.h>

/* Debugger op 0x107 on L4_BASE_DEBUGGER_CAP with `task` sent along: image `name` (at most 200 characters)
 * loaded at offset `base` in that task. */
void image_announce(l4_cap_idx_t task, l4_addr_t base, char const *name);

#endif
