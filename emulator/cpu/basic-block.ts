// Basic blocks: straight-line runs of decoded instructions ending at a control transfer or page end.
// A block is first interpreted (a loop over its instructions); once hot it is compiled into one JavaScript
// function whose call sites are each monomorphic, so V8 can inline the handlers (and, for the commonest
// shapes, we emit the operation itself; see block-codegen.ts).
import type { CodeCache } from './code-cache';
import type { Cpu } from './cpu';
import { Insn } from './decoded-instruction';
import * as A from './ops-alu';
import * as C from './ops-control';
import { branchCondition, emitInline, FlagCtx, isPure, touchesMemory } from './block-codegen';
import { findLoop } from './block-loops';
import { PendingFlags } from './block-flags';
import { RegisterLocals, registersOf, RegisterUse, registerUse } from './block-registers';

/** Instructions per block at most (bounds compile size and the budget overshoot check). */
export const MAX_BLOCK = 48;
/**
 * Executions of a block before it is compiled. Compiling costs about as much as interpreting a block a thousand
 * times while V8 is cold (the codegen, `new Function`, and the new function's first runs in V8's interpreter):
 * at 40 the hello boot compiled ~800 blocks, most of them run too few times to repay it (docs/performance.md).
 */
export const HOT_THRESHOLD = 1000;
/** Tier settings; tests lower `hotThreshold` to run everything compiled. */
export const tiers = { hotThreshold: HOT_THRESHOLD };

/**
 * Runs a block; returns the number of instructions retired (less than `count` after self-modification). A block
 * that branches back to its own start loops inside its function while `left` (the run's remaining budget) allows,
 * so a one-block loop never goes back to the dispatcher; it keeps the instructions of its finished iterations in
 * `cpu.looped` for fault accounting.
 */
export type BlockFn = (c: Cpu, left: number) => number;

