/* L4Re constants (l4/re/consts.h). */
#ifndef L4RE_CONSTS_H
#define L4RE_CONSTS_H

#include <l4/sys/consts.h>

enum
{
  /* The own task's capability. */
  L4RE_THIS_TASK_CAP = L4_BASE_TASK_CAP,
};

enum
{
  /* Priority of an L4Re program's main thread. */
  L4RE_MAIN_THREAD_PRIO = 2,
};

#endif
