// JavaScript emitted for the commonest instruction shapes inside compiled blocks, with registers, immediates,
// addresses and branch targets folded in as constants. Anything not listed here is compiled as a call of its
// handler, so every template must behave exactly like the handler it replaces (the differential tests and
// the replayed vectors run both tiers). Templates name the general registers as the block's locals r0-r7
// (block-registers.ts says when they are loaded and written back).
//
// Flag/branch fusion: ALU templates leave their operands and result in the block's locals fa/fb/fx, so a
// following jcc/setcc/cmov can test them directly instead of calling Cpu.cond(); the lazy-flag fields are
// recorded from the locals only where they can be observed (block-flags.ts). `FlagCtx` tracks whether the
// locals still describe the current flags.
import type { Insn } from './decoded-instruction';
import * as C from './ops-control';
import * as F from './ops-fast';
import * as M from './ops-move';
import * as A from './ops-alu';
import { ALU_OPS, ALU32_EG_RR, ALU32_EI_R, ALU32_GE_RR, AluOp, aluRecordJs, aluResultJs, aluStatementsJs, cmp32MI, cmp32RM, DEC_OP, dec32, INC_OP, inc32, needsCarry, TEST_OP, test32RR } from './alu-semantics';

const BYTE_REG = [0, 4, 8, 12, 1, 5, 9, 13];
const MASK = [0, 0xff, 0xffff, 0, -1];

/** What the block locals fa/fb/fx say about the current flags. */
export interface FlagCtx {
  kind: 'none' | 'sub' | 'logic';
  size: number;
  /**
   * Set by an instruction whose template computes its flags into the locals but leaves out recording them in the
   * Cpu: the assignments that do (compileBlock emits them only where the flags can be observed; see block-flags.ts).
   */
  record?: string[];
}

/** Neither faults nor touches memory (the opcode table's `pure`, with register operands): no `bk` or generation check. */
export function isPure(i: Insn): boolean {
  return i.pure;
}

