// JavaScript emitted for the commonest instruction shapes inside compiled blocks, with registers, immediates
// and addresses folded in as constants. Anything not listed here is compiled as a call of its handler, so
// every template must behave exactly like the handler it replaces (the differential tests run both tiers).
import type { Insn, Handler } from './decoded-instruction';
import * as C from './ops-control';
import * as F from './ops-fast';
import * as M from './ops-move';
import * as A from './ops-alu';

const ARITH = 0x8d5; // ARITH_FLAGS
const OP_ADD = 0, OP_SUB = 2, OP_LOGIC = 4; // FlagOp values

/** Handlers that neither fault nor read memory when their operands are registers. */
const PURE_REG = new Set<Handler>([
  M.movRR32, F.movGR32, F.movRI32, F.lea32, M.lea, F.test32RR, F.inc32, F.dec32, A.aluGE32rr, M.convert,
  M.bswap, M.flagOp, C.nop, M.setcc, M.cmov, M.movEG, M.movGE, M.movEI, A.aluEG, A.aluGE, A.aluEI, A.testEG,
  A.testEI, A.incdecR, A.incdecE, A.notE, A.negE, A.imulGE, A.shiftE, A.shiftDouble, A.bitScan, M.movExtend,
  M.xchgEG, A.xadd, M.sahf, M.lahf,
  ...F.ALU32_EG_RR, ...F.ALU32_GE_RR, ...F.ALU32_EI_R,
].filter((h): h is Handler => h !== undefined));

export function isPure(i: Insn): boolean {
  return !i.mem && PURE_REG.has(i.fn);
}

/** The linear address of i's memory operand as a JavaScript expression over `r` and `c`. */
function ea(i: Insn): string {
  const parts: string[] = [];
  if (i.base !== 8) parts.push(`r[${i.base}]`);
  if (i.index !== 8) parts.push(i.scale !== 0 ? `(r[${i.index}] << ${i.scale})` : `r[${i.index}]`);
  if (i.disp !== 0 || parts.length === 0) parts.push(`${i.disp | 0}`);
  parts.push(`c.sb[${i.seg}]`);
  return `((${parts.join(' + ')}) | 0)`;
}

function lazy(op: number, a: string, b: string, res: string): string {
  return `c.lop = ${op}; c.la = ${a}; c.lb = ${b}; c.lr = ${res}; c.lsz = 32; c.lazy = ${ARITH};`;
}

/** The JavaScript for a 32-bit ALU op (0-7 except adc/sbb) with destination `dst` (or none for cmp). */
function alu32(op: number, dst: string, src: string): string | undefined {
  switch (op) {
    case 0: return `{ const a = ${dst}, b = ${src}, x = (a + b) | 0; ${dst} = x; ${lazy(OP_ADD, 'a', 'b', 'x')} }`;
    case 1: return `{ const x = ${dst} | ${src}; ${dst} = x; ${lazy(OP_LOGIC, '0', '0', 'x')} }`;
    case 4: return `{ const x = ${dst} & ${src}; ${dst} = x; ${lazy(OP_LOGIC, '0', '0', 'x')} }`;
    case 5: return `{ const a = ${dst}, b = ${src}, x = (a - b) | 0; ${dst} = x; ${lazy(OP_SUB, 'a', 'b', 'x')} }`;
    case 6: return `{ const x = ${dst} ^ ${src}; ${dst} = x; ${lazy(OP_LOGIC, '0', '0', 'x')} }`;
    case 7: return `{ const a = ${dst}, b = ${src}; ${lazy(OP_SUB, 'a', 'b', '(a - b) | 0')} }`;
    default: return undefined;
  }
}

/** Inline JavaScript for `i`, or undefined to call its handler. `c.eip` holds the next address for the last one. */
export function emitInline(i: Insn): string | undefined {
  const fn = i.fn;
  if (fn === M.movRR32) return `r[${i.rm}] = r[${i.reg}];`;
  if (fn === F.movGR32) return `r[${i.reg}] = r[${i.rm}];`;
  if (fn === F.movRI32) return `r[${i.rm}] = ${i.imm | 0};`;
  if (fn === F.lea32) {
    const e = ea(i).replace(/ \+ c\.sb\[\d\]/, '');
    return `r[${i.reg}] = ${e};`;
  }
  if (fn === M.load32) return `r[${i.reg}] = c.rd32(${ea(i)});`;
  if (fn === M.store32) return `c.wr32(${ea(i)}, r[${i.reg}]);`;
  if (fn === F.movzxByteLoad) return `r[${i.reg}] = c.rd8(${ea(i)});`;
  if (fn === F.storeByteReg) return `c.wr8(${ea(i)}, c.r8[${[0, 4, 8, 12, 1, 5, 9, 13][i.reg]}]);`;
  if (fn === F.storeByteImm) return `c.wr8(${ea(i)}, ${i.imm & 0xff});`;
  if (fn === F.push32R) return `c.push32(r[${i.reg}]);`;
  if (fn === F.pop32R) return `{ const v = c.pop32(); r[${i.reg}] = v; }`;
  if (fn === F.test32RR) return `{ const x = r[${i.rm}] & r[${i.reg}]; ${lazy(OP_LOGIC, '0', '0', 'x')} }`;
  if (fn === F.cmp32RM) return alu32(7, `r[${i.reg}]`, `c.rd32(${ea(i)})`);
  if (fn === F.cmp32MI) return alu32(7, `c.rd32(${ea(i)})`, `${i.imm | 0}`);
  if (fn === F.ALU32_EG_RR[i.op]) return alu32(i.op, `r[${i.rm}]`, `r[${i.reg}]`);
  if (fn === F.ALU32_GE_RR[i.op]) return alu32(i.op, `r[${i.reg}]`, `r[${i.rm}]`);
  if (fn === F.ALU32_EI_R[i.op]) return alu32(i.op, `r[${i.rm}]`, `${i.imm | 0}`);
  if (fn === C.jcc) return `if (c.cond(${i.op})) c.eip = (c.eip + ${i.imm | 0}) >>> 0;`;
  if (fn === C.jmpRel) return `c.eip = (c.eip + ${i.imm | 0}) >>> 0;`;
  if (fn === C.callRel) return `c.push32(c.eip); c.eip = (c.eip + ${i.imm | 0}) >>> 0;`;
  return undefined;
}
