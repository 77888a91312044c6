// The variable scopes of a stopped thread: Registers, Locals, TCB, UTCB, Capabilities and the Kernel objects.
// Containers are created lazily and numbered by `Handles`; everything is reset at the next resume.
import { Handles } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import {
  decodeTag, ipcErrorName, protocolName, UTCB_BDR_OFFSET, UTCB_BR_OFFSET, UTCB_MR_COUNT, UTCB_MR_OFFSET,
  UTCB_TCR_ERROR_OFFSET, UTCB_TCR_USER_OFFSET, CAP_SHIFT, CAP_RIGHT_R, CAP_RIGHT_W, CAP_RIGHT_S, CAP_RIGHT_D,
} from '../emulator/kernel/abi';
import type { Kobject } from '../emulator/kernel/kobject';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import { DebugInfo } from './debug-info/debug-info';
import { evaluateLocation } from './debug-info/dwarf-location';
import { StackFrameInfo } from './debug-info/unwinder';
import { childrenOf, formatValue, isStructured, typeName } from './debug-info/variable-values';
import { Die } from './debug-info/debug-info-entries';
import { encodeMemoryReference } from './memory-reference';
import { eflagsText, EFLAGS_BITS, GPR_NAMES, SEGMENT_NAMES } from './register-names';

type Container = () => DebugProtocol.Variable[];

/** How many MRs the UTCB view lists when the last tag carries fewer words. */
const MIN_MRS_SHOWN = 8;
const BRS_SHOWN = 4;
const USER_TCRS = 3;

export function rightsString(rights: number): string {
  return (rights & CAP_RIGHT_R ? 'r' : '-') + (rights & CAP_RIGHT_W ? 'w' : '-') + (rights & CAP_RIGHT_S ? 's' : '-') + (rights & CAP_RIGHT_D ? 'd' : '');
}

export function describeTag(raw: number): string {
  const t = decodeTag(raw);
  const proto = protocolName(t.label);
  const flags: string[] = [];
  if (t.flags & 0x8000) flags.push('error');
  if (t.flags & 0x4000) flags.push('propagate');
  if (t.flags & 0x2000) flags.push('schedule');
  if (t.flags & 0x1000) flags.push('fpu');
  return `label=${t.label}${proto ? ` (${proto})` : ''} words=${t.words} items=${t.items}${flags.length ? ` flags=${flags.join(',')}` : ''} [${hex32(raw)}]`;
}

export class VariableViews {
  private readonly handles = new Handles<Container>();

  reset(): void {
    this.handles.reset();
  }

  variables(ref: number): DebugProtocol.Variable[] {
    const c = this.handles.get(ref);
    return c ? c() : [];
  }

  private add(c: Container): number {
    return this.handles.create(c);
  }

  scopes(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo | undefined): DebugProtocol.Scope[] {
    const scopes: DebugProtocol.Scope[] = [];
    const locals = info ? this.localsOf(thread, frame, frameIndex, info) : undefined;
    if (locals) scopes.push({ name: 'Locals', variablesReference: this.add(locals), expensive: false, presentationHint: 'locals' });
    scopes.push({ name: 'Registers', variablesReference: this.add(() => this.registers(thread, frame, frameIndex)), expensive: false, presentationHint: 'registers' });
    scopes.push({ name: 'TCB', variablesReference: this.add(() => this.tcb(thread)), expensive: false });
    scopes.push({ name: 'UTCB', variablesReference: this.add(() => this.utcb(thread)), expensive: false });
    scopes.push({ name: 'Capabilities', variablesReference: this.add(() => this.capabilities(thread.task)), expensive: false });
    scopes.push({ name: 'Kernel', variablesReference: this.add(() => this.kernelObjects(thread)), expensive: true });
    return scopes;
  }

