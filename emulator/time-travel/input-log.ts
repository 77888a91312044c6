// Everything that changed a machine besides its boot: the debugger's writes of registers and memory (and
// jumps, which are writes of eip), and interrupt lines the host raised, each at the emulated clock it happened.
// Memory is logged as whole physical pages, registers by name, so a replay applies them without knowing which
// view made them. The guest has no console input (a vcon read always answers "no more data"), so there is no
// input of that kind to log.
import { Machine, REGISTER_NAMES, RegisterName } from '../machine';
import { PAGE_SIZE } from '../cpu/physical-memory';
import type { RamPages } from './timeline';

export interface InputEntry {
  clock: number;
  /** Physical pages as they were after the write (base64). */
  pages: Array<{ frame: number; data: string }>;
  registers: Array<{ thread: number; name: RegisterName; value: number }>;
  /** An ICU interrupt line the host raised (Machine.raiseIrq), after the writes of this entry. */
  irq?: number;
}

type RegisterFile = Map<number, number[]>;

function registerFile(machine: Machine): RegisterFile {
  const out: RegisterFile = new Map();
  for (const t of machine.threads()) out.set(t.id, REGISTER_NAMES.map((n) => Machine.readRegister(t, n)));
  return out;
}

export class InputLog {
  readonly entries: InputEntry[] = [];
  private registersAtStop: RegisterFile = new Map();
  private pagesAtStop?: RamPages;

  /** At a stop: what the machine holds before the debugger may write (pages from the timeline: RAM at the stop). */
  noteStop(machine: Machine, pages: RamPages | undefined): void {
    this.registersAtStop = registerFile(machine);
    this.pagesAtStop = pages;
  }

  /** The debugger wrote: logs the difference from the stop's state, at the current clock. */
  noteWrite(machine: Machine): void {
    const clock = machine.instructions;
    this.dropAfter(clock);
    const regs = registerFile(machine);
    const entry: InputEntry = { clock, pages: [], registers: [] };
    for (const [id, values] of regs) {
      const before = this.registersAtStop.get(id);
      values.forEach((v, i) => {
        if (!before || before[i] !== v) entry.registers.push({ thread: id, name: REGISTER_NAMES[i], value: v });
      });
    }
    const bytes = machine.kernel.phys.bytes;
    const pages = this.pagesAtStop;
    if (pages) {
      for (let f = 0; f < pages.frames; f++) {
        const cur = bytes.subarray(f * PAGE_SIZE, (f + 1) * PAGE_SIZE);
        const old = pages.page(f);
        let same = true;
        for (let i = 0; i < PAGE_SIZE; i++) if (cur[i] !== old[i]) { same = false; break; }
        if (!same) entry.pages.push({ frame: f, data: Buffer.from(cur).toString('base64') });
      }
    }
    this.registersAtStop = regs;
    if (entry.pages.length || entry.registers.length) this.entries.push(entry);
  }

  /** The host raised ICU line `line` now (Machine.raiseIrq answered true): a new future from here. */
  noteIrq(machine: Machine, line: number): void {
    const clock = machine.instructions;
    this.dropAfter(clock);
    this.entries.push({ clock, pages: [], registers: [], irq: line });
  }

  /** The future after `clock` was rewritten. */
  dropAfter(clock: number): void {
    while (this.entries.length && this.entries[this.entries.length - 1].clock > clock) this.entries.pop();
  }

  /** The clock of the first input after `clock`, if any: a run that passes it replays it there. */
  nextAfter(clock: number): number | undefined {
    return this.entries.find((e) => e.clock > clock)?.clock;
  }

  /** The inputs logged after `from` up to `to` (inclusive), in the order they were made. */
  between(from: number, to: number): InputEntry[] {
    return this.entries.filter((e) => e.clock > from && e.clock <= to);
  }
}

/** Applies one logged input to a machine standing at its clock. */
export function applyInput(machine: Machine, e: InputEntry): void {
  const phys = machine.kernel.phys;
  for (const p of e.pages) {
    phys.bytes.set(Buffer.from(p.data, 'base64'), p.frame * PAGE_SIZE);
    phys.frameChanged(p.frame);
  }
  for (const r of e.registers) {
    const t = machine.thread(r.thread);
    if (!t) throw new Error(`recording: input at instruction ${e.clock} names thread ${r.thread}, which does not exist`);
    Machine.writeRegister(t, r.name, r.value);
  }
  if (e.irq !== undefined && !machine.raiseIrq(e.irq)) throw new Error(`recording: input at instruction ${e.clock} raises ICU line ${e.irq}, to which no IRQ is bound`);
}
