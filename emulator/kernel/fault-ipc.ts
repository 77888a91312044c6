import { Reg, SegReg } from '../cpu/cpu';
import type { Kobject } from './kobject';
import type { KernelIpc, Thread } from './thread';
import {
  MSGTAG_TRANSFER_FPU,
  PROTO,
  SYSF_RECV,
  SYSF_SEND,
  UTCB_BDR_OFFSET,
  UTCB_BR_OFFSET,
  encodeTag,
  decodeTag,
} from './abi';

/** Words of an exception message (`L4_UTCB_EXCEPTION_REGS_SIZE`, spec §10.2). */
export const EXCEPTION_MESSAGE_WORDS = 19;
export const EXC_MR = { ES: 0, DS: 1, GS: 2, FS: 3, EDI: 4, ESI: 5, EBP: 6, PFA: 7, EBX: 8, EDX: 9, ECX: 10, EAX: 11, TRAPNO: 12, ERR: 13, EIP: 14, CS: 15, EFLAGS: 16, ESP: 17, SS: 18 } as const;
/** `l4_fpage_all()`: the whole address space as a receive window. */
const FPAGE_ALL = 0xfc0;
const RCV_BUFFER_ITEM = 8;
/** EFLAGS bits a handler may change (arithmetic flags, DF, TF, AC, ID). */
const EFLAGS_USER_MASK = 0x00244dd5;

/** What sending a fault message needs of the kernel: the send phase of IPC, and the exception path. */
export interface FaultIpcKernel {
  readonly ipc: { send(sender: Thread, receiver: Thread, label: number, via: Kobject, rawTag: number, flags: number, timeout: number): void };
  /** A pager's negative reply turns the page fault into an exception. */
  exception(t: Thread, trapno: number, errorCode: number): void;
}

function saveState(t: Thread): Pick<KernelIpc, 'regs' | 'eip' | 'eflags' | 'utcb'> {
  const as = t.task.as;
  const w = (off: number): number => as.readU32(t.utcb + off) ?? 0;
  return {
    regs: Uint32Array.from(t.cpu.regs),
    eip: t.cpu.eip,
    eflags: t.cpu.getEflags(),
    utcb: [w(0), w(4), w(UTCB_BDR_OFFSET), w(UTCB_BR_OFFSET), w(UTCB_BR_OFFSET + 4)],
  };
}

function restoreState(t: Thread, s: KernelIpc, restoreMrs: boolean): void {
  t.cpu.regs.set(s.regs);
  t.cpu.eip = s.eip;
  t.cpu.setEflags(s.eflags);
  const as = t.task.as;
  if (restoreMrs) {
    as.writeU32(t.utcb, s.utcb[0]);
    as.writeU32(t.utcb + 4, s.utcb[1]);
  }
  as.writeU32(t.utcb + UTCB_BDR_OFFSET, s.utcb[2]);
  as.writeU32(t.utcb + UTCB_BR_OFFSET, s.utcb[3]);
  as.writeU32(t.utcb + UTCB_BR_OFFSET + 4, s.utcb[4]);
}

/**
 * Page fault → CALL to the pager (spec §10.1): tag (-2, 2 words), MR0 = pfa & ~7 | present | write<<1 |
 * fetch<<2, MR1 = eip, receive window = the whole address space. A negative reply label turns the fault into
 * an exception (trap 14).
 */
export function sendPageFaultIpc(k: FaultIpcKernel, t: Thread, receiver: Thread, label: number, via: Kobject, address: number, errorCode: number): void {
  const saved = saveState(t);
  const present = errorCode & 1;
  const write = (errorCode >>> 1) & 1;
  const fetch = (errorCode >>> 4) & 1;
  t.setMr(0, ((address & ~7) | present | (write << 1) | (fetch << 2)) >>> 0);
  t.setMr(1, t.cpu.eip);
  t.task.as.writeU32(t.utcb + UTCB_BDR_OFFSET, 0);
  t.task.as.writeU32(t.utcb + UTCB_BR_OFFSET, RCV_BUFFER_ITEM);
  t.task.as.writeU32(t.utcb + UTCB_BR_OFFSET + 4, FPAGE_ALL);
  t.kernelIpc = {
    kind: 'page-fault',
    ...saved,
    complete(th, replyTag) {
      restoreState(th, this, true);
      if (decodeTag(replyTag).label < 0) k.exception(th, 14, errorCode);
      // otherwise the faulting instruction runs again
    },
  };
  k.ipc.send(t, receiver, label, via, encodeTag(PROTO.PAGE_FAULT, 2, 0, 0), SYSF_SEND | SYSF_RECV, 0);
}

