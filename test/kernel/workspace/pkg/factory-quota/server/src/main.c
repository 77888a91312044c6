/* Factory quotas (spec 9.3): a factory created with a small limit runs out
 * and then answers -L4_ENOMEM; the parent factory keeps working. */
#include <ktest.h>
#include <kthread.h>
#include <l4/sys/ipc_gate.h>

enum { LIMIT = 1024, MAX_TRIES = 200 };

int main(void)
{
  l4re_env_t *e = l4re_env();
  l4_cap_idx_t small = l4re_util_cap_alloc();
  l4_cap_idx_t tiny = l4re_util_cap_alloc();
  l4_cap_idx_t obj;
  l4_msgtag_t tag;
  long err = 0;
  int created = 0;

  tag = l4_factory_create_factory(e->factory, small, LIMIT);
  ktest_ok_tag("create a factory with a 1 KiB limit", tag);

  while (created < MAX_TRIES)
    {
      obj = l4re_util_cap_alloc();
      err = l4_error(l4_factory_create_gate(small, obj, L4_INVALID_CAP, 0));
      if (err < 0)
        break;
      ++created;
    }
  ktest_true("the small factory created some gates", created > 0, "none");
  ktest_true("... but not unlimited ones", created < MAX_TRIES, "no limit hit");
  ktest_eq("exhausted: -L4_ENOMEM", err, -L4_ENOMEM);
  ktest_eq("a thread does not fit either",
           l4_error(l4_factory_create_thread(small, l4re_util_cap_alloc())), -L4_ENOMEM);

  tag = l4_factory_create_factory(e->factory, tiny, 0);
  ktest_ok_tag("create a factory with limit 0", tag);
  ktest_eq("it cannot create anything",
           l4_error(l4_factory_create_irq(tiny, l4re_util_cap_alloc())), -L4_ENOMEM);

  obj = l4re_util_cap_alloc();
  ktest_ok_tag("the root factory still creates gates",
               l4_factory_create_gate(e->factory, obj, L4_INVALID_CAP, 0));
  ktest_eq("gate label with low bits set: -EINVAL",
           l4_error(l4_factory_create_gate(e->factory, l4re_util_cap_alloc(),
                                           e->main_thread, 0x101)), -L4_EINVAL);
  ktest_eq("unknown object protocol: -ENODEV",
           l4_error(l4_factory_create(e->factory, 0x1234, l4re_util_cap_alloc())), -L4_ENODEV);
  return ktest_verdict();
}
