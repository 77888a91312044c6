// The Call Stack view of a thread: a kernel frame on top when a step stopped in front of a system call, then
// the unwound frames with function, source position, and the instruction pointer for the Disassembly view.
import { StackFrame } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Machine } from '../emulator/machine';
import type { Thread } from '../emulator/kernel/thread';
import { SYSCALL_PAGE_ADDRESS } from '../emulator/kernel/abi';
import { hex32 } from '../emulator/util/hex';
import type { StackFrameInfo } from './debug-info/unwinder';
import type { DecodedInvocation } from './ipc-descriptions';
import { encodeMemoryReference } from './memory-reference';
import type { DebugRuntime } from './runtime/debug-runtime';
import { isSdkSource } from './runtime/stepping';

export interface FrameRef {
  thread: Thread;
  index: number;
  frame: StackFrameInfo;
  invocation?: DecodedInvocation;
}

/** The client's conventions: where sources are, whether lines and columns count from 1. */
export interface ClientPositions {
  source(file: string): DebugProtocol.Source;
  line(n: number): number;
  column(n: number): number;
}

export function stackFrames(t: Thread, runtime: DebugRuntime, handle: (f: FrameRef) => number, client: ClientPositions): DebugProtocol.StackFrame[] {
  const all = runtime.unwind(t);
  // Each frame in the image that holds its code (l4re's and the program's share a task).
  const infoAt = (pc: number) => runtime.debugInfo(t.task, pc);
  const list: DebugProtocol.StackFrame[] = [];
  const kf = runtime.stops.kernelFrame?.thread === t ? runtime.stops.kernelFrame : undefined;
  if (kf) {
    const sf = new StackFrame(handle({ thread: t, index: 0, frame: all[0], invocation: kf.invocation }), kf.invocation.summary) as DebugProtocol.StackFrame;
    sf.presentationHint = 'label';
    sf.instructionPointerReference = encodeMemoryReference(t.task.id, Machine.readRegister(t, 'eip'));
    list.push(sf);
  }
  // Stopped in the syscall stub (a system call stop): the SDK's inline wrappers between it and the program's
  // own code are real C, but not where the user is; deemphasized, VS Code focuses the caller's line instead.
  let inSyscallWrappers = all.length > 0 && inSyscallPage(all[0].pc);
  all.forEach((f, index) => {
    const lookupPc = index === 0 ? f.pc : f.pc - 1;
    const info = infoAt(lookupPc);
    const fn = info?.functionAt(lookupPc);
    const loc = info?.addressToLine(lookupPc);
    const name = fn ? fn.name : inSyscallPage(f.pc) ? syscallStubName(t, all[index + 1] && infoAt(all[index + 1].pc - 1)?.functionAt(all[index + 1].pc - 1)?.name) : hex32(f.pc);
    const sf: DebugProtocol.StackFrame = {
      id: handle({ thread: t, index, frame: f }), name,
      source: loc ? client.source(loc.file) : undefined,
      line: loc ? client.line(loc.line) : 0, column: loc ? client.column(Math.max(loc.column, 1)) : 0,
      instructionPointerReference: encodeMemoryReference(t.task.id, f.pc),
    };
    if (!loc) sf.presentationHint = 'subtle';
    else if (inSyscallWrappers && isSdkSource(loc.file)) {
      sf.presentationHint = 'subtle';
      sf.source = { ...sf.source, presentationHint: 'deemphasize' };
    } else inSyscallWrappers = false;
    list.push(sf);
  });
  return list;
}

function inSyscallPage(pc: number): boolean {
  return ((pc & ~0xfff) >>> 0) === SYSCALL_PAGE_ADDRESS;
}

/** `l4_ipc: system call (__l4sys_invoke_direct)`: the SDK function that called the stub, and the stub's symbol. */
function syscallStubName(t: Thread, caller: string | undefined): string {
  const stub = t.task.image?.elf.symbols().find((s) => s.value >>> 0 === SYSCALL_PAGE_ADDRESS && s.name !== '')?.name ?? 'syscall page';
  return caller ? `${caller}: system call (${stub})` : `system call (${stub})`;
}
