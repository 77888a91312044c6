/* Synchronisation by message passing: only the serializer thread touches
 * the counter. Workers ask it to add with l4_ipc_call, which sends the
 * request and waits for the reply in one system call; the serializer
 * handles one request at a time, so no update is lost and no lock is
 * needed. */
#include <l4/sys/ipc.h>
#include <pthread.h>
#include <stdio.h>

enum { WORKERS = 3, ROUNDS = 2000 };
enum { OP_ADD = 1, OP_GET = 2 };

static int counter; /* owned by the serializer thread */
static l4_cap_idx_t serializer_cap;

static void *serializer(void *arg)
{
  l4_utcb_t *u = l4_utcb();
  l4_msg_regs_t *mr = l4_utcb_mr();
  l4_umword_t label;
  l4_msgtag_t tag;
  (void)arg;

  tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
  for (;;)
    {
      if (l4_ipc_error(tag, u))
        {
          tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
          continue;
        }
      if (mr->mr[0] == OP_ADD)
        counter += (int)mr->mr[1];
      mr->mr[0] = (l4_umword_t)counter;
      /* Answer this caller and wait for the next one. */
      tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
    }
  return 0;
}

static l4_umword_t request(l4_umword_t op, l4_umword_t value)
{
  l4_msg_regs_t *mr = l4_utcb_mr();
  mr->mr[0] = op;
  mr->mr[1] = value;
  l4_ipc_call(serializer_cap, l4_utcb(), l4_msgtag(0, 2, 0, 0), L4_IPC_NEVER);
  return mr->mr[0];
}

static void *worker(void *arg)
{
  (void)arg;
  for (int i = 0; i < ROUNDS; ++i)
    request(OP_ADD, 1);
  return 0;
}

int main(void)
{
  pthread_t s, w[WORKERS];

  pthread_create(&s, 0, serializer, 0);
  serializer_cap = pthread_l4_cap(s);
  for (int i = 0; i < WORKERS; ++i)
    pthread_create(&w[i], 0, worker, 0);
  for (int i = 0; i < WORKERS; ++i)
    pthread_join(w[i], 0);

  printf("counter = %lu, expected %d\n", request(OP_GET, 0), WORKERS * ROUNDS);
  return 0;
}
