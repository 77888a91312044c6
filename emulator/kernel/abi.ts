// ABI facts of Fiasco.OC / L4Re on ia32 (see shared/spec/fiasco-abi.md).
// Every ABI number the emulator uses lives here; other files import it.

// --- §1.1 system-call entry -------------------------------------------------
export const SYSCALL_VECTOR = 0x30;
/** The global syscall page (`__l4sys_invoke_direct`). */
export const SYSCALL_PAGE_ADDRESS = 0xeacff000;
/** Stub without sysenter: `int $0x30 ; ret`. */
export const SYSCALL_STUB = Uint8Array.of(0xcd, 0x30, 0xc3);
/** The sysenter stub real Fiasco installs: `pop %ebx; mov %esp,%ebp; sysenter` (returns to EBX with ESP = EBP). */
export const SYSENTER_STUB = Uint8Array.of(0x5b, 0x89, 0xe5, 0x0f, 0x34);

// --- §1.3 operation flags in EDX -----------------------------------------------
export const SYSF_SEND = 0x1;
export const SYSF_RECV = 0x2;
export const SYSF_OPEN_WAIT = 0x4;
export const SYSF_REPLY = 0x8;
export const SYSF_MASK = 0xf;

// --- §3.1 capability selectors ---------------------------------------------------
export const CAP_SHIFT = 12;
export const INVALID_CAP_BIT = 0x800;
export const REPLY_CAP_BIT = 0x400;
export const INVALID_CAP = 0xfffff800;

// --- §3.2 initial capability slots ---------------------------------------------
export const BASE_TASK_CAP = 1;
export const BASE_FACTORY_CAP = 2;
export const BASE_THREAD_CAP = 3;
export const BASE_PAGER_CAP = 4;
export const BASE_LOG_CAP = 5;
export const BASE_ICU_CAP = 6;
export const BASE_SCHEDULER_CAP = 7;
export const BASE_DEBUGGER_CAP = 10;
/** Slots the L4Re loader uses for an application (libloader remote_app_model). */
export const L4RE_RM_CAP = 0x10;
export const L4RE_MEM_ALLOC_CAP = 0x11;
export const L4RE_NAMES_CAP = 0x12;
export const L4RE_PARENT_CAP = 0x13;
export const L4RE_KIP_DS_CAP = 0x14;
export const L4RE_DBG_EVENTS_CAP = 0x15;
export const L4RE_FIRST_NAMED_CAP = 0x16;

/** Object capability rights (§7.1). */
export const CAP_RIGHT_W = 1;
export const CAP_RIGHT_S = 2;
export const CAP_RIGHT_R = 4;
export const CAP_RIGHT_D = 8;
export const CAP_RIGHTS_RWS = 7;
export const CAP_RIGHTS_RWSD = 0xf;

// --- §2 message tag ---------------------------------------------------------------
export const MSGTAG_TRANSFER_FPU = 0x1000;
export const MSGTAG_SCHEDULE = 0x2000;
export const MSGTAG_PROPAGATE = 0x4000;
export const MSGTAG_ERROR = 0x8000;
export const MSGTAG_FLAGS_MASK = 0xf000;

export const PROTO = {
  NONE: 0,
  ALLOW_SYSCALL: 1,
  IRQ: -1,
  PAGE_FAULT: -2,
  EXCEPTION: -5,
  SIGMA0: -6,
  IO_PAGE_FAULT: -8,
  THREAD_GROUP: -9,
  KOBJECT: -10,
  TASK: -11,
  THREAD: -12,
  LOG: -13,
  SCHEDULER: -14,
  FACTORY: -15,
  VM: -16,
  DMA_SPACE: -17,
  IRQ_SENDER: -18,
  SEMAPHORE: -20,
  META: -21,
  IOMMU: -22,
  DEBUGGER: -23,
  SMCCC: -24,
  VCPU_CONTEXT: -25,
  // L4Re protocols (l4re/include/protocols.h)
  L4RE_DATASPACE: 0x4000,
  L4RE_NAMESPACE: 0x4001,
  L4RE_PARENT: 0x4002,
  L4RE_GOOS: 0x4003,
  L4RE_RM: 0x4005,
  L4RE_EVENT: 0x4006,
  L4RE_MEM_ALLOC: 0x400b,
} as const;

export function protocolName(label: number): string | undefined {
  for (const [name, value] of Object.entries(PROTO)) if (value === label) return name;
  return undefined;
}

