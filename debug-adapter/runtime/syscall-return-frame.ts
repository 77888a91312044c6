// The frame pointer of a thread that stands right after a system call. The SDK's l4_ipc saves EBP around the
// call of the syscall page (push %ebp; call __l4sys_invoke_direct; pop %ebp) because the sysenter stub that
// user-level boots install overwrites it: the kernel resumes the thread after the call with EBP = ESP. Until
// the pop runs, EBP is not the frame pointer, and a thread blocked in IPC stands exactly there; unwinding
// takes the value the pop will restore, the word on top of the stack.
import { Reg } from '../../emulator/cpu/cpu-enums';
import { SYSCALL_PAGE_ADDRESS } from '../../emulator/kernel/abi';
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