export class BasicBlock {
  /** Compiled body, once hot. */
  fn: BlockFn | undefined = undefined;
  hits = 0;
  /** Runs of the block before it was compiled (interpreted), and how many of them left it by a jump taken. */
  runs = 0;
  taken = 0;
  /** The compiled body loops back to the block's start (see BlockFn). */
  loops = false;
  /**
   * Start address of every instruction the compiled body runs, by `cpu.bk`: the block's own, then those of the
   * other blocks of its loop (block-loops.ts) when they are compiled into its function.
   */
  bodyStarts: number[];
  /**
   * The other blocks' instruction starts of a loop compiled into this block's function (undefined: none), with
   * AddressSpace.blockFreeOfBreakpoints' answer for them: when one has a breakpoint, the function may run only
   * this block (Cpu.blockBudget).
   */
  folded: { starts: number[]; breakpointStamp: number; breakpointFree: boolean } | undefined = undefined;
  /** Up to two successors in the same page (start address and block) that Cpu.runChain jumps to directly. */
  succA = -1;
  linkA: BasicBlock | undefined = undefined;
  succB = -1;
  linkB: BasicBlock | undefined = undefined;
  /** AddressSpace.blockFreeOfBreakpoints' last answer, and the breakpoint stamp it holds for (0: none yet). */
  breakpointStamp = 0;
  breakpointFree = false;
  constructor(
    readonly insns: Insn[],
    /** Start address of each instruction. */
    readonly starts: number[],
    /** Address after each instruction. */
    readonly nexts: number[],
  ) {
    this.bodyStarts = starts;
  }
  /** Remembers `next` (starting at `to`) as a successor: the first two are kept, a third replaces the second. */
  link(to: number, next: BasicBlock): void {
    if (this.succA === -1) {
      this.succA = to;
      this.linkA = next;
    } else {
      this.succB = to;
      this.linkB = next;
    }
  }

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

/** The locals a compiled block may use for Cpu state, and where each comes from. */
const PROLOGUE_VIEWS: Array<[string, string]> = [['g', 'code.generation'], ['r', 'c.r'], ['pt', 'c.pt'], ['dv', 'c.dv'], ['mem', 'c.mem'],
  ['written', 'c.written'], ['marked', 'c.codeMarked']];

/**
 * Compiles a block into a function. Faultable instructions record their index in `cpu.bk` first. When the block
 * heads a loop (block-loops.ts; `page`: the blocks of its page by offset), the function runs the loop's blocks
 * in a `for (;;)`, indexing `bk` over all their instructions (`bodyStarts`).
 */
export function compileBlock(b: BasicBlock, code: CodeCache, page: ReadonlyArray<BasicBlock | undefined> = []): BlockFn {
  const names: string[] = ['code', 'ops'];
  const values: unknown[] = [code, BLOCK_HELPERS];
  const ctx: FlagCtx = { kind: 'none', size: 4 };
  const loop = findLoop(b, page);
  const loops = loop !== undefined;
  const parts = loop ?? [b];
  const insns = parts.flatMap((p) => p.insns), nexts = parts.flatMap((p) => p.nexts), starts = parts.flatMap((p) => p.starts);
  const n = insns.length;
  /** Index after each part's last instruction. */
  const ends: number[] = [];
  for (const p of parts) ends.push((ends.length === 0 ? 0 : ends[ends.length - 1]) + p.count);
  /** In a loop, the last instruction of each part is the edge to the next part (or back to the head). */
  const isEdge = (k: number) => loops && ends.includes(k + 1);
  // First the templates (undefined: a handler call) and the register locals each reads and writes.
  const inline: Array<string | undefined> = [];
  const records: Array<string[] | undefined> = [];
  const conds: Array<string | undefined> = [];
  const pures: boolean[] = [];
  const uses: RegisterUse[] = [];
  let used = 0, written = 0;
  for (let k = 0; k < n; k++) {
    conds.push(isEdge(k) && insns[k].fn === C.jcc ? branchCondition(insns[k], ctx) : undefined);
    const js = emitInline(insns[k], nexts[k], ctx);
    inline.push(js);
    records.push(ctx.record);
    if (js === undefined) {
      names.push(`h${k}`, `i${k}`);
      values.push(insns[k].fn, insns[k]);
    }
    // A template without a memory access cannot fault nor change code: no `bk` or generation check.
    pures.push(isPure(insns[k]) || (js !== undefined && !touchesMemory(js)));
    const use = js !== undefined ? registerUse(js) : { reads: 0, writes: 0 };
    uses.push(use);
    used |= use.reads | use.writes;
    written |= use.writes;
  }
  const decl = registersOf(used).map((r) => (loops ? `r${r} = r[${r}]` : `r${r} = 0`));
  const lines: string[] = [`let fa = 0, fb = 0, fx = 0, ma = 0, me = 0${decl.map((d) => ', ' + d).join('')};`];
  // In a loop, instructions of the finished iterations count too (`done`); they are in c.looped for faults.
  const retiredBefore = loops ? 'done + ' : '';
  if (loops) lines.push('let done = 0;', 'c.looped = 0;');

  /**
   * The body. In a loop, `held` is the flag record the back edge leaves pending for the head (from the previous
   * iteration: guarded by `done !== 0`); `carried` says whether the back edge could leave it so.
   */
  const emitBody = (held: string[] | undefined): { body: string[]; pending: string[] | undefined; carried: boolean } => {
    const regs = new RegisterLocals();
    const flags = new PendingFlags();
    /** What every exit writes back: dirty registers and held-back flags. */
    const exitWriteBack = () => regs.writeBack() + flags.statements();
    if (loops) {
      // At the loop's head every used register is loaded; the written ones may be dirty from the last iteration.
      regs.loaded = used;
      regs.dirty = written;
      flags.record = held;
      flags.guard = held !== undefined ? 'done !== 0' : undefined;
    }
    const body: string[] = [];
    let part = 0;
    for (let k = 0; k < n; k++) {
      const i = insns[k];
      if (isEdge(k)) {
        // A jmp or jcc inside the loop: only the way out of the cycle leaves the function (a jcc's other way).
        const to = part + 1 < parts.length ? parts[part + 1].starts[0] : b.starts[0];
        const cond = conds[k];
        const taken = (nexts[k] + i.imm) >>> 0;
        if (cond !== undefined && (taken !== to || nexts[k] !== to)) {
          body.push(flags.before(cond));
          const leaveWhen = taken === to ? `!(${cond})` : cond;
          body.push(`if (${leaveWhen}) { ${exitWriteBack()}c.eip = ${taken === to ? nexts[k] : taken}; return done + ${k + 1}; }`);
        }
        part++;
        // The next part runs only when all of it fits in the budget (the head's is checked at the back edge).
        if (part < parts.length) body.push(`if (done + ${ends[part]} > left) { ${exitWriteBack()}c.eip = ${to}; return done + ${k + 1}; }`);
        continue;
      }
      const last = !loops && k === n - 1;
      const pure = pures[k];
      if (!pure) body.push(`c.bk = ${k};`);
      if (last) body.push(`c.eip = ${nexts[k]};`);
      const js = inline[k];
      body.push(flags.before(js));
      if (js !== undefined) {
        // The Cpu methods a template calls may fault: dirty registers and held-back flags are written just before.
        body.push(regs.load(uses[k].reads), regs.beforeCpuCalls(js, flags.assignments()));
        regs.wrote(uses[k].writes);
      } else body.push(regs.sync(), `h${k}(c, i${k});`);
      flags.after(js, records[k]);
      // A store into a code frame invalidates the rest of this block: stop and resume from the next one.
      if (!pure && !last) body.push(`if (code.generation !== g) { ${exitWriteBack()}c.eip = ${nexts[k]}; return ${retiredBefore}${k + 1}; }`);
    }
    if (!loops) {
      body.push(`${exitWriteBack()}return ${n};`);
      return { body, pending: undefined, carried: false };
    }
    // Go round again when the budget has room for the head block (every store was followed by a generation check).
    // The head was compiled with no fused flags, so the locals need no reset. A record still pending stays so
    // when it is the one the head was compiled to expect (`held`), else it is written now.
    const pending = flags.guard === undefined ? flags.record : undefined;
    const carried = held !== undefined && pending !== undefined && pending.join() === held.join();
    if (!carried) body.push(flags.before(undefined));
    body.push(`done += ${n};`, `if (done + ${ends[0]} > left) { ${exitWriteBack()}c.eip = ${b.starts[0]}; return done; }`,
      regs.load(used), 'c.looped = done;');
    body.unshift('for (;;) {');
    body.push('}');
    return { body, pending, carried };
  };
  let { body, pending } = emitBody(undefined);
  // A loop whose last flag setter's record is still pending at the back edge: compile it again with the head
  // expecting that record held back, so an iteration writes it only where something observes it.
  if (pending !== undefined) {
    const again = emitBody(pending);
    if (again.carried) body = again.body;
  }
  lines.push(...body);
  // The views of the Cpu the code uses, loaded once per call (most blocks need few of them).
  const js = lines.join('\n');
  const views = PROLOGUE_VIEWS.filter(([name]) => new RegExp(`\\b${name}\\b`).test(js)).map(([name, from]) => `${name} = ${from}`);
  if (views.length > 0) lines.unshift(`const ${views.join(', ')};`);
  b.loops = loops;
  b.bodyStarts = starts;
  b.folded = parts.length > 1 ? { starts: starts.slice(b.count), breakpointStamp: 0, breakpointFree: false } : undefined;
  const factory = new Function(...names, `return function block(c, left) {\n${lines.join('\n')}\n};`) as
    (...args: unknown[]) => BlockFn;
  return factory(...values);
}
