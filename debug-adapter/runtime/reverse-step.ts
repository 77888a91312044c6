// The backward search of a step back: re-executing a thread instruction by instruction, it keeps the thread's
// call depth (a call pushes the address after itself and jumps; a ret pops it) so that stepping back steps
// over calls, as Step Over does going forward, and by line it stops only where a new line was entered.
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import type { DebugInfo } from '../debug-info/debug-info';
import { atUserLine, eipOf, espOf } from './stepping';
import type { BackwardSearch } from './time-travel';

/** The longest IA-32 call instruction (FF /2 with SIB, displacement and prefixes). */
const MAX_CALL_LENGTH = 10;

export function reverseStepSearch(machine: Machine, t: Thread, instruction: boolean, info: DebugInfo | undefined): BackwardSearch {
  const retiredNow = t.consumed;
  let depth = 0;
  let depthNow = 0;
  let prevEip = 0;
  let prevEsp = 0;
  /** The line last seen at each depth (a callee's entries are forgotten when it is called again). */
  let lineAt = new Map<number, number | undefined>();
  let depths = new Map<number, number>();
  const lineOf = (): number | undefined => info?.lineBlockAt(eipOf(t))?.line;
  const track = (): void => {
    const eip = eipOf(t);
    const esp = espOf(t);
    if (esp === ((prevEsp - 4) >>> 0)) {
      const ret = Machine.readU32(t.task, esp);
      if (ret !== undefined && ret > prevEip && ret <= prevEip + MAX_CALL_LENGTH && eip !== ret) {
        depth++;
        for (const d of [...lineAt.keys()]) if (d >= depth) lineAt.delete(d);
      }
    } else if (esp > prevEsp && Machine.readU32(t.task, prevEsp) === eip) depth--;
    prevEip = eip;
    prevEsp = esp;
  };
  return {
    reset() {
      depth = 0;
      lineAt = new Map();
      depths = new Map();
      prevEip = eipOf(t);
      prevEsp = espOf(t);
    },
    observe(r) {
      if (r !== undefined) {
        if (r.kind !== 'step' || r.thread !== t) return false;
        track();
      } else if (t.consumed >= retiredNow) return false;
      if (t.state === 'dead') return false;
      const line = lineOf();
      const newLine = lineAt.get(depth) !== line || r === undefined;
      lineAt.set(depth, line);
      if (!instruction && !(newLine && atUserLine(t, info))) return false;
      depths.set(machine.instructions, depth);
      return true;
    },
    reachedNow(r) {
      if (r.kind === 'step' && r.thread === t) track();
      depthNow = depth;
    },
    choose(candidates) {
      for (let i = candidates.length - 1; i >= 0; i--) if ((depths.get(candidates[i]) ?? 0) <= depthNow) return candidates[i];
      return undefined;
    },
  };
}
