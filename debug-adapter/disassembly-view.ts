// The Disassembly view: instructions around an address, forwards and backwards. Going backwards over
// variable-length x86 code is ambiguous, so we decode forward from a point known to be an instruction start
// (the enclosing function's entry) or, failing that, from the earliest of several candidate starts that
// re-synchronise exactly at the target, and keep the instructions that end there.
import { DebugProtocol } from '@vscode/debugprotocol';

/** Reads guest memory of one task (Machine.readMemory); undefined when unmapped. */
export type CodeReader = (address: number, length: number) => Uint8Array | undefined;
import { hex32 } from '../emulator/util/hex';
import { disassemble } from '../emulator/cpu/disassembler';
import type { DebugInfo } from './debug-info/debug-info';

/** One instruction's text, by the CPU's disassembler (objdump's AT&T syntax). */
export function disassembleOne(bytes: Uint8Array, offset: number, address: number): { length: number; text: string } {
  return disassemble(bytes, offset, address);
}

/** The instruction text at an address of a space, or undefined when unmapped. */
export function instructionAt(read: CodeReader, address: number): { length: number; text: string } | undefined {
  const bytes = read(address >>> 0, 16) ?? read(address >>> 0, 1);
  return bytes ? disassembleOne(bytes, 0, address >>> 0) : undefined;
}

export interface SourceNamer {
  source(file: string): DebugProtocol.Source;
}

/** Longest IA-32 instruction. */
const MAX_INSN = 15;

/**
 * Instructions the view decodes at most away from the target: a request further out (VS Code scrolling
 * far, or a hostile client asking for instructionOffset -1000000000) gets placeholder rows, at once.
 */
export const MAX_INSTRUCTION_DISTANCE = 10_000;
/** Instructions decoded at most for one request, over all candidate starts of the backwards search. */
const MAX_DECODED_PER_REQUEST = 500_000;

export function disassembleAround(read: CodeReader, info: DebugInfo | undefined, target: number, instructionOffset: number, count: number, namer: SourceNamer): DebugProtocol.DisassembledInstruction[] {
  count = Math.max(0, Math.min(Math.trunc(count) || 0, MAX_INSTRUCTION_DISTANCE));
  instructionOffset = Math.trunc(instructionOffset) || 0;
  if (instructionOffset < -MAX_INSTRUCTION_DISTANCE - count || instructionOffset > MAX_INSTRUCTION_DISTANCE) {
    // Too far to decode: every row requested lies outside the window, so every row is a placeholder.
    return Array.from({ length: count }, () => ({ address: hex32(0), instruction: '', presentationHint: 'invalid' }));
  }
  if (instructionOffset < -MAX_INSTRUCTION_DISTANCE) {
    const outside = -MAX_INSTRUCTION_DISTANCE - instructionOffset;
    const rows = disassembleAround(read, info, target, -MAX_INSTRUCTION_DISTANCE, count - outside, namer);
    return [...Array.from({ length: outside }, (): DebugProtocol.DisassembledInstruction => ({ address: hex32(0), instruction: '', presentationHint: 'invalid' })), ...rows];
  }
  let decodeBudget = MAX_DECODED_PER_REQUEST;
  const decodeFrom = (from: number, until: (addr: number, n: number) => boolean): DebugProtocol.DisassembledInstruction[] => {
    const out: DebugProtocol.DisassembledInstruction[] = [];
    let a = from >>> 0;
    let lastLine: string | undefined;
    while (!until(a, out.length) && decodeBudget-- > 0) {
      const bytes = read(a, 16) ?? read(a, 1);
      if (!bytes) {
        out.push({ address: hex32(a), instruction: '??', presentationHint: 'invalid' });
        a = (a + 1) >>> 0;
        continue;
      }
      const d = disassembleOne(bytes, 0, a);
      const len = Math.max(1, d.length);
      const ins: DebugProtocol.DisassembledInstruction = { address: hex32(a), instructionBytes: Buffer.from(bytes.subarray(0, len)).toString('hex').replace(/(..)(?!$)/g, '$1 '), instruction: d.text };
      const fn = info?.functionAt(a);
      if (fn && fn.low === a) ins.symbol = fn.name;
      const loc = info?.addressToLine(a);
      if (loc) {
        const key = `${loc.file}:${loc.line}`;
        if (key !== lastLine) {
          ins.location = namer.source(loc.file);
          ins.line = loc.line;
          lastLine = key;
        }
      }
      out.push(ins);
      a = (a + len) >>> 0;
    }
    return out;
  };
  const before = Math.max(0, -instructionOffset);
  let head: DebugProtocol.DisassembledInstruction[] = [];
  if (before > 0) {
    const ending = (from: number): DebugProtocol.DisassembledInstruction[] | undefined => {
      const d = decodeFrom(from, (a, n) => a >= target || n > before * MAX_INSN);
      const end = d.length ? parseInt(d[d.length - 1].address, 16) + Math.max(1, (d[d.length - 1].instructionBytes ?? '').split(' ').filter(Boolean).length) : from;
      return (end >>> 0) === (target >>> 0) ? d : undefined;
    };
    const fn = info?.functionAt(target - 1);
    let found = fn && target - fn.low < 0x4000 && fn.low < target ? ending(fn.low) : undefined;
    if (!found || found.length < before) {
      // Earliest candidate start that lands exactly on the target and gives enough instructions.
      for (let from = (target - before * MAX_INSN) >>> 0; from < target && decodeBudget > 0; from++) {
        const d = ending(from);
        if (d && d.length >= Math.min(before, found?.length ?? 0)) {
          if (!found || d.length > found.length) found = d;
          if (found.length >= before) break;
        }
      }
    }
    head = (found ?? []).slice(-before);
    while (head.length < before) head.unshift({ address: hex32(0), instruction: '', presentationHint: 'invalid' });
  }
  const skip = Math.max(0, instructionOffset);
  const forward = Math.max(0, count - before);
  const tail = decodeFrom(target, (_a, n) => n >= forward + skip).slice(skip);
  return [...head, ...tail].slice(0, count);
}