/** Whether template `js` accesses memory (the page table or a Cpu memory method): only such a template can fault or change code. */
export function touchesMemory(js: string): boolean {
  return /\bpt\[|\bc\.(rd8|rd16|rd32|rdw|rd|wr8|wr16|wr32|wr)\(/.test(js);
}

/** The linear address of i's memory operand as a JavaScript expression over `r` and `c`. */
function ea(i: Insn): string {
  const parts: string[] = [];
  if (i.base !== 8) parts.push(`r${i.base}`);
  if (i.index !== 8) parts.push(i.scale !== 0 ? `(r${i.index} << ${i.scale})` : `r${i.index}`);
  if (i.disp !== 0 || parts.length === 0) parts.push(`${i.disp | 0}`);
  parts.push(`c.sb[${i.seg}]`);
  return `((${parts.join(' + ')}) | 0)`;
}

/** shl/sal (4, 6), shr (5) or sar (7) of register `n` by `k` (an expression in 1..31), as shiftOp does for 32 bits. */
function shift32(op: number, n: number, k: string): string {
  if (op === 5) return `{ const v = r${n}, x = v >>> ${k}; r${n} = x; c.setResultFlags(x, 32, (v >>> (${k} - 1)) & 1, (v >>> 31) & 1); }`;
  if (op === 7) return `{ const v = r${n}, x = v >> ${k}; r${n} = x; c.setResultFlags(x, 32, (v >> (${k} - 1)) & 1, 0); }`;
  return `{ const v = r${n}, x = v << ${k}, cf = (v >>> (32 - ${k})) & 1; r${n} = x; c.setResultFlags(x, 32, cf, ((x >>> 31) & 1) ^ cf); }`;
}

/** shld (op 0) / shrd (op 1) of register `d` with bits from register `s` by `k` (1..31), as shiftDouble does. */
function shiftDouble32(op: number, d: number, s: number, k: string): string {
  const x = op === 0 ? `(v << ${k}) | (w >>> (32 - ${k}))` : `(v >>> ${k}) | (w << (32 - ${k}))`;
  const cf = op === 0 ? `(v >>> (32 - ${k})) & 1` : `(v >>> (${k} - 1)) & 1`;
  return `{ const v = r${d}, w = r${s}, x = (${x}) | 0; r${d} = x; c.setResultFlags(x, 32, ${cf}, ((x ^ v) >>> 31) & 1); }`;
}

/**
 * Read and write expressions of a register operand of the given size, over the block's register locals r0-r7
 * (see block-registers.ts): byte and word registers are bit fields of them.
 */
function regRead(n: number, size: number): string {
  if (size === 4) return `r${n}`;
  if (size === 2) return `(r${n} & 65535)`;
  const b = BYTE_REG[n];
  return `((r${b >> 2} >>> ${(b & 3) * 8}) & 255)`;
}
function regWrite(n: number, size: number, v: string): string {
  if (size === 4) return `r${n} = ${v};`;
  if (size === 2) return `r${n} = (r${n} & -65536) | ((${v}) & 65535);`;
  const b = BYTE_REG[n], reg = b >> 2, shift = (b & 3) * 8;
  return `r${reg} = (r${reg} & ${~(255 << shift)}) | (((${v}) & 255) << ${shift});`;
}

// Software-TLB fast paths inline: the block's prologue loads the page table and RAM views into `pt`, `dv`,
// `mem`, `written` and `marked`; `ma`/`me` are scratch locals for reads. Whatever leaves the fast path (an
// unreadable or watched page, an access straddling the page end) calls the Cpu method, which faults or checks
// watches exactly as before. Writes mark the frame written and invalidate code in it, as Cpu.wr32/wr8 do.

/** A 4-byte read of `addr` as an expression. */
function rd32(addr: string): string {
  return `(((me = pt[(ma = ${addr}) >>> 12]) & 1) !== 0 && (ma & 0xfff) <= 0xffc ? dv.getInt32((me & -4096) | (ma & 0xfff), true) : c.rd32(ma))`;
}
/** A 1-byte read of `addr` as an expression. */
function rd8(addr: string): string {
  return `(((me = pt[(ma = ${addr}) >>> 12]) & 1) !== 0 ? mem[(me & -4096) | (ma & 0xfff)] : c.rd8(ma))`;
}
/**
 * A 4- or 1-byte store of `v` (an expression without side effects) to `addr`, as a statement. The Cpu method runs
 * only off the fast path, so the register and flag write-backs before it (block-registers.ts) cost nothing on it.
 */
function wrFast(size: 1 | 4, addr: string, v: string): string {
  if (size === 1) {
    return `{ const wa = ${addr}, we = pt[wa >>> 12]; if ((we & 2) !== 0) { const wp = (we & -4096) | (wa & 0xfff), wf = wp >>> 12; ` +
      `written[wf] = 1; if (marked[wf] !== 0) code.invalidateFrame(wf); mem[wp] = ${v}; } else c.wr8(wa, ${v}); }`;
  }
  return `{ const wa = ${addr}, we = pt[wa >>> 12]; if ((we & 2) !== 0 && (wa & 0xfff) <= 0xffc) { const wp = (we & -4096) | (wa & 0xfff), wf = wp >>> 12; ` +
    `written[wf] = 1; if (marked[wf] !== 0) code.invalidateFrame(wf); dv.setInt32(wp, ${v}, true); } else c.wr32(wa, ${v}); }`;
}
/** push of a 32-bit value (an expression without side effects), as Cpu.push32. */
function push32(v: string): string {
  return `{ const sp = (r4 - 4) | 0; ${wrFast(4, '(sp + c.sb[2]) | 0', v)} r4 = sp; }`;
}

const RD: Array<(a: string) => string> = [(a) => a, rd8, (a) => `c.rd16(${a})`, (a) => a, rd32];
const WR: Array<(a: string, v: string) => string> = [(a) => a, (a, v) => wrFast(1, a, v), (a, v) => `c.wr16(${a}, ${v});`, (a) => a, (a, v) => wrFast(4, a, v)];

/**
 * A sized ALU operation (an op number 0-7 or TEST_OP), generated from its single definition in alu-semantics.ts.
 * `read` is the destination's value expression, `src` the source's, `write(v)` the store (undefined for flag-only
 * uses). Leaves the operands and result in fa/fb/fx and says in `ctx` what they can answer.
 */
function aluOp(op: number | AluOp, size: number, read: string, src: string, write: ((v: string) => string) | undefined, ctx: FlagCtx): string {
  const def = typeof op === 'number' ? ALU_OPS[op] : op;
  ctx.kind = def.flags === 'sub' ? 'sub' : def.flags === 'logic' ? 'logic' : 'none';
  ctx.size = size;
  let body: string;
  if (needsCarry(def)) body = `fa = ${read}; fb = ${src}; ${aluStatementsJs(def, size, 'fa', 'fb', 'fx')}`;
  else {
    body = `fa = ${read}; fb = ${src}; ${aluResultJs(def, size, 'fa', 'fb', 'fx')}`;
    ctx.record = aluRecordJs(def, size, 'fa', 'fb', 'fx');
  }
  if (!def.discard && write !== undefined) body += ' ' + write('fx');
  return `{ ${body} }`;
}

/** The condition `cc` from the fused locals, or undefined when it needs the full flags. */
function fusedCond(cc: number, ctx: FlagCtx): string | undefined {
  if (ctx.kind === 'none') return undefined;
  const s = ctx.size;
  const neg = s === 4 ? 'fx < 0' : `(fx & ${s === 2 ? 0x8000 : 0x80}) !== 0`;
  let t: string | undefined;
  if (ctx.kind === 'sub') {
    const ua = s === 4 ? '(fa >>> 0)' : 'fa', ub = s === 4 ? '(fb >>> 0)' : 'fb';
    const sa = s === 4 ? 'fa' : `(fa << ${32 - 8 * s})`, sb = s === 4 ? 'fb' : `(fb << ${32 - 8 * s})`;
    switch (cc >> 1) {
      case 1: t = `${ua} < ${ub}`; break;
      case 2: t = 'fx === 0'; break;
      case 3: t = `${ua} <= ${ub}`; break;
      case 4: t = neg; break;
      case 6: t = `${sa} < ${sb}`; break;
      case 7: t = `${sa} <= ${sb}`; break;
      default: return undefined;
    }
  } else {
    // logic ops clear CF and OF
    switch (cc >> 1) {
      case 0: t = 'false'; break;
      case 1: t = 'false'; break;
      case 2: case 3: t = 'fx === 0'; break;
      case 4: case 6: t = neg; break;
      case 7: t = `(fx === 0 || ${neg})`; break;
      default: return undefined;
    }
  }
  return (cc & 1) !== 0 ? `!(${t})` : `(${t})`;
}

/** The condition of jcc `i` as an expression: from the fused locals when `ctx` allows, else `c.cond`. */
export function branchCondition(i: Insn, ctx: FlagCtx): string {
  return fusedCond(i.op, ctx) ?? `c.cond(${i.op})`;
}

/** The E operand (register or memory) of `i` as read/write expressions; memory needs `va` declared by `pre`. */
function operandE(i: Insn, size: number, rmw: boolean): { pre: string; read: string; write: (v: string) => string } {
  if (!i.mem) return { pre: '', read: regRead(i.rm, size), write: (v) => regWrite(i.rm, size, v) };
  return {
    pre: `const va = ${ea(i)};`,
    read: rmw ? `c.rdw(va, ${size})` : RD[size]('va'),
    write: (v) => WR[size]('va', v),
  };
}

/**
 * Inline JavaScript for `i`, or undefined to call its handler. `next` is the address after `i` (c.eip holds it
 * for the last instruction of a block). Updates `ctx` to say what the fused flag locals hold afterwards.
 */
export function emitInline(i: Insn, next: number, ctx: FlagCtx): string | undefined {
  ctx.record = undefined;
  const js = emitTemplate(i, next, ctx);
  return js === undefined ? undefined : holdBackResultFlags(js, ctx);
}

const RESULT_FLAGS_CALL = 'c.setResultFlags(';

/**
 * A template's one unconditional setResultFlags call becomes assignments of its arguments to the flag locals and a
 * held-back record (see FlagCtx.record) calling it from them, so flags a later instruction replaces cost nothing.
 * A call inside an `if` (a shift by CL, which skips it for a count of 0) stays.
 */
function holdBackResultFlags(js: string, ctx: FlagCtx): string {
  const at = js.indexOf(RESULT_FLAGS_CALL);
  if (at < 0 || js.includes('if (') || js.indexOf(RESULT_FLAGS_CALL, at + 1) >= 0) return js;
  const args: string[] = [];
  let depth = 0, from = at + RESULT_FLAGS_CALL.length, end = from;
  for (; end < js.length; end++) {
    const ch = js[end];
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(js.slice(from, end).trim());
      from = end + 1;
    }
  }
  args.push(js.slice(from, end).trim());
  if (args.length !== 4 || js[end + 1] !== ';') return js;
  ctx.record = [`c.setResultFlags(fx, ${args[1]}, fa, fb)`];
  // The arguments are evaluated in order, as the call would.
  return `${js.slice(0, at)}fx = ${args[0]}; fa = ${args[2]}; fb = ${args[3]};${js.slice(end + 2)}`;
}

function emitTemplate(i: Insn, next: number, ctx: FlagCtx): string | undefined {
  const fn = i.fn;
  const size = i.size;
  // ---- flag-neutral moves: ctx unchanged
  if (fn === M.movRR32) return `r${i.rm} = r${i.reg};`;
  if (fn === F.movGR32) return `r${i.reg} = r${i.rm};`;
  if (fn === F.movRI32) return `r${i.rm} = ${i.imm | 0};`;
  if (fn === F.lea32) return `r${i.reg} = ${ea(i).replace(/ \+ c\.sb\[\d\]/, '')};`;
  if (fn === M.load32) return `r${i.reg} = ${rd32(ea(i))};`;
  if (fn === M.store32) return wrFast(4, ea(i), `r${i.reg}`);
  if (fn === F.movzxByteLoad) return `r${i.reg} = ${rd8(ea(i))};`;
  if (fn === F.storeByteReg) return wrFast(1, ea(i), regRead(i.reg, 1));
  if (fn === F.storeByteImm) return wrFast(1, ea(i), `${i.imm & 0xff}`);
  if (fn === F.push32R) return push32(`r${i.reg}`);
  if (fn === F.pop32R) return `{ const sp = r4, v = ${rd32('(sp + c.sb[2]) | 0')}; r4 = (sp + 4) | 0; r${i.reg} = v; }`;
  if (fn === M.pushI && size === 4) return push32(`${i.imm | 0}`);
  if (fn === M.movEG && size !== 4) {
    const e = operandE(i, size, false);
    return `{ ${e.pre} ${e.write(regRead(i.reg, size))} }`;
  }
  if (fn === M.movGE && size !== 4) {
    const e = operandE(i, size, false);
    return `{ ${e.pre} ${regWrite(i.reg, size, e.read)} }`;
  }
  if (fn === M.movEI) {
    const e = operandE(i, size, false);
    return `{ ${e.pre} ${e.write(`${size === 4 ? i.imm | 0 : i.imm & MASK[size]}`)} }`;
  }
  if (fn === M.movExtend && i.imm2 === 4) {
    const e = operandE(i, size, false);
    const v = i.op === 1 ? (size === 1 ? `((${e.read} << 24) >> 24)` : `((${e.read} << 16) >> 16)`) : e.read;
    return `{ ${e.pre} r${i.reg} = ${v}; }`;
  }
  // ---- branches (targets are constants)
  if (fn === C.jcc) {
    const target = (next + i.imm) >>> 0;
    const cond = fusedCond(i.op, ctx) ?? `c.cond(${i.op})`;
    return `if (${cond}) c.eip = ${target};`;
  }
  if (fn === C.jmpRel) return `c.eip = ${(next + i.imm) >>> 0};`;
  if (fn === C.callRel) return `${push32(`${next}`)} c.eip = ${(next + i.imm) >>> 0};`;
  if (fn === M.setcc) {
    const cond = fusedCond(i.op, ctx) ?? `c.cond(${i.op})`;
    const e = operandE(i, 1, false);
    return `{ ${e.pre} ${e.write(`(${cond} ? 1 : 0)`)} }`;
  }
  if (fn === M.cmov && size === 4) {
    const cond = fusedCond(i.op, ctx) ?? `c.cond(${i.op})`;
    const e = operandE(i, 4, false);
    return `{ ${e.pre} const v = ${e.read}; if (${cond}) r${i.reg} = v; }`;
  }
  // ---- ALU: these set the fused locals
  if (fn === test32RR) return aluOp(TEST_OP, 4, `r${i.rm}`, `r${i.reg}`, undefined, ctx);
  if (fn === cmp32RM) return aluOp(7, 4, `r${i.reg}`, rd32(ea(i)), undefined, ctx);
  if (fn === cmp32MI) return aluOp(7, 4, rd32(ea(i)), `${i.imm | 0}`, undefined, ctx);
  if (fn === ALU32_EG_RR[i.op] || fn === A.aluEG) {
    if (fn === ALU32_EG_RR[i.op]) return aluOp(i.op, 4, `r${i.rm}`, `r${i.reg}`, (v) => `r${i.rm} = ${v};`, ctx);
    const e = operandE(i, size, i.op !== 7);
    return `{ ${e.pre} ${aluOp(i.op, size, e.read, regRead(i.reg, size), e.write, ctx)} }`;
  }
  if (fn === ALU32_GE_RR[i.op] || fn === A.aluGE32rr) {
    return aluOp(i.op, 4, `r${i.reg}`, `r${i.rm}`, (v) => `r${i.reg} = ${v};`, ctx);
  }
  if (fn === A.aluGE) {
    const e = operandE(i, size, false);
    return `{ ${e.pre} ${aluOp(i.op, size, regRead(i.reg, size), e.read, (v) => regWrite(i.reg, size, v), ctx)} }`;
  }
  if (fn === ALU32_EI_R[i.op]) return aluOp(i.op, 4, `r${i.rm}`, `${i.imm | 0}`, (v) => `r${i.rm} = ${v};`, ctx);
  if (fn === A.aluEI) {
    const e = operandE(i, size, i.op !== 7);
    const imm = size === 4 ? `${i.imm | 0}` : `${i.imm & MASK[size]}`;
    return `{ ${e.pre} ${aluOp(i.op, size, e.read, imm, e.write, ctx)} }`;
  }
  if (fn === A.testEG) {
    const e = operandE(i, size, false);
    return `{ ${e.pre} ${aluOp(TEST_OP, size, e.read, regRead(i.reg, size), undefined, ctx)} }`;
  }
  if (fn === A.testEI) {
    const e = operandE(i, size, false);
    const imm = size === 4 ? `${i.imm | 0}` : `${i.imm & MASK[size]}`;
    return `{ ${e.pre} ${aluOp(TEST_OP, size, e.read, imm, undefined, ctx)} }`;
  }
  // ---- inc/dec keep CF; imul sets CF=OF on signed overflow
  if (fn === inc32 || fn === dec32 || fn === A.incdecR || fn === A.incdecE) {
    ctx.kind = 'none';
    const dec = fn === dec32 || (fn !== inc32 && i.op !== 0);
    const e = fn === inc32 || fn === dec32 || fn === A.incdecR
      ? { pre: '', read: regRead(i.reg, size), write: (v: string) => regWrite(i.reg, size, v) }
      : operandE(i, size, true);
    return `{ ${e.pre} fa = ${e.read}; fb = 1; ${aluStatementsJs(dec ? DEC_OP : INC_OP, size, 'fa', 'fb', 'fx')} ${e.write('fx')} }`;
  }
  if (fn === A.imulGE && size === 4) {
    ctx.kind = 'none';
    const e = operandE(i, 4, false);
    const a = i.op === 1 ? `${i.imm | 0}` : `r${i.reg}`;
    return `{ ${e.pre} const b = ${e.read}, a = ${a}, x = Math.imul(a, b); r${i.reg} = x; const o = a * b !== x ? 1 : 0; c.setResultFlags(x, 32, o, o); }`;
  }
  if (fn === A.mulE && size === 4) {
    ctx.kind = 'none';
    const e = operandE(i, 4, false);
    const hi = i.op === 5 ? 'ops.mulHighS32(a, v)' : 'ops.mulHighU32(a >>> 0, v >>> 0)';
    const over = i.op === 5 ? 'h !== (x >> 31)' : 'h !== 0';
    return `{ ${e.pre} const v = ${e.read}, a = r0, x = Math.imul(a, v), h = ${hi}; r0 = x; r2 = h; const o = ${over} ? 1 : 0; c.setResultFlags(x, 32, o, o); }`;
  }
  if (fn === M.convert && size === 4) return i.op === 0 ? 'r0 = (r0 << 16) >> 16;' : 'r2 = r0 >> 31;';
  if (fn === A.notE && size === 4 && !i.mem) return `r${i.rm} = ~r${i.rm};`;
  // ---- 32-bit shifts of a register by a constant or by CL (flags via setResultFlags, as the handler does)
  if (fn === A.shiftE && !i.mem && size === 4 && (i.op === 4 || i.op === 5 || i.op === 6 || i.op === 7)) {
    const byCl = i.imm2 === 1;
    const k = i.imm & 31;
    if (!byCl && k === 0) return '';
    ctx.kind = 'none';
    const body = shift32(i.op, i.rm, byCl ? 'k' : `${k}`);
    // A count of 0 (after masking) changes neither the register nor the flags.
    return byCl ? `{ const k = r1 & 31; if (k !== 0) ${body} }` : body;
  }
  // ---- shld/shrd of two 32-bit registers by a constant or by CL
  if (fn === A.shiftDouble && !i.mem && size === 4) {
    const byCl = i.imm2 === 1;
    const k = i.imm & 31;
    if (!byCl && k === 0) return '';
    ctx.kind = 'none';
    const body = shiftDouble32(i.op, i.rm, i.reg, byCl ? 'k' : `${k}`);
    return byCl ? `{ const k = r1 & 31; if (k !== 0) ${body} }` : body;
  }
  ctx.kind = 'none';
  return undefined;
}
