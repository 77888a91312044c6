// Whose code a thread in the syscall page runs for. The page holds no image: the code that called it is the
// return address. With `int $0x30; ret` (and before the sysenter stub's first instruction) that is the word on
// top of the stack; once real Fiasco's sysenter stub (`pop %ebx; mov %esp,%ebp; sysenter`) has popped it, it
// is in EBX and the word on top of the stack is the caller's saved EBP.
import { Reg } from '../cpu/cpu-enums';
import { SYSCALL_PAGE_ADDRESS, SYSENTER_STUB } from './abi';
import type { Thread } from './thread';
import { Machine } from '../machine';

export function inSyscallPage(eip: number): boolean {
  return ((eip & ~0xfff) >>> 0) === SYSCALL_PAGE_ADDRESS;
}

/** Is the thread inside the sysenter stub, past its `pop %ebx` (the return address in EBX)? */
export function pastSysenterPop(t: Thread, eip = t.cpu.eip >>> 0): boolean {
  if (!inSyscallPage(eip)) return false;
  const offset = eip - SYSCALL_PAGE_ADDRESS;
  if (offset < 1 || offset > SYSENTER_STUB.length) return false;
  const first = Machine.readU32(t.task, SYSCALL_PAGE_ADDRESS);
  return first !== undefined && (first & 0xff) === SYSENTER_STUB[0];
}

/** The return address of a thread in the syscall page; undefined when it is elsewhere (or unreadable). */
export function syscallCaller(t: Thread): number | undefined {
  const eip = t.cpu.eip >>> 0;
  if (!inSyscallPage(eip)) return undefined;
  if (pastSysenterPop(t, eip)) return t.cpu.regs[Reg.EBX] >>> 0;
  return Machine.readU32(t.task, t.cpu.regs[Reg.ESP] >>> 0);
}
