// The ALU family (add or adc sbb and sub xor cmp, plus test): ONE definition per operation. The interpreter's
// sized `alu`, the specialised 32-bit handlers of the fast tier and the templates of compiled blocks are all
// generated from these definitions, so an operation's result and flags are written once.
import type { Cpu } from './cpu';
import type { Handler, Insn } from './decoded-instruction';
import { ARITH_FLAGS, CF, FlagOp } from './flags';

/** How an operation sets the lazy flags; also what the fused flag locals of a compiled block can answer. */
export type AluFlagKind = 'add' | 'adc' | 'sub' | 'sbb' | 'logic';

export interface AluOp {
  name: string;
  /** The result as a JavaScript expression of the operand expressions (and `cf`, the carry-in, for adc/sbb), unwrapped. */
  result: (a: string, b: string) => string;
  flags: AluFlagKind;
  /** cmp and test: only the flags change. */
  discard: boolean;
  /** inc and dec: CF keeps its value (the second operand is the constant 1). */
  keepsCarry?: boolean;
}

/** Indexed by the ALU op number (opcode bits 3-5, or ModRM.reg of 80-83). */
export const ALU_OPS: readonly AluOp[] = [
  { name: 'add', result: (a, b) => `${a} + ${b}`, flags: 'add', discard: false },
  { name: 'or', result: (a, b) => `${a} | ${b}`, flags: 'logic', discard: false },
  { name: 'adc', result: (a, b) => `${a} + ${b} + cf`, flags: 'adc', discard: false },
  { name: 'sbb', result: (a, b) => `${a} - ${b} - cf`, flags: 'sbb', discard: false },
  { name: 'and', result: (a, b) => `${a} & ${b}`, flags: 'logic', discard: false },
  { name: 'sub', result: (a, b) => `${a} - ${b}`, flags: 'sub', discard: false },
  { name: 'xor', result: (a, b) => `${a} ^ ${b}`, flags: 'logic', discard: false },
  { name: 'cmp', result: (a, b) => `${a} - ${b}`, flags: 'sub', discard: true },
];
export const TEST_OP: AluOp = { name: 'test', result: ALU_OPS[4].result, flags: 'logic', discard: true };
export const INC_OP: AluOp = { name: 'inc', result: ALU_OPS[0].result, flags: 'add', discard: false, keepsCarry: true };
export const DEC_OP: AluOp = { name: 'dec', result: ALU_OPS[5].result, flags: 'sub', discard: false, keepsCarry: true };

/** Whether the operation reads CF first (its statements need `const cf = c.getCF();`). */
export function needsCarry(op: AluOp): boolean {
  return op.flags === 'adc' || op.flags === 'sbb' || op.keepsCarry === true;
}

/** The lazy-flag mask and, for inc/dec, the statement putting the saved CF back. */
function lazyTailJs(op: AluOp): string {
  return op.keepsCarry === true ? `c.flags = (c.flags & ~${CF}) | cf; c.lazy = ${ARITH_FLAGS & ~CF};` : `c.lazy = ${ARITH_FLAGS};`;
}

/** `c.lop` for the operation (an expression over `cf` for adc/sbb: with carry-in 0 they are add/sub). */
function lopJs(op: AluOp): string {
  switch (op.flags) {
    case 'add': return `${FlagOp.ADD}`;
    case 'sub': return `${FlagOp.SUB}`;
    case 'logic': return `${FlagOp.LOGIC}`;
    case 'adc': return `cf !== 0 ? ${FlagOp.ADC} : ${FlagOp.ADD}`;
    default: return `cf !== 0 ? ${FlagOp.SBB} : ${FlagOp.SUB}`;
  }
}

/**
 * Statements computing `r = op(a, b)` wrapped to `size` bytes and recording the lazy flags. `a`, `b` and `r` name
 * locals already declared; `a` and `b` must hold the operands (zero-extended below 32 bits). Logic ops record
 * la = lb = 0, which is what the flag evaluation and the fused locals of compiled blocks expect.
 */
export function aluStatementsJs(op: AluOp, size: number, a: string, b: string, r: string): string {
  const carry = needsCarry(op) ? 'const cf = c.getCF(); ' : '';
  const tail = op.keepsCarry === true ? ` ${lazyTailJs(op)}` : '';
  return `{ ${carry}${aluResultJs(op, size, a, b, r)} ${aluRecordJs(op, size, a, b, r).join('; ')};${tail} }`;
}

/** The statements of aluStatementsJs that compute `r` (and zero a and b for logic ops); adc/sbb need `cf` declared. */
export function aluResultJs(op: AluOp, size: number, a: string, b: string, r: string): string {
  const wrap = size === 4 ? '| 0' : `& ${size === 2 ? 0xffff : 0xff}`;
  const ab = op.flags === 'logic' ? ` ${a} = 0; ${b} = 0;` : '';
  return `${r} = (${op.result(a, b)}) ${wrap};${ab}`;
}

/**
 * The assignments of aluStatementsJs recording the lazy flags (for inc and dec, which keep CF, all but the last
 * step): compiled blocks hold them back for the other operations until the flags are needed (a later operation
 * replacing all of them makes them dead).
 */
