/* l4sys_errtostr (<l4/sys/err.h>): a description of a (negative) error code
 * from the kernel or an L4Re server. */
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>

static char const *
ipc_error_text(long code)
{
  switch (code)
    {
    case 0: return "no error";
    case L4_IPC_SETIMEOUT: return "send timeout";
    case L4_IPC_RETIMEOUT: return "receive timeout";
    case L4_IPC_ENOT_EXISTENT: return "invoked capability slot is empty";
    case L4_IPC_SECANCELED: return "send canceled";
    case L4_IPC_RECANCELED: return "receive canceled";
    case L4_IPC_SEMSGCUT: return "message cut while sending";
    case L4_IPC_REMSGCUT: return "message cut while receiving";
    case L4_IPC_SESNDPFTO: return "page-fault timeout in the sender (send phase)";
    case L4_IPC_RESNDPFTO: return "page-fault timeout in the sender (receive phase)";
    case L4_IPC_SERCVPFTO: return "page-fault timeout in the receiver (send phase)";
    case L4_IPC_RERCVPFTO: return "page-fault timeout in the receiver (receive phase)";
    case L4_IPC_SEABORTED: return "send aborted";
    case L4_IPC_REABORTED: return "receive aborted";
    case L4_IPC_SEMAPFAILED: return "mapping failed (send phase)";
    case L4_IPC_REMAPFAILED: return "mapping failed (receive phase)";
    case L4_IPC_NO_REPLY_CAP: return "no reply capability";
    default: return "unknown IPC error";
    }
}

L4_CV char const *
l4sys_errtostr(long err)
{
  long e = -err;
  if (e >= L4_EIPC_LO && e <= L4_EIPC_HI)
    return ipc_error_text(e - L4_EIPC_LO);
  switch (e)
    {
    case L4_EOK: return "no error";
    case L4_EPERM: return "operation not permitted";
    case L4_ENOENT: return "no such object";
    case L4_EIO: return "input/output error";
    case L4_ENXIO: return "no such device or address";
    case L4_E2BIG: return "argument list too long";
    case L4_EAGAIN: return "resource temporarily unavailable";
    case L4_ENOMEM: return "out of memory";
    case L4_EACCESS: return "access denied";
    case L4_EFAULT: return "bad address";
    case L4_EBUSY: return "busy";
    case L4_EEXIST: return "object exists";
    case L4_ENODEV: return "no such device";
    case L4_ENOTDIR: return "not a directory";
    case L4_EINVAL: return "invalid argument";
    case L4_ENOSPC: return "no space left";
    case L4_ERANGE: return "argument out of range";
    case L4_ENAMETOOLONG: return "name too long";
    case L4_ENOSYS: return "operation not implemented";
    case L4_EBADPROTO: return "wrong protocol";
    case L4_EADDRNOTAVAIL: return "address not available";
    case L4_ENOREPLY: return "no reply (server)";
    case L4_EMSGTOOSHORT: return "message too short";
    case L4_EMSGTOOLONG: return "message too long";
    case L4_EMSGMISSARG: return "message misses an argument";
    case L4_EMSGERRRANGE: return "error code out of range";
    case L4_EDROPREPLY: return "server dropped the reply capability";
    default: return "unknown error";
    }
}