export interface MsgTag {
  label: number;
  words: number;
  items: number;
  flags: number;
}

export function decodeTag(raw: number): MsgTag {
  return { label: raw >> 16, words: raw & 0x3f, items: (raw >>> 6) & 0x3f, flags: raw & MSGTAG_FLAGS_MASK };
}

export function encodeTag(label: number, words: number, items: number, flags: number): number {
  return ((label << 16) | (words & 0x3f) | ((items & 0x3f) << 6) | (flags & MSGTAG_FLAGS_MASK)) >>> 0;
}

// --- §4 UTCB ----------------------------------------------------------------------
export const UTCB_SIZE = 512;
export const UTCB_MR_OFFSET = 0;
export const UTCB_MR_COUNT = 63;
export const UTCB_SELF_POINTER_OFFSET = 0xfc;
export const UTCB_BDR_OFFSET = 0x100;
export const UTCB_BR_OFFSET = 0x104;
export const UTCB_BR_COUNT = 58;
export const UTCB_TCR_ERROR_OFFSET = 0x1ec;
export const UTCB_TCR_FREE_MARKER_OFFSET = 0x1f0;
export const UTCB_TCR_USER_OFFSET = 0x1f4;

// --- §1.5 segments ------------------------------------------------------------------
export const USER_CS = 0x1b;
export const USER_DS = 0x23;
export const UTCB_SEGMENT = 0x43;
export const GDT_USER_ENTRY_SELECTORS = [0x4b, 0x53, 0x5b, 0x63];

// --- §5 timeouts ------------------------------------------------------------------
export const IPC_TIMEOUT_NEVER = 0;

/**
 * Decodes one 16-bit timeout half. Returns undefined for "never", 0 for a zero timeout, otherwise a relative
 * time in µs, or {absoluteBr} for an absolute timeout read from buffer registers.
 */
export function decodeTimeout(half: number): { kind: 'never' } | { kind: 'relative'; us: number } | { kind: 'absolute'; br: number } {
  half &= 0xffff;
  if (half === 0) return { kind: 'never' };
  if (half & 0x8000) return { kind: 'absolute', br: half & 0x3f };
  const man = half & 0x3ff;
  const exp = (half >>> 10) & 0x1f;
  if (man === 0) return { kind: 'relative', us: 0 };
  return { kind: 'relative', us: man * 2 ** exp };
}

/** A zero timeout (relative, mantissa 0): the operation fails at once instead of blocking. Same as decodeTimeout's. */
export function isZeroTimeout(half: number): boolean {
  half &= 0xffff;
  return half !== 0 && (half & 0x8000) === 0 && (half & 0x3ff) === 0;
}

/** The µs of a relative timeout half (decodeTimeout's `us`), for the IPC path, which must not allocate. */
export function timeoutMicroseconds(half: number): number {
  return (half & 0x3ff) * 2 ** ((half >>> 10) & 0x1f);
}

// --- §6 errors ---------------------------------------------------------------------
export const IPC_ERR = {
  SETIMEOUT: 0x02,
  RETIMEOUT: 0x03,
  ENOT_EXISTENT: 0x04,
  RENOT_EXISTENT: 0x05,
  SECANCELED: 0x06,
  RECANCELED: 0x07,
  SEMSGCUT: 0x08,
  REMSGCUT: 0x09,
  SESNDPFTO: 0x0a,
  RESNDPFTO: 0x0b,
  SERCVPFTO: 0x0c,
  RERCVPFTO: 0x0d,
  SEABORTED: 0x0e,
  REABORTED: 0x0f,
  SEMAPFAILED: 0x10,
  REMAPFAILED: 0x11,
  NO_REPLY_CAP: 0x13,
} as const;

export function ipcErrorName(code: number): string {
  for (const [name, value] of Object.entries(IPC_ERR)) if (value === (code & 0x1f)) return `L4_IPC_${name}`;
  return code === 0 ? 'none' : `0x${code.toString(16)}`;
}

export const L4_ERR = {
  EOK: 0,
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCESS: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  EBADPROTO: 39,
  EADDRNOTAVAIL: 99,
  ENOREPLY: 1000,
  EMSGTOOSHORT: 1001,
  EMSGTOOLONG: 1002,
} as const;

// --- §7 flexpages -------------------------------------------------------------------
export const FPAGE_TYPE_MEMORY = 1;
export const FPAGE_TYPE_IO = 2;
export const FPAGE_TYPE_OBJ = 3;
export const MEM_RIGHT_X = 1;
export const MEM_RIGHT_W = 2;
export const MEM_RIGHT_R = 4;

