// The Debug Console / watch evaluator: registers (`eax`, `$eip`), numbers, symbols (`main`, `&counter`), memory
// reads (`*(int*)0x804a000`, `*0xb3000000`, `*(char*)$esp`) and, through the Locals view's logic, C variables.
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import { DebugInfo } from './debug-info/debug-info';
import { StackFrameInfo } from './debug-info/unwinder';
import { GPR_NAMES } from './register-names';
import { Machine } from '../emulator/machine';

export class EvaluationError extends Error {}

const TYPE_SIZES: Record<string, { size: number; signed: boolean; char?: boolean }> = {
  int: { size: 4, signed: true }, 'unsigned int': { size: 4, signed: false }, unsigned: { size: 4, signed: false },
  long: { size: 4, signed: true }, 'unsigned long': { size: 4, signed: false }, short: { size: 2, signed: true },
  'unsigned short': { size: 2, signed: false }, char: { size: 1, signed: true, char: true }, 'unsigned char': { size: 1, signed: false, char: true },
  'signed char': { size: 1, signed: true, char: true }, int8_t: { size: 1, signed: true }, uint8_t: { size: 1, signed: false },
  int16_t: { size: 2, signed: true }, uint16_t: { size: 2, signed: false }, int32_t: { size: 4, signed: true }, uint32_t: { size: 4, signed: false },
  l4_umword_t: { size: 4, signed: false }, l4_mword_t: { size: 4, signed: true }, l4_uint32_t: { size: 4, signed: false },
  'long long': { size: 8, signed: true }, 'unsigned long long': { size: 8, signed: false }, uint64_t: { size: 8, signed: false }, int64_t: { size: 8, signed: true },
  'void': { size: 4, signed: false },
};

export interface EvaluationResult {
  text: string;
  /** The address the result lives at or points to, for memory views. */
  address?: number;
}

export class ExpressionEvaluator {
  constructor(
    private readonly thread: Thread,
    private readonly frame: StackFrameInfo | undefined,
    private readonly info: DebugInfo | undefined,
    private readonly symbols: Array<{ name: string; value: number; type?: string }>,
    private readonly localValue: (name: string) => string | undefined,
  ) {}

  evaluate(expression: string): EvaluationResult {
    const e = expression.trim();
    if (e === '') throw new EvaluationError('empty expression');
    const deref = /^\*\s*(?:\(\s*([a-z_][\w ]*?)\s*\*\s*\))?\s*(.+)$/i.exec(e);
    if (deref) {
      const typeName = (deref[1] ?? 'unsigned int').replace(/\s+/g, ' ');
      const type = TYPE_SIZES[typeName];
      if (!type) throw new EvaluationError(`unknown type "${typeName}" — use int, unsigned, short, char, uint32_t, ...`);
      const address = this.scalar(deref[2]);
      const bytes = Machine.readMemory(this.thread.task, address, type.size);
      if (!bytes) throw new EvaluationError(`cannot read ${type.size} bytes at ${hex32(address)}: not mapped in task ${this.thread.task.name}`);
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let text: string;
      switch (type.size) {
        case 1: text = String(type.signed ? v.getInt8(0) : v.getUint8(0)); break;
        case 2: text = String(type.signed ? v.getInt16(0, true) : v.getUint16(0, true)); break;
        case 8: text = String(type.signed ? v.getBigInt64(0, true) : v.getBigUint64(0, true)); break;
        default: {
          const n = type.signed ? v.getInt32(0, true) : v.getUint32(0, true);
          text = `${n} (${hex32(n)})`;
        }
      }
      if (type.char) text += ` '${String.fromCharCode(bytes[0])}'`;
      return { text, address };
    }
    const local = /^[a-z_]\w*$/i.test(e) ? this.localValue(e) : undefined;
    if (local !== undefined) return { text: local };
    // A global variable by name: its value, as in C (`&name` gives the address).
    const data = /^[a-z_]\w*$/i.test(e) ? this.symbols.find((s) => s.name === e && s.type === 'object') : undefined;
    if (data) {
      const v = Machine.readU32(this.thread.task, data.value);
      if (v === undefined) throw new EvaluationError(`${e} at ${hex32(data.value)} is not mapped`);
      return { text: `${v} (${hex32(v)})`, address: data.value >>> 0 };
    }
    const value = this.scalar(e);
    return { text: `${hex32(value)} (${value >>> 0})`, address: value >>> 0 };
  }

  /** A register, number, symbol or `&symbol`, optionally `+`/`-` a number. */
  private scalar(text: string): number {
    const t = text.trim().replace(/^\((.*)\)$/, '$1').trim();
    const sum = /^(.+?)\s*([+-])\s*(0x[0-9a-f]+|\d+)$/i.exec(t);
    if (sum) return (this.scalar(sum[1]) + (sum[2] === '+' ? 1 : -1) * Number(sum[3])) >>> 0;
    if (/^(0x[0-9a-f]+|\d+)$/i.test(t)) return Number(t) >>> 0;
    const reg = t.replace(/^\$/, '').toLowerCase();
    const gi = (GPR_NAMES as readonly string[]).indexOf(reg);
    if (gi >= 0) {
      const v = this.frame ? this.frame.regs[gi] : Machine.readRegister(this.thread, GPR_NAMES[gi]);
      if (v === undefined) throw new EvaluationError(`${reg} is not recoverable in this frame`);
      return v >>> 0;
    }
    if (reg === 'eip' || reg === 'pc') return (this.frame ? this.frame.pc : Machine.readRegister(this.thread, 'eip')) >>> 0;
    if (reg === 'eflags') return Machine.readRegister(this.thread, 'eflags');
    const name = t.replace(/^&/, '');
    const fn = this.info?.functionByName(name);
    if (fn) return fn.low;
    const sym = this.symbols.find((s) => s.name === name);
    if (sym) return sym.value >>> 0;
    throw new EvaluationError(`cannot evaluate "${text}": not a register, number, symbol or memory read (*(int*)0x...)`);
  }
}
