/* Naming a loaded image for the kernel debugger (see image_announce.h). */
#include <string.h>
#include <l4/sys/consts.h>
#include <l4/sys/debugger.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include "image_announce.h"

enum { TASK_ADD_IMAGE_INFO = 0x107, MAX_NAME_WORDS = 50 };

void image_announce(l4_cap_idx_t task, l4_addr_t base, char const *name)
{
  l4_msg_regs_t *v = l4_utcb_mr();
  unsigned len = strlen(name);
  if (len > 4 * MAX_NAME_WORDS)
    len = 4 * MAX_NAME_WORDS;
  v->mr[0] = TASK_ADD_IMAGE_INFO;
  v->mr[1] = base;
  memset(&v->mr[2], 0, (len + 4) & ~3u);
  memcpy(&v->mr[2], name, len);
  unsigned words = 2 + (len + 4) / 4;
  v->mr[words] = l4_map_obj_control(0, 0);
  v->mr[words + 1] = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
  l4_ipc_call(L4_BASE_DEBUGGER_CAP, l4_utcb(), l4_msgtag(L4_PROTO_DEBUGGER, words, 1, 0), L4_IPC_NEVER);
}
