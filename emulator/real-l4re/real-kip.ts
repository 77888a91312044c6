// The KIP of a real L4Re boot: the fields and layout of the real kernel's KIP (reference/kip-runtime.bin),
// written over the page our kernel made. Intended differences are listed in docs/real-l4re.md.

import type { Kip } from '../kernel/kip';
import { KIP_OFF, KIP_SYSCALL_STUB_OFFSET } from '../kernel/abi';
import { MemDesc, encodeMemDesc } from './bootstrap-layout';

/** Fiasco's KIP version word for this ABI (ABI version 3 in bits 16-23). */
export const REAL_KIP_VERSION = 0x8703_4444;
/** Layout of the reference KIP: descriptor array at 0x90 with room for 64, strings at 0x290. */
export const REAL_MEM_DESCS_OFFSET = 0x90;
export const REAL_MEM_DESCS_CAPACITY = 64;
export const REAL_VERSION_STRINGS_UNITS = 0x29;
/** kip_sys_calls = 2: the syscall page holds code ("Absolute KIP Syscalls using: Sysenter"). */
export const KIP_SYSCALLS_ABSOLUTE = 2;
export const REAL_KIP_VERSION_STRING = 'Fiasco Studio: emulated L4Re Microkernel on x86-32\n';
/**
 * What our kernel offers of the real kernel's features: segments (fiasco_gdt_set), abiver:3, mapdb (memory
 * can be given back), kip_syscalls. Not `pf_tramp` (no page-fault trampoline: l4re uses plain page-fault
 * IPC instead) and not `jdb` (no in-kernel debugger; Fiasco Studio's debugger is outside the machine).
 */
export const REAL_KIP_FEATURES = ['segments', 'abiver:3', 'mapdb', 'kip_syscalls'];

export interface BootKipFields {
  sigma0Ip: number;
  rootIp: number;
  /** Physical address of the l4util_l4mod_info module table. */
  userPtr: number;
  memDescs: MemDesc[];
}

export function writeRealKip(kip: Kip, f: BootKipFields): void {
  const v = kip.page;
  kip.legacyClock = false;
  // Clear everything between the fixed header and the code at 0x800 (our own layout's strings and descriptors).
  for (let off = KIP_OFF.CLOCK + 8; off < KIP_SYSCALL_STUB_OFFSET; off += 4) {
    if (off === KIP_OFF.FREQUENCY_CPU || off === KIP_OFF.FREQUENCY_CPU + 4 || off === KIP_OFF.SCHEDULER_GRANULARITY || off === KIP_OFF.PLATFORM_INFO) continue;
    v.setUint32(off, 0, true);
  }
  v.setUint32(KIP_OFF.VERSION, REAL_KIP_VERSION, true);
  v.setUint32(KIP_OFF.OFFSET_VERSION_STRINGS, REAL_VERSION_STRINGS_UNITS, true);
  v.setUint8(KIP_OFF.KIP_SYS_CALLS, KIP_SYSCALLS_ABSOLUTE);
  v.setUint32(KIP_OFF.SIGMA0_IP, f.sigma0Ip, true);
  v.setUint32(KIP_OFF.ROOT_IP, f.rootIp, true);
  v.setUint32(KIP_OFF.USER_PTR, f.userPtr, true);
  v.setUint32(KIP_OFF.MEM_DESCS_OFFSET, REAL_MEM_DESCS_OFFSET, true);
  v.setUint32(KIP_OFF.MEM_DESCS_NUM, REAL_MEM_DESCS_CAPACITY, true);
  if (f.memDescs.length > REAL_MEM_DESCS_CAPACITY) throw new RangeError(`${f.memDescs.length} memory descriptors do not fit into the KIP`);
  f.memDescs.forEach((d, i) => {
    const [lo, hi] = encodeMemDesc(d);
    v.setUint32(REAL_MEM_DESCS_OFFSET + 8 * i, lo, true);
    v.setUint32(REAL_MEM_DESCS_OFFSET + 8 * i + 4, hi, true);
  });
  v.setUint8(KIP_OFF.PLATFORM_INFO, 'p'.charCodeAt(0));
  v.setUint8(KIP_OFF.PLATFORM_INFO + 1, 'c'.charCodeAt(0));
  let p = REAL_VERSION_STRINGS_UNITS * 16;
  for (const s of [REAL_KIP_VERSION_STRING, ...REAL_KIP_FEATURES, '']) {
    const b = new TextEncoder().encode(s);
    for (let i = 0; i < b.length; i++) v.setUint8(p + i, b[i]);
    v.setUint8(p + b.length, 0);
    p += b.length + 1;
  }
  if (p > KIP_SYSCALL_STUB_OFFSET) throw new RangeError('KIP version strings run into the syscall code at +0x800');
  kip.markWritten();
}
