// How far a step goes: the run modes, and the decision after each single-stepped instruction whether the step
// has reached its end (a new source line, the instruction after, the caller's line). A call being stepped
// over is run at full speed to a temporary breakpoint at its return address ("over-call").
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { SYSCALL_PAGE_ADDRESS } from '../../emulator/kernel/abi';
import { SDK_DEBUG_PREFIX, sdkRoot } from '../../sdk/builder';
import type { BreakpointTable } from '../breakpoint-table';
import type { DebugInfo } from '../debug-info/debug-info';

export type StepHow = 'next' | 'stepIn';

export interface StepMode {
  kind: 'step';
  how: StepHow;
  instruction: boolean;
  thread: Thread;
  startFile?: string;
  startLine?: number;
  startBlock?: { start: number; end: number };
  startEsp: number;
  /** Running over a call: wait for the thread at `address` with esp at least `esp`. */
  overCall?: { address: number; esp: number };
  /** The step starts at a kernel frame: execute the system call instead of stopping before it again. */
  skipKernelStop: boolean;
}

export type RunMode =
  | { kind: 'continue' }
  | StepMode
  | { kind: 'stepOut'; thread: Thread; address: number; cfa: number }
  /** Step into IPC partner: run until the next message `thread` sends is received, stop the receiver. */
  | { kind: 'follow'; thread: Thread }
  /** The partner received it: step it out of the SDK's IPC code to the first line of its own source. */
  | { kind: 'toUserCode'; thread: Thread; description: string; steps: number };

/** Instructions "step into IPC partner" steps through SDK code before it stops wherever the partner is. */
export const MAX_PARTNER_STEPS = 100_000;

export function eipOf(t: Thread): number {
  return Machine.readRegister(t, 'eip');
}

export function espOf(t: Thread): number {
  return Machine.readRegister(t, 'esp');
}

/** The step mode that starts at the thread's current position. */
export function stepFrom(t: Thread, how: StepHow, instruction: boolean, info: DebugInfo | undefined, atKernelFrame: boolean): StepMode {
  const eip = eipOf(t);
  const loc = info?.addressToLine(eip);
  const block = info?.lineBlockAt(eip);
  return {
    kind: 'step', how, thread: t, instruction, startFile: loc?.file, startLine: loc?.line,
    startBlock: block ? { start: block.start, end: block.end } : undefined, startEsp: espOf(t), skipKernelStop: atKernelFrame,
  };
}

/** Is the thread about to execute `int 0x30` or `sysenter`? */
export function atSystemCall(t: Thread): boolean {
  const b = Machine.readMemory(t.task, eipOf(t), 2);
  return !!b && ((b[0] === 0xcd && b[1] === 0x30) || (b[0] === 0x0f && b[1] === 0x34));
}

/** After one instruction of a stepping thread: has the step reached its end? May arm the over-call trap. */
export function stepDone(mode: StepMode, before: { eip: number; esp: number }, info: DebugInfo | undefined, traps: BreakpointTable): boolean {
  const t = mode.thread;
  const eip = eipOf(t);
  const esp = espOf(t);
  const ret = esp === ((before.esp - 4) >>> 0) ? Machine.readU32(t.task, esp) : undefined;
  const isCall = ret !== undefined && ret - before.eip >= 2 && ret - before.eip <= 7 && eip !== ret;
  const overCall = (address: number): false => {
    mode.overCall = { address, esp: (esp + 4) >>> 0 };
    traps.add(Machine.codeBreakpoints(t.task), address, { kind: 'temp', threadId: t.id, tag: 'over-call' });
    return false;
  };
  if (mode.instruction) return isCall && mode.how === 'next' ? overCall(ret) : true;
  // Step into a call of the syscall page: keep single-stepping so that the `int 0x30` stops in a kernel frame.
  if (isCall && mode.how === 'stepIn' && ((eip & ~0xfff) >>> 0) === SYSCALL_PAGE_ADDRESS) return false;
  if (!info) return true; // no debug info: one instruction
  if (mode.startLine === undefined) {
    // Started where there is no line info (a kernel frame, a stub): run on to the start of a source line.
    const b = info.lineBlockAt(eip);
    return !!b && b.start === eip && b.isStmt;
  }
  if (isCall) {
    const entersSource = info.addressToLine(eip) !== undefined;
    if (mode.how === 'next' || !entersSource) return overCall(ret);
  }
  const block = info.lineBlockAt(eip);
  if (!block || block.start !== eip || !block.isStmt) return false;
  const fn = info.functionAt(eip);
  if (fn?.die && eip === fn.low && (isCall || mode.how === 'stepIn')) return false; // the prologue row: go on to the body
  const sameLine = block.line === mode.startLine && block.file === mode.startFile;
  const inStartBlock = mode.startBlock !== undefined && eip >= mode.startBlock.start && eip < mode.startBlock.end;
  if (sameLine && inStartBlock && esp === mode.startEsp) return false;
  if (sameLine && !isCall && esp === mode.startEsp && eip > before.eip) return false; // another row of the same line
  return true;
}

/** Is the thread at the first instruction of a statement in a source file that is not the SDK's? */
export function atUserLine(t: Thread, info: DebugInfo | undefined): boolean {
  if (!info) return true;
  const eip = eipOf(t);
  const b = info.lineBlockAt(eip);
  if (!b || b.start !== eip || !b.isStmt) return false;
  return !isSdkSource(b.file);
}

/** Sources of the SDK (headers with the l4_ipc_* inlines, libc, crt0), as DebugInfo maps them. */
function isSdkSource(file: string): boolean {
  let root: string;
  try {
    root = sdkRoot();
  } catch {
    return file.startsWith(`${SDK_DEBUG_PREFIX}/`);
  }
  return file.startsWith(root + path.sep) || file.startsWith(`${SDK_DEBUG_PREFIX}/`);
}
