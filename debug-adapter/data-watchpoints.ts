// Data breakpoints without CPU watchpoint support. While any is set the session runs the machine one
// instruction at a time and:
//  - write: compares the watched bytes after every instruction (exact for any change of value, by the thread
//    or by the kernel — e.g. an IPC copying into a UTCB; a write of the same value is not seen);
//  - read/access: decodes the explicit memory operand of the instruction a thread is about to execute and
//    stops before it when it overlaps (implicit accesses — push/pop/call/ret, string instructions, the kernel
//    reading a UTCB — are not seen);
//  - capability slots: a change of the slot (mapped, unmapped, other object or rights) is a write; invoking
//    the slot in a system call is a read.
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';

export type AccessType = 'read' | 'write' | 'readWrite';

export type WatchTarget =
  | { kind: 'memory'; taskId: number; address: number; size: number }
  | { kind: 'cap'; taskId: number; slot: number };

export interface Watchpoint {
  id: number;
  dataId: string;
  target: WatchTarget;
  accessType: AccessType;
  condition?: string;
  hitCondition?: string;
  hits: number;
  /** Last seen contents (memory bytes, or a capability slot's object id and rights). */
  snapshot?: string;
}

export function encodeDataId(t: WatchTarget): string {
  return t.kind === 'memory' ? `mem:${t.taskId}:${hex32(t.address)}:${t.size}` : `cap:${t.taskId}:${t.slot}`;
}

export function decodeDataId(id: string): WatchTarget | undefined {
  const m = /^mem:(\d+):(0x[0-9a-f]+):(\d+)$/i.exec(id);
  if (m) return { kind: 'memory', taskId: Number(m[1]), address: parseInt(m[2], 16) >>> 0, size: Number(m[3]) };
  const c = /^cap:(\d+):(\d+)$/.exec(id);
  if (c) return { kind: 'cap', taskId: Number(c[1]), slot: Number(c[2]) };
  return undefined;
}

export function describeTarget(t: WatchTarget, task: Task | undefined): string {
  const name = task?.name ?? `task ${t.taskId}`;
  return t.kind === 'memory' ? `${t.size} byte${t.size === 1 ? '' : 's'} at ${hex32(t.address)} in ${name}` : `capability slot ${t.slot} of ${name}`;
}

export function snapshotOf(t: WatchTarget, task: Task | undefined): string {
  if (!task) return 'gone';
  if (t.kind === 'memory') {
    const b = task.as.read(t.address, t.size);
    return b ? Buffer.from(b).toString('hex') : 'unmapped';
  }
  const e = task.caps.lookup(t.slot);
  return e ? `${e.object.id}/${e.rights}` : 'empty';
}

const REGS = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const REG16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
/** Instructions whose memory operand is not read (only written, or only its address taken). */
const WRITE_ONLY = /^(mov[bwl]?|movs[bw]l?|movz[bw]l?|set\w+|fstp?\w*|fistp?\w*|lea[lw]?)\s/;

/**
 * The explicit memory operand an AT&T-syntax instruction text names, with its effective address and whether
 * it reads it. `regs` are the thread's registers; `segBase` gives %fs/%gs bases.
 */
export function memoryOperand(text: string, regs: ArrayLike<number>, segBase: (seg: string) => number): { address: number; size: number; reads: boolean; writes: boolean } | undefined {
  const [mnemonic, ops = ''] = text.trim().split(/\s+(.*)/s);
  if (/^lea/.test(mnemonic) || /^(nop|j\w+|call|ret)/.test(mnemonic)) return undefined;
  const operands = splitOperands(ops);
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i].replace(/^\*/, '');
    const m = /^(?:%([cdefgs]s):)?(-?0x[0-9a-f]+|-?\d+)?(?:\((%\w+)?(?:,(%\w+)(?:,(\d))?)?\))?$/i.exec(op);
    if (!m || op.startsWith('$') || op.startsWith('%') && !m[1]) continue;
    if (!m[2] && !m[3] && !m[4]) continue;
    const reg = (r: string | undefined): number => {
      if (!r) return 0;
      const name = r.slice(1).toLowerCase();
      const i32 = REGS.indexOf(name);
      if (i32 >= 0) return regs[i32];
      const i16 = REG16.indexOf(name);
      return i16 >= 0 ? regs[i16] & 0xffff : 0;
    };
    const address = ((m[1] ? segBase(m[1].toLowerCase()) : 0) + (m[2] ? parseInt(m[2], m[2].includes('x') ? 16 : 10) : 0) + reg(m[3]) + reg(m[4]) * Number(m[5] ?? 1)) >>> 0;
    const suffix = /([bwlq])$/.exec(mnemonic)?.[1];
    const size = suffix === 'b' ? 1 : suffix === 'w' ? 2 : suffix === 'q' ? 8 : 4;
    const isDest = i === operands.length - 1 && operands.length > 1;
    const reads = !(isDest && WRITE_ONLY.test(`${mnemonic} `));
    const writes = isDest || /^(inc|dec|neg|not|pop|set|fst|fist)/.test(mnemonic);
    return { address, size, reads, writes };
  }
  return undefined;
}

function splitOperands(ops: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of ops) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function overlaps(a: number, alen: number, b: number, blen: number): boolean {
  return a < b + blen && b < a + alen;
}

/** Which watchpoint (if any) the next instruction of `t` reads, given its disassembly. */
export function readHit(watch: Watchpoint[], t: Thread, text: string): Watchpoint | undefined {
  const candidates = watch.filter((w) => w.accessType !== 'write' && w.target.kind === 'memory' && w.target.taskId === t.task.id);
  if (candidates.length === 0) return undefined;
  const op = memoryOperand(text, t.cpu.regs, (seg) => (seg === 'fs' ? t.cpu.segBase[4] : seg === 'gs' ? t.cpu.segBase[5] : 0));
  if (!op || !op.reads) return undefined;
  return candidates.find((w) => w.target.kind === 'memory' && overlaps(op.address, op.size, w.target.address, w.target.size));
}
