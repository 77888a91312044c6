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
}

/** Blocks in one loop function at most, and its instructions at most (keeps the function small). */
export const MAX_LOOP_BLOCKS = 4;
export const MAX_LOOP_INSNS = 64;

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
  const search = (b: B, depth: number): boolean => {
    for (const to of loopEdges(b)) {
      if (to === start) return true;
      if (depth === 0 || (to & -4096) !== vpage) continue;
      const next = page[to & 0xfff];
      if (next === undefined || next.starts[0] !== to || path.includes(next) || insns + next.insns.length > MAX_LOOP_INSNS) continue;
      path.push(next);
      insns += next.insns.length;
      if (search(next, depth - 1)) return true;
      path.pop();
      insns -= next.insns.length;
    }
    return false;
  };
  // Shortest first: a block branching to itself stays a one-block loop even when a longer cycle exists.
  for (let depth = 0; depth < MAX_LOOP_BLOCKS; depth++) if (search(head, depth)) return path;
  return undefined;
}