export function fpage(address: number, order: number, type: number, rights: number): number {
  return ((address & ~0xfff) | ((order & 0x3f) << 6) | ((type & 3) << 4) | (rights & 0xf)) >>> 0;
}

// --- §8 vcon / log -------------------------------------------------------------------
export const VCON_WRITE_OP = 0;
export const VCON_READ_OP = 1;
export const VCON_SET_ATTR_OP = 2;
export const VCON_GET_ATTR_OP = 3;
export const VCON_WRITE_SIZE = (63 - 2) * 4;

// --- L4Re parent protocol (our SDK's exit path: signal(0 = exit, status)) ------------------
export const PARENT_OP_SIGNAL = 0;
export const PARENT_SIGNAL_EXIT = 0;

// --- §11 KIP --------------------------------------------------------------------------
export const KIP_ADDRESS = 0xafff_f000;
export const KIP_MAGIC = 0x4be6344c;
export const KIP_VERSION = 0x87004444;
export const KIP_SYSCALL_STUB_OFFSET = 0x800;
export const KIP_CLOCK_US_CODE_OFFSET = 0x900;
export const KIP_CLOCK_NS_CODE_OFFSET = 0x980;
/** Current (2025-06+) layout. */
export const KIP_OFF = {
  MAGIC: 0x00,
  VERSION: 0x04,
  OFFSET_VERSION_STRINGS: 0x08,
  KIP_SYS_CALLS: 0x0c,
  NODE: 0x0d,
  SIGMA0_IP: 0x10,
  ROOT_IP: 0x18,
  CLOCK: 0x20,
  FREQUENCY_CPU: 0x28,
  USER_PTR: 0x40,
  SCHEDULER_GRANULARITY: 0x50,
  MEM_DESCS_OFFSET: 0x54,
  MEM_DESCS_NUM: 0x58,
  PLATFORM_INFO: 0x70,
  /** The legacy (2013-2025-05) layout keeps its clock here; we write both so older binaries read time too. */
  LEGACY_CLOCK: 0xa0,
  LEGACY_FREQUENCY_CPU: 0xb0,
} as const;

// --- §3.3 l4re_env_t (2026 layout) and the aux vector ----------------------------------
export const L4RE_ENV_OFF = {
  PARENT: 0x00,
  RM: 0x04,
  MEM_ALLOC: 0x08,
  LOG: 0x0c,
  MAIN_THREAD: 0x10,
  FACTORY: 0x14,
  SCHEDULER: 0x18,
  ITAS: 0x1c,
  DBG_EVENTS: 0x20,
  FIRST_FREE_CAP: 0x24,
  FIRST_FREE_REPLY_CAP: 0x28,
  UTCB_AREA: 0x2c,
  FIRST_FREE_UTCB: 0x30,
  CAPS: 0x34,
  SIZE: 0x38,
} as const;
export const L4RE_ENV_CAP_ENTRY_SIZE = 24;
export const L4RE_ENV_CAP_NAME_LENGTH = 16;

export const AT_NULL = 0;
export const AT_PAGESZ = 6;
export const AT_UID = 11;
export const AT_EUID = 12;
export const AT_GID = 13;
export const AT_EGID = 14;
export const AT_L4_AUX = 0xf0;
export const AT_L4_ENV = 0xf1;
export const AT_L4_KIP = 0xf2;

// --- §3.3 address-space layout used by moe / the loader --------------------------------
export const USER_SPACE_END = 0xc000_0000;
export const APP_UTCB_AREA = 0xb300_0000;
/** The UTCB of every thread the kernel starts itself (sigma0, the root task), spec §3.2. */
export const ROOT_UTCB_ADDRESS = 0xbff0_0000;
export const ROOT_UTCB_AREA_SIZE = 0x1000;
export const APP_UTCB_AREA_ORDER = 12;
export const APP_STACK_TOP = 0x8000_0000;
export const APP_STACK_SIZE = 0x10_0000;

// --- §12 scheduling ---------------------------------------------------------------------
export const SCHED_MIN_PRIO = 1;
export const SCHED_MAX_PRIO = 255;
export const DEFAULT_PRIO = 1;
export const L4RE_MAIN_THREAD_PRIO = 2;
export const SCHEDULER_GRANULARITY_US = 1000;
export const DEFAULT_TIME_SLICE_US = 10 * SCHEDULER_GRANULARITY_US;