export function aluRecordJs(op: AluOp, size: number, a: string, b: string, r: string): string[] {
  const rec = [`c.lop = ${lopJs(op)}`, `c.la = ${a}`, `c.lb = ${b}`, `c.lr = ${r}`, `c.lsz = ${size * 8}`];
  if (op.keepsCarry !== true) rec.push(`c.lazy = ${ARITH_FLAGS}`);
  return rec;
}

// ---------------------------------------------------------------- the interpreter's sized alu

/** op: 0 add … 7 cmp. Returns the result masked to `size` bytes and sets the lazy flags. */
export const alu: (c: Cpu, op: number, a: number, b: number, size: number) => number = new Function(`
  const MASK = [0, 0xff, 0xffff, 0, -1];
  return function alu(c, op, a, b, size) {
    const m = MASK[size];
    a &= m;
    b &= m;
    let r = 0;
    switch (op) {
${ALU_OPS.map((op, k) => `      case ${k}: ${sizedCase(op)} return r;`).join('\n')}
    }
    return r;
  };`)();

function sizedCase(op: AluOp): string {
  const carry = needsCarry(op) ? 'const cf = c.getCF(); ' : '';
  const [la, lb] = op.flags === 'logic' ? ['0', '0'] : ['a', 'b'];
  return `{ ${carry}r = (${op.result('a', 'b')}) & m; c.lop = ${lopJs(op)}; c.la = ${la}; c.lb = ${lb}; c.lr = r; c.lsz = size << 3; ${lazyTailJs(op)} }`;
}

/** inc (dec = false) or dec of `v` at `size` bytes: returns the masked result and sets the flags but CF. */
export const incdec: (c: Cpu, v: number, dec: boolean, size: number) => number = new Function(`
  const MASK = [0, 0xff, 0xffff, 0, -1];
  return function incdec(c, v, dec, size) {
    const m = MASK[size];
    const a = v & m, b = 1;
    let r = 0;
    if (dec) ${sizedCase(DEC_OP)} else ${sizedCase(INC_OP)}
    return r;
  };`)();

// ---------------------------------------------------------------- fast tier: 32-bit handlers per operand form

/** Operand shapes of the 32-bit fast handlers: where the operands come from and where the result goes. */
export const FAST_FORMS = {
  /** op r/m32(reg), r32 */
  EG_RR: { a: 'c.r[i.rm]', b: 'c.r[i.reg]', dst: 'c.r[i.rm]' },
  /** op r32, r/m32(reg) */
  GE_RR: { a: 'c.r[i.reg]', b: 'c.r[i.rm]', dst: 'c.r[i.reg]' },
  /** op r32 (inc/dec: the register in the opcode's low bits, in ModRM.reg's field) */
  R: { a: 'c.r[i.reg]', b: '1', dst: 'c.r[i.reg]' },
  /** op r/m32(reg), imm */
  EI_R: { a: 'c.r[i.rm]', b: 'i.imm', dst: 'c.r[i.rm]' },
  /** op r32, [mem] */
  GE_RM: { a: 'c.r[i.reg]', b: 'c.rd32(c.ea(i))', dst: 'c.r[i.reg]' },
  /** op [mem], imm (read-only ops: a store needs the read-for-write check) */
  EI_M: { a: 'c.rd32(c.ea(i))', b: 'i.imm', dst: undefined },
} as const;
export type FastForm = keyof typeof FAST_FORMS;

/**
 * The specialised 32-bit handler of `op` in `form`: no size switch and no op dispatch. Each is its own function
 * so its call sites stay monomorphic.
 */
export function fastAluHandler(op: AluOp, form: FastForm): Handler {
  const f = FAST_FORMS[form];
  if (f.dst === undefined && !op.discard) throw new Error(`${op.name} ${form}: no destination`);
  const store = op.discard ? '' : `${f.dst} = r; `;
  const body = `let a = ${f.a}, b = ${f.b}, r = 0; ${aluStatementsJs(op, 4, 'a', 'b', 'r')} ${store}`;
  // inc/dec store before the flag update in the other tiers; for a register the order is not observable.
  return new Function(`return function ${op.name}32_${form}(c, i) { ${body} };`)() as (c: Cpu, i: Insn) => void;
}

/** Fast handlers by ALU op for one form; undefined for ops without one (adc/sbb need CF and stay generic). */
function fastTable(form: FastForm, ops: readonly number[]): Array<Handler | undefined> {
  return ALU_OPS.map((op, k) => (ops.includes(k) ? fastAluHandler(op, form) : undefined));
}
const WITHOUT_CARRY = [0, 1, 4, 5, 6, 7];
export const ALU32_EG_RR = fastTable('EG_RR', WITHOUT_CARRY);
export const ALU32_GE_RR = fastTable('GE_RR', WITHOUT_CARRY);
export const ALU32_EI_R = fastTable('EI_R', WITHOUT_CARRY);
/** cmp r32, [mem] and cmp [mem], imm: the loop-condition shapes. */
export const cmp32RM = fastAluHandler(ALU_OPS[7], 'GE_RM');
export const cmp32MI = fastAluHandler(ALU_OPS[7], 'EI_M');
export const test32RR = fastAluHandler(TEST_OP, 'EG_RR');
export const inc32 = fastAluHandler(INC_OP, 'R');
export const dec32 = fastAluHandler(DEC_OP, 'R');
