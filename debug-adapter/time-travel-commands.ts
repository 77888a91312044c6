// The Debug Console's `travel` command: positions, bookmarks and causal navigation.
//   travel                  where the run stands (instruction count, emulated time, snapshots)
//   travel <N>              go to instruction count N
//   travel send [thread]    go to the sender's kernel entry that sent the last message the thread received
//   travel call [thread]    go to the thread's last call (the one a reply answers)
//   travel write <reg|addr> [thread]  reverse to the last write of a register or of the 32-bit word at addr
//   travel mark <name> | travel to <name> | travel marks
//   travel save FILE        save the run as a recording (fiasco replay FILE replays it)
import { REGISTER_NAMES, RegisterName } from '../emulator/machine';
import type { Thread } from '../emulator/kernel/thread';
import { findThread, ConsoleCommandError } from './console-commands';
import type { DebugRuntime } from './runtime/debug-runtime';

export function isTravelCommand(text: string): boolean {
  return text.trim().split(/\s+/)[0] === 'travel';
}

/** Runs a `travel` command; returns the text to show (a travel also reports a stop). */
export function runTravelCommand(text: string, runtime: DebugRuntime, current: Thread | undefined): string {
  const m = runtime.machine;
  if (!m) throw new ConsoleCommandError('travel: the program is not running');
  const [, verb, ...rest] = text.trim().split(/\s+/);
  const thread = (spec: string | undefined): Thread => findThread(m, spec, current);
  const check = (problem: string | undefined): void => {
    if (problem) throw new ConsoleCommandError(problem);
  };
  if (verb === undefined || verb === 'pos') {
    const p = runtime.travel.position(m);
    return `instruction ${p.clock} (${p.microseconds} µs emulated); ${runtime.travel.snapshotCount} snapshots, ${(runtime.travel.snapshotBytes / 1048576).toFixed(1)} MiB` +
      (runtime.travel.problem ? `; ${runtime.travel.problem}` : '');
  }
  if (/^\d+$/.test(verb)) {
    check(runtime.goToClock(Number(verb), current));
    return `at instruction ${m.instructions}`;
  }
  switch (verb) {
    case 'send': {
      const t = thread(rest[0]);
      const r = runtime.causes.lastReceived(t, m.instructions);
      if (!r) throw new ConsoleCommandError(`travel send: ${t.name} has received no message so far`);
      check(runtime.goToClock(r.sendClock, r.sender));
      return `at the ${r.kind} by ${r.sender.name} (instruction ${m.instructions})`;
    }
    case 'call': {
      const t = thread(rest[0]);
      const c = runtime.causes.lastCall(t, m.instructions);
      if (c === undefined) throw new ConsoleCommandError(`travel call: ${t.name} has made no call so far`);
      check(runtime.goToClock(c, t));
      return `at ${t.name}'s call (instruction ${m.instructions})`;
    }
    case 'write': {
      const what = rest[0];
      if (!what) throw new ConsoleCommandError('travel write: name a register (eax…) or an address');
      const t = thread(rest[1]);
      if ((REGISTER_NAMES as readonly string[]).includes(what)) check(runtime.reverseToWrite(t, { register: what as RegisterName }));
      else {
        const address = Number(what);
        if (!Number.isFinite(address)) throw new ConsoleCommandError(`travel write: "${what}" is neither a register nor an address`);
        check(runtime.reverseToWrite(t, { address: address >>> 0 }));
      }
      return `travelling back to the last write of ${what} by ${t.name} (the stop reports where)`;
    }
    case 'mark':
      if (!rest[0]) throw new ConsoleCommandError('travel mark: give the bookmark a name');
      runtime.bookmarks.set(rest[0], m.instructions);
      return `bookmark ${rest[0]} = instruction ${m.instructions}`;
    case 'to': {
      const at = runtime.bookmarks.get(rest[0] ?? '');
      if (at === undefined) throw new ConsoleCommandError(`travel to: no bookmark "${rest[0] ?? ''}"`);
      check(runtime.goToClock(at, current));
      return `at bookmark ${rest[0]} (instruction ${m.instructions})`;
    }
    case 'save': {
      if (!rest[0]) throw new ConsoleCommandError('travel save: name the recording file');
      const rec = runtime.saveRecording(rest.join(' '));
      return `saved ${rest.join(' ')}: instruction ${rec.clock}, state hash ${rec.stateHash}, ${rec.inputs.length} inputs`;
    }
    case 'marks':
      return [...runtime.bookmarks].map(([k, v]) => `${k}: instruction ${v}`).join('\n') || 'no bookmarks';
    default:
      throw new ConsoleCommandError(`travel: unknown "${verb}" (pos, <N>, send, call, write, mark, to, marks, save)`);
  }
}
