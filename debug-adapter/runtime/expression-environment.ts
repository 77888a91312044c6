// The environment breakpoint conditions, logpoints, data-breakpoint conditions and the Debug Console evaluate
// C expressions in: registers of the frame, the thread's task and id, the last received label, C variables of
// the frame (typed values, see local-values.ts), and the program's symbols. Guest state is read through
// Machine's inspection API, so evaluating never looks like a kernel access.
import { Machine, REGISTER_NAMES } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import type { ExpressionEnvironment, ExpressionValue } from '../c-expression';
import type { DebugInfo } from '../debug-info/debug-info';
import type { StackFrameInfo } from '../debug-info/unwinder';
import { objectNames } from '../kernel-event-views';
import { imagesOf } from '../../emulator/kernel/task-images';
import { readLocal } from './local-values';
import type { ReceivedMessages } from './received-messages';

export interface FrameContext {
  thread: Thread;
  /** The frame (the innermost when undefined) and its index in the unwound stack. */
  frame?: StackFrameInfo;
  frameIndex: number;
  info?: DebugInfo;
}

const GPRS = REGISTER_NAMES.slice(0, 8) as readonly string[];

export function frameEnvironment(ctx: FrameContext, received: ReceivedMessages): ExpressionEnvironment {
  const { thread: t, frame: f, frameIndex, info } = ctx;
  // The symbols of every image of the task (l4re and its program), the task's own image first.
  const symbols = imagesOf(t.task).flatMap((i) => i.elf.symbols());
  return {
    identifier: (raw): ExpressionValue | undefined => {
      const name = raw.replace(/^\$/, '');
      const lower = name.toLowerCase();
      const gi = GPRS.indexOf(lower);
      if (gi >= 0) {
        const v = f ? f.regs[gi] : Machine.readRegister(t, REGISTER_NAMES[gi]);
        return v === undefined ? undefined : { kind: 'number', n: v >>> 0 };
      }
      if (lower === 'eip' || lower === 'pc') return { kind: 'number', n: (f ? f.pc : Machine.readRegister(t, 'eip')) >>> 0 };
      if (lower === 'eflags') return { kind: 'number', n: Machine.readRegister(t, 'eflags') };
      if (name === 'task') return { kind: 'number', n: t.task.id, names: [t.task.name] };
      if (name === 'thread') return { kind: 'number', n: t.id, names: objectNames(t) };
      if (name === 'label') return { kind: 'number', n: received.labels.get(t) ?? 0 };
      if (info && f) {
        const local = readLocal(t, f, frameIndex, info, name)?.value;
        if (local !== undefined) return { kind: 'number', n: local };
      }
      const sym = symbols.find((s) => s.name === name);
      if (sym) {
        if (sym.type === 'func') return { kind: 'number', n: sym.value >>> 0 };
        const v = Machine.readU32(t.task, sym.value);
        return v === undefined ? undefined : { kind: 'number', n: v };
      }
      const fn = info?.functionByName(name);
      return fn ? { kind: 'number', n: fn.low } : undefined;
    },
    addressOf: (name) => {
      const sym = symbols.find((s) => s.name === name);
      if (sym) return sym.value >>> 0;
      if (info && f) {
        const p = readLocal(t, f, frameIndex, info, name)?.address;
        if (p !== undefined) return p;
      }
      return info?.functionByName(name)?.low;
    },
    readMemory: (a, n) => Machine.readMemory(t.task, a, n),
  };
}
