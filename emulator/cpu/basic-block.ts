// Basic blocks: straight-line runs of decoded instructions ending at a control transfer or page end.
// A block is first interpreted (a loop over its instructions); once hot it is compiled into one JavaScript
// function whose call sites are each monomorphic, so V8 can inline the handlers (and, for the commonest
// shapes, we emit the operation itself; see block-codegen.ts).
import type { CodeCache } from './code-cache';
import type { Cpu } from './cpu';
import { Insn } from './decoded-instruction';
import * as A from './ops-alu';
import { emitInline, FlagCtx, isPure } from './block-codegen';

/** Instructions per block at most (bounds compile size and the budget overshoot check). */
export const MAX_BLOCK = 48;
/** Executions of a block before it is compiled. */
export const HOT_THRESHOLD = 40;
/** Tier settings; tests lower `hotThreshold` to run everything compiled. */
export const tiers = { hotThreshold: HOT_THRESHOLD };

/** Runs a block; returns the number of instructions retired (less than `count` after self-modification). */
export type BlockFn = (c: Cpu) => number;

export class BasicBlock {
  /** Compiled body, once hot. */
  fn: BlockFn | undefined = undefined;
  hits = 0;
  constructor(
    readonly insns: Insn[],
    /** Start address of each instruction. */
    readonly starts: number[],
    /** Address after each instruction. */
    readonly nexts: number[],
  ) {}
  get count(): number {
    return this.insns.length;
  }
}

/** Whether `i` ends a block (it may change EIP, or must be the last thing a block does): from the opcode table. */
export function endsBlock(i: Insn): boolean {
  return i.ends;
}

/**
 * Decodes the block starting at `eip` (already known to be in a readable page). Returns undefined when
 * the first instruction straddles the page end (the caller single-steps it). Decode faults after the
 * first instruction end the block early; the fault is raised again when execution gets there.
 */
export function buildBlock(eip: number, decodeAt: (va: number) => Insn): BasicBlock | undefined {
  const insns: Insn[] = [], starts: number[] = [], nexts: number[] = [];
  let va = eip;
  for (;;) {
    let i: Insn;
    if (insns.length === 0) i = decodeAt(va);
    else {
      try {
        i = decodeAt(va);
      } catch {
        break;
      }
    }
    if ((va & 0xfff) + i.len > 4096) break; // straddles the page end
    insns.push(i);
    starts.push(va);
    va = (va + i.len) >>> 0;
    nexts.push(va);
    if (endsBlock(i) || insns.length >= MAX_BLOCK || (va & 0xfff) === 0) break;
  }
  return insns.length === 0 ? undefined : new BasicBlock(insns, starts, nexts);
}

/** Functions compiled blocks may call (passed in, since generated code sees no module scope). */
const BLOCK_HELPERS = { mulHighU32: A.mulHighU32, mulHighS32: A.mulHighS32 };

/** Compiles a block into a function. Faultable instructions record their index in `cpu.bk` first. */
export function compileBlock(b: BasicBlock, code: CodeCache): BlockFn {
  const names: string[] = ['code', 'ops'];
  const values: unknown[] = [code, BLOCK_HELPERS];
  const lines: string[] = ['const g = code.generation, r = c.r;', 'let fa = 0, fb = 0, fx = 0;'];
  const ctx: FlagCtx = { kind: 'none', size: 4 };
  const n = b.count;
  for (let k = 0; k < n; k++) {
    const i = b.insns[k];
    const last = k === n - 1;
    const pure = isPure(i);
    if (!pure) lines.push(`c.bk = ${k};`);
    if (last) lines.push(`c.eip = ${b.nexts[k]};`);
    const inline = emitInline(i, b.nexts[k], ctx);
    if (inline !== undefined) lines.push(inline);
    else {
      names.push(`h${k}`, `i${k}`);
      values.push(i.fn, i);
      lines.push(`h${k}(c, i${k});`);
    }
    // A store into a code frame invalidates the rest of this block: stop and resume from the next one.
    if (!pure && !last) lines.push(`if (code.generation !== g) { c.eip = ${b.nexts[k]}; return ${k + 1}; }`);
  }
  lines.push(`return ${n};`);
  const factory = new Function(...names, `return function block(c) {\n${lines.join('\n')}\n};`) as
    (...args: unknown[]) => BlockFn;
  return factory(...values);
}
