// Loops compiled as one function. A hot block whose jump or branch leads, through at most a few other blocks of
// its page, back to its own start is compiled together with those blocks: the function runs them in order inside
// a `for (;;)` and returns to the dispatcher only at an exit (a branch leaving the cycle), at the end of the
// budget, or after a store into code. Typical shapes: a block branching to itself, and two blocks where the
// first falls through into the second, which branches back (sieve's unrolled loop, an insertion sort's loop).
// A chain of short blocks then costs no call of `Cpu.runChain` per block.
import * as C from './ops-control';

/** The parts of a block a loop needs (the BasicBlock class imports this file). */
export interface LoopBlock {
  readonly insns: ReadonlyArray<{ fn: unknown; imm: number }>;
  readonly starts: number[];
  readonly nexts: number[];
  /** Interpreted runs of the block and how many left it by a taken jump (the branch profile). */
  readonly runs: number;
  readonly taken: number;
}

/** Blocks in one loop function at most, and its instructions at most (keeps the function small). */
export const MAX_LOOP_BLOCKS = 4;
export const MAX_LOOP_INSNS = 64;
/**
 * A loop of several blocks is compiled as one function only when its profile says a round goes on to the next at
 * least this often. A loop that leaves after a few rounds (a data-dependent branch inside it: an if/else in the
 * loop body, an insertion sort's inner loop) ran slower as one function than as chained blocks (math64 -20 %,
 * sort -14 % CPU time, though fewer host instructions: more mispredicted branches).
 */
export const MIN_ROUND_ODDS = 0.9;
/** Fewer interpreted runs than this are no profile (a block compiled at once, as the tests' tiers do): any odds. */
const MIN_PROFILE_RUNS = 8;

/** How often `b` went to `to` (a target of loopEdges) in its profile; 1 without one. */
function edgeOdds(b: LoopBlock, to: number): number {
  if (b.runs < MIN_PROFILE_RUNS) return 1;
  const n = b.insns.length, next = b.nexts[n - 1];
  const taken = (next + b.insns[n - 1].imm) >>> 0;
  if (taken === next) return 1;
  return (to === taken ? b.taken : b.runs - b.taken) / b.runs;
}

/** Where `b` may go next inside its page through its last instruction: a jmp's target, a jcc's target and fall-through. */
export function loopEdges(b: LoopBlock): number[] {
  const n = b.insns.length, last = b.insns[n - 1], next = b.nexts[n - 1];
  if (last.fn === C.jmpRel) return [(next + last.imm) >>> 0];
  if (last.fn === C.jcc) return [(next + last.imm) >>> 0, next];
  return [];
}

/**
 * The shortest cycle of blocks from `head` back to its start through blocks already built in `page` (the
 * blocks of head's page by offset; a block there has run at least once), as the list of blocks in the order
 * they run, `head` first; undefined when there is none within the limits. `[head]` is a block branching to itself.
 */
export function findLoop<B extends LoopBlock>(head: B, page: ReadonlyArray<B | undefined>): B[] | undefined {
  const start = head.starts[0], vpage = start & -4096;
  const path: B[] = [head];
  let insns = head.insns.length;
  const search = (b: B, depth: number, odds: number): boolean => {
    for (const to of loopEdges(b)) {
      // A block branching to itself is a loop whatever its profile (one block: nothing to lose).
      const round = path.length === 1 ? 1 : odds * edgeOdds(b, to);
      if (to === start && round >= MIN_ROUND_ODDS) return true;
      if (depth === 0 || (to & -4096) !== vpage) continue;
      const next = page[to & 0xfff];
      if (next === undefined || next.starts[0] !== to || path.includes(next) || insns + next.insns.length > MAX_LOOP_INSNS) continue;
      path.push(next);
      insns += next.insns.length;
      if (search(next, depth - 1, odds * edgeOdds(b, to))) return true;
      path.pop();
      insns -= next.insns.length;
    }
    return false;
  };
  // Shortest first: a block branching to itself stays a one-block loop even when a longer cycle exists.
  for (let depth = 0; depth < MAX_LOOP_BLOCKS; depth++) if (search(head, depth, 1)) return path;
  return undefined;
}