  registers(thread: Thread, frame: StackFrameInfo, frameIndex: number): DebugProtocol.Variable[] {
    const cpu = thread.cpu;
    const out: DebugProtocol.Variable[] = [];
    GPR_NAMES.forEach((name, i) => {
      const v = frame.regs[i];
      out.push({ name, value: v === undefined ? '<not saved>' : hex32(v), variablesReference: 0, memoryReference: v === undefined ? undefined : encodeMemoryReference(thread.task.id, v) });
    });
    out.push({ name: 'eip', value: hex32(frame.pc), variablesReference: 0, memoryReference: encodeMemoryReference(thread.task.id, frame.pc) });
    if (frameIndex === 0) {
      const eflags = cpu.getEflags();
      const flags = this.add(() => EFLAGS_BITS.map(([n, bit]) => ({ name: n, value: eflags & (1 << bit) ? '1' : '0', variablesReference: 0 })));
      out.push({ name: 'eflags', value: `${hex32(eflags)} ${eflagsText(eflags)}`, variablesReference: flags });
      SEGMENT_NAMES.forEach((name, i) => {
        const sel = cpu.sreg[i];
        const base = cpu.segBase[i];
        out.push({ name, value: `0x${sel.toString(16).padStart(4, '0')}${base ? ` (base ${hex32(base)})` : ''}`, variablesReference: 0 });
      });
    }
    return out;
  }

  private capName(task: Task, selector: number): string {
    const slot = selector >>> CAP_SHIFT;
    const entry = task.caps.lookup(slot);
    return entry ? `${hex32(selector)} → ${entry.object.toString()}` : hex32(selector);
  }

  tcb(thread: Thread): DebugProtocol.Variable[] {
    const v = (name: string, value: string): DebugProtocol.Variable => ({ name, value, variablesReference: 0 });
    return [
      v('name', thread.name),
      v('id', String(thread.id)),
      v('state', thread.stateDescription()),
      v('priority', String(thread.prio)),
      v('quantum', `${thread.quantum} instructions`),
      v('task', thread.task.name),
      v('pager', this.capName(thread.task, thread.pager)),
      v('exception handler', this.capName(thread.task, thread.excHandler)),
      { name: 'utcb', value: hex32(thread.utcb), variablesReference: 0, memoryReference: encodeMemoryReference(thread.task.id, thread.utcb) },
      ...thread.describe().filter((d) => d.name === 'consumed').map((d) => v(d.name, d.value)),
    ];
  }

  utcb(thread: Thread): DebugProtocol.Variable[] {
    const as = thread.task.as;
    const word = (off: number) => as.readU32(thread.utcb + off);
    const show = (n: number | undefined) => (n === undefined ? '<unmapped>' : hex32(n));
    const tag = decodeTag(thread.lastTag);
    const mrCount = Math.min(UTCB_MR_COUNT, Math.max(MIN_MRS_SHOWN, tag.words + 2 * tag.items));
    const out: DebugProtocol.Variable[] = [
      { name: 'last tag', value: describeTag(thread.lastTag), variablesReference: 0 },
    ];
    for (let i = 0; i < mrCount; i++) out.push({ name: `MR${i}`, value: show(word(UTCB_MR_OFFSET + 4 * i)), variablesReference: 0 });
    out.push({ name: 'BDR', value: show(word(UTCB_BDR_OFFSET)), variablesReference: 0 });
    for (let i = 0; i < BRS_SHOWN; i++) out.push({ name: `BR${i}`, value: show(word(UTCB_BR_OFFSET + 4 * i)), variablesReference: 0 });
    const err = word(UTCB_TCR_ERROR_OFFSET);
    out.push({ name: 'TCR error', value: err === undefined ? '<unmapped>' : `${hex32(err)} (${ipcErrorName(err)})`, variablesReference: 0 });
    for (let i = 0; i < USER_TCRS; i++) out.push({ name: `TCR user${i}`, value: show(word(UTCB_TCR_USER_OFFSET + 4 * i)), variablesReference: 0 });
    return out;
  }

