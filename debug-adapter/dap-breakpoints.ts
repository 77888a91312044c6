// The runtime's breakpoints as DAP Breakpoint objects, and instruction references parsed into the runtime's
// instruction-breakpoint specs.
import { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'path';
import { decodeMemoryReference, encodeMemoryReference } from './memory-reference';
import type { InstructionBreakpointSpec } from './runtime/code-breakpoints';
import type { UserBreakpoint } from './user-breakpoints';

export function toDapBreakpoint(bp: UserBreakpoint): DebugProtocol.Breakpoint {
  const b: DebugProtocol.Breakpoint = { id: bp.id, verified: bp.verified, message: bp.problem ?? (bp.verified ? undefined : bp.message) };
  if (bp.kind === 'line') {
    b.line = bp.resolvedLine ?? bp.line;
    b.source = { path: bp.file, name: path.basename(bp.file!) };
  }
  if (bp.kind === 'instruction' && bp.address !== undefined) b.instructionReference = encodeMemoryReference(bp.taskId ?? 0, bp.address);
  return b;
}

/**
 * setInstructionBreakpoints: `set` arms the well-formed ones; the answer lists every requested breakpoint in
 * order, a bad reference as an unverified breakpoint that says what is expected.
 */
export function setInstructionBreakpoints(requested: DebugProtocol.InstructionBreakpoint[], set: (specs: InstructionBreakpointSpec[]) => UserBreakpoint[]): DebugProtocol.Breakpoint[] {
  const bad = new Map<number, DebugProtocol.Breakpoint>();
  const specs: InstructionBreakpointSpec[] = [];
  requested.forEach((b, i) => {
    const ref = /^task:/.test(b.instructionReference) ? decodeMemoryReference(b.instructionReference) : decodeMemoryReference(b.instructionReference, -1);
    if (!ref) bad.set(i, { verified: false, message: `bad instruction reference "${b.instructionReference}" — expected task:<id>:0x<address> or 0x<address>` });
    else specs.push({ ...b, taskId: ref.taskId < 0 ? undefined : ref.taskId, address: (ref.address + (b.offset ?? 0)) >>> 0 });
  });
  // The runtime's list is its record of the breakpoints (armed again in every task seen later): read, not taken.
  const armed = set(specs);
  let next = 0;
  return requested.map((_b, i) => bad.get(i) ?? toDapBreakpoint(armed[next++]));
}
