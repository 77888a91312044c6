// The backward search of a step back: re-executing a thread instruction by instruction, it keeps the thread's
// call depth so that stepping back steps over calls, as Step Over does going forward, and by line it stops only
// where a new line was entered. A call pushes the address after itself and jumps; the call is over when the
// thread is back at that address with the stack above the pushed word, which is how Step Over's return trap
// sees it too. Not every callee returns with a ret: the sysenter stub of the syscall page pops the return
// address and the kernel resumes the caller there (EIP = EBX, ESP = EBP).
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import type { DebugInfo } from '../debug-info/debug-info';
import { atUserLine, eipOf, espOf } from './stepping';
import type { BackwardSearch } from './time-travel';

/** The longest IA-32 call instruction (FF /2 with SIB, displacement and prefixes). */
const MAX_CALL_LENGTH = 10;

export function reverseStepSearch(machine: Machine, stepped: Thread, instruction: boolean, info: DebugInfo | undefined): BackwardSearch {
  const retiredNow = stepped.consumed;
  /** The thread now: a stretch from a snapshot before its creation re-creates it as another object. */
  let t = stepped;
  const follow = (): void => {
    t = machine.thread(stepped.id) ?? stepped;
  };
  /** The calls the thread is in since the stretch began: where each returns to, and the stack there. */
  let calls: Array<{ ret: number; esp: number }> = [];
  /** Returns out of functions the thread was in when the stretch began (their calls are not in `calls`). */
  let returnedOut = 0;
  const depthOf = (): number => calls.length - returnedOut;
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
    const ret = esp === ((prevEsp - 4) >>> 0) ? Machine.readU32(t.task, esp) : undefined;
    if (ret !== undefined && ret > prevEip && ret <= prevEip + MAX_CALL_LENGTH && eip !== ret) {
      calls.push({ ret, esp: prevEsp });
      for (const d of [...lineAt.keys()]) if (d >= depthOf()) lineAt.delete(d);
    } else {
      // Back at a return address with the stack above it (ret, ret n, the sysenter stub's return), or the
      // stack unwound past a call's frame without returning there (longjmp): those calls are over.
      const unwound = calls.length;
      while (calls.length > 0) {
        const top = calls[calls.length - 1];
        if (!((eip === top.ret && esp >= top.esp) || esp > top.esp)) break;
        calls.pop();
      }
      // A ret out of a function the thread was in when the stretch began: the word it popped was its target.
      if (unwound === 0 && esp > prevEsp && Machine.readU32(t.task, prevEsp) === eip) returnedOut++;
    }
    prevEip = eip;
    prevEsp = esp;
  };
  return {
    reset() {
      follow();
      calls = [];
      returnedOut = 0;
      lineAt = new Map();
      depths = new Map();
      prevEip = eipOf(t);
      prevEsp = espOf(t);
    },
    observe(r) {
      if (r !== undefined) {
        if (r.kind !== 'step' || r.thread.id !== stepped.id) return false;
        if (r.thread !== t) {
          // Created in this stretch: its first instruction starts the tracking.
          t = r.thread;
          prevEip = eipOf(t);
          prevEsp = espOf(t);
        }
        track();
      } else if (t.consumed >= retiredNow) return false;
      if (t.state === 'dead') return false;
      const line = lineOf();
      const depth = depthOf();
      const newLine = lineAt.get(depth) !== line || r === undefined;
      lineAt.set(depth, line);
      if (!instruction && !(newLine && atUserLine(t, info))) return false;
      depths.set(machine.instructions, depth);
      return true;
    },
    reachedNow(r) {
      if (r.kind === 'step' && r.thread === t) track();
      depthNow = depthOf();
    },
    choose(candidates) {
      for (let i = candidates.length - 1; i >= 0; i--) if ((depths.get(candidates[i]) ?? 0) <= depthNow) return candidates[i];
      return undefined;
    },
  };
}