  capabilities(task: Task): DebugProtocol.Variable[] {
    return task.caps.entries().map((e) => {
      const children = this.add(() => [
        { name: 'slot', value: String(e.slot), variablesReference: 0 },
        { name: 'selector', value: hex32(e.selector), variablesReference: 0 },
        { name: 'type', value: e.object.kind, variablesReference: 0 },
        { name: 'name', value: e.object.name || '(unnamed)', variablesReference: 0 },
        { name: 'rights', value: rightsString(e.rights), variablesReference: 0 },
        ...e.object.describe().map((d) => ({ name: d.name, value: d.value, variablesReference: 0 })),
      ]);
      return { name: `[${e.slot}] ${hex32(e.selector)}`, value: `${e.object.kind} ${e.object.name ? `"${e.object.name}"` : `#${e.object.id}`} ${rightsString(e.rights)}`, type: e.object.kind, variablesReference: children };
    });
  }

  private kernelObjects(thread: Thread): DebugProtocol.Variable[] {
    const seen = new Set<Kobject>();
    const out: DebugProtocol.Variable[] = [];
    const addObj = (o: Kobject) => {
      if (seen.has(o)) return;
      seen.add(o);
      out.push({ name: `#${o.id} ${o.kind}`, value: o.name || '(unnamed)', variablesReference: this.add(() => o.describe().map((d) => ({ name: d.name, value: d.value, variablesReference: 0 }))) });
    };
    // Tasks and threads first, then whatever the current task's capabilities name.
    const task = thread.task;
    for (const t of task.threads) addObj(t);
    addObj(task);
    for (const e of task.caps.entries()) addObj(e.object);
    return out;
  }

  /** A Locals container when DWARF describes the function at the frame's pc. */
  private localsOf(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo): Container | undefined {
    const vars = info.variablesAt(frameIndex === 0 ? frame.pc : frame.pc - 1);
    if (vars.length === 0) return undefined;
    return () => {
      const as = thread.task.as;
      const readU32 = (a: number) => as.readU32(a >>> 0);
      const read = (a: number, n: number) => as.read(a >>> 0, n);
      const lookup = (o: number) => info.die(o);
      const cfa = frame.cfa ?? info.unwinder.cfaOf(frame, frameIndex === 0, readU32);
      const fbExpr = info.frameBaseAt(frame.pc);
      const fb = fbExpr ? evaluateLocation(fbExpr, { reg: (n) => frame.regs[n], cfa, readU32 }) : undefined;
      const frameBase = fb?.kind === 'memory' ? fb.address : undefined;
      return vars.map((v) => {
        const loc = v.location ? evaluateLocation(v.location, { reg: (n) => frame.regs[n], cfa, frameBase, readU32 }) : undefined;
        if (!loc) return { name: v.name, value: '<optimized out>', variablesReference: 0, type: typeName(v.type, lookup) };
        if (loc.kind !== 'memory') {
          const raw = loc.kind === 'value' ? loc.value : frame.regs[loc.reg];
          return { name: v.name, value: raw === undefined ? '<unavailable>' : String(raw), variablesReference: 0, type: typeName(v.type, lookup) };
        }
        return this.valueVariable(thread, v.name, v.type, loc.address, read, lookup);
      });
    };
  }

  private valueVariable(thread: Thread, name: string, type: Die | undefined, address: number, read: (a: number, n: number) => Uint8Array | undefined, lookup: (o: number) => Die | undefined): DebugProtocol.Variable {
    const ref = isStructured(type, lookup)
      ? this.add(() => childrenOf(type, address, lookup).map((c) => this.valueVariable(thread, c.name, c.type, c.address, read, lookup)))
      : 0;
    return { name, value: formatValue(type, address, read, lookup), type: typeName(type, lookup), variablesReference: ref, memoryReference: encodeMemoryReference(thread.task.id, address) };
  }
}
