// C variables of a stack frame as typed values for conditions and logpoints: where DWARF says the variable
// lives (memory, a register, a constant) and the number its type gives the bytes there. Nothing is formatted.
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import type { DebugInfo } from '../debug-info/debug-info';
import { evaluateLocation, Location } from '../debug-info/dwarf-location';
import type { StackFrameInfo } from '../debug-info/unwinder';
import { isStructured, scalarNumber, typeSize } from '../debug-info/variable-values';

export interface LocalValue {
  /** undefined: the variable is a structure, an array, or not available here. */
  value?: number;
  /** The variable's address when it lives in memory. */
  address?: number;
}

/** The variable `name` visible at the frame's pc, or undefined when the frame has none of that name. */
export function readLocal(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo, name: string): LocalValue | undefined {
  const v = info.variablesAt(frameIndex === 0 ? frame.pc : frame.pc - 1).find((x) => x.name === name);
  if (!v) return undefined;
  const loc = v.location ? locate(thread, frame, frameIndex, info, v.location) : undefined;
  if (!loc) return {};
  if (loc.kind === 'value') return { value: loc.value };
  if (loc.kind === 'register') return { value: frame.regs[loc.reg] };
  const lookup = (o: number) => info.die(o);
  if (isStructured(v.type, lookup)) return { address: loc.address };
  const size = typeSize(v.type, lookup);
  const bytes = size > 0 && size <= 8 ? Machine.readMemory(thread.task, loc.address, size) : undefined;
  return { address: loc.address, value: bytes ? scalarNumber(v.type, bytes, lookup) : undefined };
}

function locate(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo, location: Uint8Array): Location | undefined {
  const readU32 = (a: number) => Machine.readU32(thread.task, a);
  const reg = (n: number) => frame.regs[n];
  const cfa = frame.cfa ?? info.unwinder.cfaOf(frame, frameIndex === 0, readU32);
  const fbExpr = info.frameBaseAt(frame.pc);
  const fb = fbExpr ? evaluateLocation(fbExpr, { reg, cfa, readU32 }) : undefined;
  return evaluateLocation(location, { reg, cfa, frameBase: fb?.kind === 'memory' ? fb.address : undefined, readU32 });
}
