/* Prints ABI facts of the SDK headers as "name value" lines (hex) so the
 * test can compare them with the spec. Uses only the *_u accessors on a
 * local UTCB, no kernel. */
#include <stddef.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/vcon.h>
#include "linux_syscalls.h"

l4re_env_t *l4re_global_env;
l4_kernel_info_t *l4_global_kip;

static void
out(char const *name, unsigned long long v)
{
  lx_write(1, name, lx_strlen(name));
  lx_write(1, " ", 1);
  lx_hex(1, v);
  lx_write(1, "\n", 1);
}

static l4_umword_t utcb_words[128];

static const unsigned long long timeout_inputs[] = {
  0, 1, 2, 511, 1000, 1023, 1024, 1025, 2047, 2048, 4095, 123456, 1000000,
  60000000, 0xffffffffULL, 1ULL << 40, (1ULL << 41) - 1, 1ULL << 41, ~0ULL,
};

void
start(void)
{
  l4_utcb_t *u = (l4_utcb_t *)utcb_words;
  char *base = (char *)u;
  l4_msgtag_t t = l4_msgtag(-13, 4, 1, 0x2000);
  l4_msgtag_t e;
  unsigned i;

  out("msgtag", (l4_umword_t)t.raw);
  out("label", (unsigned long long)(long long)l4_msgtag_label(t));
  out("words", l4_msgtag_words(t));
  out("items", l4_msgtag_items(t));
  out("flags", l4_msgtag_flags(t));
  out("proto_log", (l4_umword_t)L4_PROTO_LOG);
  out("proto_parent", L4RE_PROTO_PARENT);
  out("invalid_cap", L4_INVALID_CAP);
  out("cap_shift", L4_CAP_SHIFT);
  out("log_cap", L4_BASE_LOG_CAP);
  out("debugger_cap", L4_BASE_DEBUGGER_CAP);
  out("sysf_call", L4_SYSF_CALL);
  out("sysf_wait", L4_SYSF_WAIT);
  out("sysf_send_and_wait", L4_SYSF_SEND_AND_WAIT);
  out("sysf_reply_and_wait", L4_SYSF_REPLY_AND_WAIT);
  out("is_invalid", l4_is_invalid_cap(L4_INVALID_CAP) && !l4_is_invalid_cap(0x5000));
  out("br_offset", (char *)l4_utcb_br_u(u) - base);
  out("tcr_offset", (char *)l4_utcb_tcr_u(u) - base);
  out("br0_offset", (char *)&l4_utcb_br_u(u)->br[0] - base);
  out("tcr_user2_offset", (char *)&l4_utcb_tcr_u(u)->user[2] - base);
  out("mr_size", sizeof(l4_msg_regs_t));
  out("exc_size", sizeof(l4_exc_regs_t));
  out("vcon_write_size", L4_VCON_WRITE_SIZE);
  out("env_log", offsetof(l4re_env_t, log));
  out("env_itas", offsetof(l4re_env_t, itas));
  out("env_first_free_cap", offsetof(l4re_env_t, first_free_cap));
  out("env_utcb_area", offsetof(l4re_env_t, utcb_area));
  out("env_caps", offsetof(l4re_env_t, caps));
  out("env_size", sizeof(l4re_env_t));
  out("cap_entry_size", sizeof(l4re_env_cap_entry_t));
  out("never", L4_IPC_NEVER.raw);
  out("recv0", L4_IPC_RECV_TIMEOUT_0.raw);
  out("send0", L4_IPC_SEND_TIMEOUT_0.raw);
  out("both0", L4_IPC_BOTH_TIMEOUT_0.raw);
  out("timeout_pair", l4_timeout(l4_timeout_rel(5, 3), L4_IPC_TIMEOUT_0).raw);
  out("fpage_all", l4_fpage_all().raw);
  out("obj_fpage", l4_obj_fpage(0x5000, 0, L4_CAP_FPAGE_RWS).raw);

  /* l4_error: label when fine, -(2000 + code) on IPC error. */
  l4_utcb_tcr_u(u)->error = 0x103; /* receive timeout, plus a higher bit */
  e.raw = (l4_mword_t)0x8000;
  out("ipc_error", l4_ipc_error(e, u));
  out("error_ipc", (unsigned long long)(long long)l4_error_u(e, u));
  out("error_label", (unsigned long long)(long long)l4_error_u(l4_msgtag(-L4_EBADPROTO, 0, 0, 0), u));

  for (i = 0; i < sizeof timeout_inputs / sizeof timeout_inputs[0]; ++i)
    out("from_us", l4_timeout_from_us(timeout_inputs[i]).t);
  lx_exit(0);
}
