// The frame pointer of a thread that stands right after a system call. The SDK's l4_ipc saves EBP around the
// call of the syscall page (push %ebp; call __l4sys_invoke_direct; pop %ebp) because the sysenter stub that
// user-level boots install overwrites it: the kernel resumes the thread after the call with EBP = ESP. Until
// the pop runs, EBP is not the frame pointer, and a thread blocked in IPC stands exactly there; unwinding
// takes the value the pop will restore, the word on top of the stack.
import { Reg } from '../../emulator/cpu/cpu-enums';
import { SYSCALL_PAGE_ADDRESS, SYSENTER_STUB } from '../../emulator/kernel/abi';
import { pastSysenterPop } from '../../emulator/kernel/syscall-caller';
import type { Thread } from '../../emulator/kernel/thread';
import type { StackFrameInfo } from '../debug-info/unwinder';
import type { Task } from '../../emulator/kernel/task';
import { Machine } from '../../emulator/machine';

const POP_EBP = 0x5d;
const CALL_REL32 = 0xe8;
const CALL_REL32_LENGTH = 5;

/** Is `eip` the `pop %ebp` right after a direct call of the syscall page? */
export function atSyscallReturn(task: Task, eip: number): boolean {
  const code = Machine.readMemory(task, (eip - CALL_REL32_LENGTH) >>> 0, CALL_REL32_LENGTH + 1);
  if (!code || code[0] !== CALL_REL32 || code[CALL_REL32_LENGTH] !== POP_EBP) return false;
  const rel = (code[1] | (code[2] << 8) | (code[3] << 16) | (code[4] << 24)) | 0;
  return ((eip + rel) >>> 0) === SYSCALL_PAGE_ADDRESS;
}

/** The registers to unwind a thread's stack from (Cpu.regs order): EBP as the caller's code sees it. */
export function unwindingRegisters(task: Task, gpr: readonly number[], eip: number): number[] {
  const regs = [...gpr];
  if (atSyscallReturn(task, eip)) {
    const saved = Machine.readU32(task, gpr[Reg.ESP] >>> 0);
    if (saved !== undefined) regs[Reg.EBP] = saved;
  }
  return regs;
}

/**
 * A thread in (or just back from) a system call through the sysenter stub (`pop %ebx; mov %esp,%ebp;
 * sysenter`, real Fiasco's syscall page): the kernel returns to the instruction after the SDK's
 * `call __l4sys_invoke_direct` with ESP = EBP and the caller's EBP still pushed (`push %ebp` before the
 * call, `pop %ebp` after). Shown as the int $0x30 layout shows it: a frame in the syscall page, then the
 * caller at its return address, unwound with its own EBP read back from the stack.
 */
export function sysenterReturn(t: Thread, gpr: readonly number[], eip: number): { frame: StackFrameInfo; callerRegs: number[]; callerPc: number } | undefined {
  const esp = gpr[Reg.ESP] >>> 0;
  if (pastSysenterPop(t, eip >>> 0)) {
    // Inside the stub after `pop %ebx`: the return address is in EBX, the caller's EBP on the stack.
    const savedEbp = Machine.readU32(t.task, esp);
    if (savedEbp === undefined) return undefined;
    const callerRegs = Array.from(gpr, (v) => v >>> 0);
    callerRegs[Reg.EBP] = savedEbp;
    return { frame: { pc: eip >>> 0, regs: Array.from(gpr, (v) => v >>> 0), how: 'registers' }, callerRegs, callerPc: gpr[Reg.EBX] >>> 0 };
  }
  if (gpr[Reg.EBP] >>> 0 !== esp || !atSyscallReturn(t.task, eip)) return undefined;
  const savedEbp = Machine.readU32(t.task, esp);
  if (savedEbp === undefined) return undefined;
  const callerRegs = Array.from(gpr, (v) => v >>> 0);
  callerRegs[Reg.EBP] = savedEbp;
  const stubRegs = Array.from(gpr, (v) => v >>> 0);
  stubRegs[Reg.ESP] = (esp - 4) >>> 0;
  return { frame: { pc: (SYSCALL_PAGE_ADDRESS + SYSENTER_STUB.length) >>> 0, regs: stubRegs, how: 'registers' }, callerRegs, callerPc: eip >>> 0 };
}