/** Exception → CALL to the exception handler with the 19-word register frame (spec §10.2). */
export function sendExceptionIpc(k: FaultIpcKernel, t: Thread, receiver: Thread, label: number, via: Kobject, trapno: number, errorCode: number): void {
  const saved = saveState(t);
  const c = t.cpu;
  const mr: number[] = new Array(EXCEPTION_MESSAGE_WORDS).fill(0);
  mr[EXC_MR.ES] = c.sreg[SegReg.ES];
  mr[EXC_MR.DS] = c.sreg[SegReg.DS];
  mr[EXC_MR.GS] = c.sreg[SegReg.GS];
  mr[EXC_MR.FS] = c.sreg[SegReg.FS];
  mr[EXC_MR.EDI] = c.regs[Reg.EDI];
  mr[EXC_MR.ESI] = c.regs[Reg.ESI];
  mr[EXC_MR.EBP] = c.regs[Reg.EBP];
  mr[EXC_MR.PFA] = trapno === 14 ? ((c.faultAddress & ~7) | (errorCode & 2)) >>> 0 : 0;
  mr[EXC_MR.EBX] = c.regs[Reg.EBX];
  mr[EXC_MR.EDX] = c.regs[Reg.EDX];
  mr[EXC_MR.ECX] = c.regs[Reg.ECX];
  mr[EXC_MR.EAX] = c.regs[Reg.EAX];
  mr[EXC_MR.TRAPNO] = trapno;
  mr[EXC_MR.ERR] = errorCode;
  mr[EXC_MR.EIP] = c.eip;
  mr[EXC_MR.CS] = c.sreg[SegReg.CS];
  mr[EXC_MR.EFLAGS] = c.getEflags();
  mr[EXC_MR.ESP] = c.regs[Reg.ESP];
  mr[EXC_MR.SS] = c.sreg[SegReg.SS];
  mr.forEach((v, i) => t.setMr(i, v));
  t.kernelIpc = {
    kind: 'exception',
    ...saved,
    complete(th, replyTag) {
      restoreState(th, this, false);
      if (decodeTag(replyTag).words >= EXCEPTION_MESSAGE_WORDS) {
        const r = th.cpu.regs;
        r[Reg.EDI] = th.mr(EXC_MR.EDI);
        r[Reg.ESI] = th.mr(EXC_MR.ESI);
        r[Reg.EBP] = th.mr(EXC_MR.EBP);
        r[Reg.EBX] = th.mr(EXC_MR.EBX);
        r[Reg.EDX] = th.mr(EXC_MR.EDX);
        r[Reg.ECX] = th.mr(EXC_MR.ECX);
        r[Reg.EAX] = th.mr(EXC_MR.EAX);
        r[Reg.ESP] = th.mr(EXC_MR.ESP);
        th.cpu.eip = th.mr(EXC_MR.EIP);
        const old = th.cpu.getEflags();
        th.cpu.setEflags(((old & ~EFLAGS_USER_MASK) | (th.mr(EXC_MR.EFLAGS) & EFLAGS_USER_MASK)) >>> 0);
      }
    },
  };
  k.ipc.send(t, receiver, label, via, encodeTag(PROTO.EXCEPTION, EXCEPTION_MESSAGE_WORDS, 0, MSGTAG_TRANSFER_FPU), SYSF_SEND | SYSF_RECV, 0);
}
