/* The parent of each program ned starts (L4Re::Parent, 0x4002): an IPC gate bound to ned's thread whose
 * label names the program. After its script, ned serves these: signal 0 (exit) deletes the program's task
 * and thread, as the real ned's App_task does, and gets no reply. */
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/re/c/util/cap_alloc.h>
#include "ned.h"

enum { MAX_APPS = 64, L4RE_PROTO_PARENT_ = 0x4002, PARENT_SIGNAL = 0, SIGNAL_EXIT = 0 };

static struct { l4_cap_idx_t task, thread; int exited; long value; } apps[MAX_APPS];
static unsigned num_apps;

unsigned app_parent_last(void)
{
  return num_apps - 1;
}

l4_cap_idx_t app_parent_new(l4_cap_idx_t task, l4_cap_idx_t thread)
{
  if (num_apps == MAX_APPS)
    return L4_INVALID_CAP;
  l4_cap_idx_t gate = l4re_util_cap_alloc();
  /* Labels are (index + 1) << 2: the low two bits of a received label belong to the kernel. */
  if (l4_error(l4_factory_create_gate(l4re_env()->factory, gate, l4re_env()->main_thread, (num_apps + 1) << 2)) < 0)
    return L4_INVALID_CAP;
  apps[num_apps].task = task;
  apps[num_apps].thread = thread;
  ++num_apps;
  return gate;
}

static void delete_object(l4_cap_idx_t cap)
{
  if (!l4_is_invalid_cap(cap))
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ);
}

/* One parent request: signal 0 (exit) with its value deletes the program's task and thread and keeps the
 * value for app:wait(), also telling the coprocessor; it gets no reply. */
static void serve_one(void)
{
  l4_umword_t label = 0;
  l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
  if (l4_ipc_error(tag, l4_utcb()))
    return;
  l4_umword_t *mr = l4_utcb_mr()->mr;
  unsigned app = (label >> 2) - 1;
  if (app >= num_apps || l4_msgtag_label(tag) != L4RE_PROTO_PARENT_ || l4_msgtag_words(tag) < 3
      || mr[0] != PARENT_SIGNAL || mr[1] != SIGNAL_EXIT || apps[app].exited)
    return;
  apps[app].exited = 1;
  apps[app].value = (long)mr[2];
  delete_object(apps[app].thread);
  delete_object(apps[app].task);
  apps[app].task = apps[app].thread = L4_INVALID_CAP;
  lua_cp_exited(lua_cp, app, apps[app].value);
}

void app_parent_serve(void)
{
  for (;;)
    serve_one();
}

long app_parent_wait(unsigned app)
{
  if (app >= num_apps)
    return -L4_EINVAL;
  while (!apps[app].exited)
    serve_one();
  return apps[app].value;
}
