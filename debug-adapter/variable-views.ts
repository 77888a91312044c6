// The variable scopes of a thread: Registers (with EFLAGS, segments, x87), Locals, TCB, UTCB, Capabilities and
// the Kernel objects, plus the Invocation of a kernel frame. Containers are created lazily and numbered by
// `Handles`; everything is reset at the next resume. A container may accept setVariable and may name the data
// a variable watches (for data breakpoints).
import { Handles } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import {
  decodeTag, ipcErrorName, UTCB_BDR_OFFSET, UTCB_BR_OFFSET, UTCB_MR_COUNT, UTCB_MR_OFFSET,
  UTCB_TCR_ERROR_OFFSET, UTCB_TCR_USER_OFFSET, CAP_SHIFT,
  FPAGE_TYPE_MEMORY, FPAGE_TYPE_OBJ, FPAGE_TYPE_IO,
} from '../emulator/kernel/abi';
import type { Kernel } from '../emulator/kernel/kernel';
import { IpcGate } from '../emulator/kernel/ipc-gate';
import type { Kobject } from '../emulator/kernel/kobject';
import { Task } from '../emulator/kernel/task';
import { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import { DebugInfo } from './debug-info/debug-info';
import { evaluateLocation } from './debug-info/dwarf-location';
import { StackFrameInfo } from './debug-info/unwinder';
import { childrenOf, formatValue, isStructured, typeName, typeSize } from './debug-info/variable-values';
import { Die } from './debug-info/debug-info-entries';
import { encodeMemoryReference } from './memory-reference';
import { eflagsText, EFLAGS_BITS, GPR_NAMES, SEGMENT_NAMES } from './register-names';
import { MM, SimdState, XMM } from '../emulator/cpu/simd-state';
import type { WatchTarget } from './data-watchpoints';
import { memoryRightsString, rightsString, rightsWithHex } from './capability-rights';
import { describeTag, type DecodedInvocation } from './ipc-descriptions';
import { Machine, REGISTER_NAMES, type RegisterName } from '../emulator/machine';
import type { ReceivedMessages } from './runtime/received-messages';
import { l4KindOf, renderL4Value, type L4Kind } from './l4-typed-values';
import { scalarNumber } from './debug-info/variable-values';

export { describeTag };

export interface ViewOptions {
  hex: boolean;
}

interface Container {
  get(opts: ViewOptions): DebugProtocol.Variable[];
  /** setVariable: parses `value` (a number) and writes it; returns the new displayed value. */
  set?(name: string, value: number, opts: ViewOptions): string;
  /** What a data breakpoint on the variable `name` would watch. */
  watch?(name: string): { target: WatchTarget; description: string } | undefined;
}

export class ViewError extends Error {}

/** How many MRs the UTCB view lists when the last tag carries fewer words. */
const MIN_MRS_SHOWN = 8;
const BRS_SHOWN = 4;
const USER_TCRS = 3;

/** A register value in hex (default) or decimal. */
export function formatRegister(v: number, hex: boolean): string {
  return hex ? hex32(v) : String(v >>> 0);
}

/** A typed item (two words at MR[words + 2i]): send/map item with its flexpage decoded. */
function describeItem(control: number, fpageWord: number): string {
  const type = (fpageWord >>> 4) & 3;
  const kind = type === FPAGE_TYPE_MEMORY ? 'memory' : type === FPAGE_TYPE_OBJ ? 'object' : type === FPAGE_TYPE_IO ? 'io' : 'none';
  const order = (fpageWord >>> 6) & 0x3f;
  const base = type === FPAGE_TYPE_OBJ ? `slot ${fpageWord >>> CAP_SHIFT}` : hex32(fpageWord & ~0xfff);
  const op = control & 2 ? 'grant' : 'map';
  return `${op} ${kind} fpage ${base} order ${order} rights ${type === FPAGE_TYPE_MEMORY ? memoryRightsString(fpageWord & 0xf) : rightsString(fpageWord & 0xf)} (send base ${hex32(control & ~0xff)}${control & 1 ? ', more items follow' : ''})`;
}

export class VariableViews {
  private readonly handles = new Handles<Container>();

  constructor(private readonly kernel: () => Kernel | undefined, private readonly received: ReceivedMessages) {}

  reset(): void {
    this.handles.reset();
  }

  has(ref: number): boolean {
    return this.handles.get(ref) !== undefined;
  }

  variables(ref: number, opts: ViewOptions): DebugProtocol.Variable[] {
    const c = this.handles.get(ref);
    if (!c) throw new ViewError(`no variables container ${ref} (it is gone after the program resumed)`);
    return c.get(opts);
  }

  setVariable(ref: number, name: string, value: number, opts: ViewOptions): string {
    const c = this.handles.get(ref);
    if (!c) throw new ViewError(`no variables container ${ref}`);
    if (!c.set) throw new ViewError(`the variables here cannot be changed`);
    return c.set(name, value, opts);
  }

  watchTarget(ref: number, name: string): { target: WatchTarget; description: string } | undefined {
    return this.handles.get(ref)?.watch?.(name);
  }

  private add(c: Container | ((opts: ViewOptions) => DebugProtocol.Variable[])): number {
    return this.handles.create(typeof c === 'function' ? { get: c } : c);
  }

  scopes(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo | undefined, invocation?: DecodedInvocation): DebugProtocol.Scope[] {
    const scopes: DebugProtocol.Scope[] = [];
    if (invocation) scopes.push({ name: 'Invocation', variablesReference: this.add(() => this.invocation(invocation)), expensive: false, presentationHint: 'arguments' });
    const locals = info && !invocation ? this.localsOf(thread, frame, frameIndex, info) : undefined;
    if (locals) scopes.push({ name: 'Locals', variablesReference: this.add(locals), expensive: false, presentationHint: 'locals' });
    scopes.push({ name: 'Registers', variablesReference: this.registersRef(thread, frame, frameIndex), expensive: false, presentationHint: 'registers' });
    scopes.push({ name: 'TCB', variablesReference: this.add(() => this.tcb(thread)), expensive: false });
    scopes.push({ name: 'UTCB', variablesReference: this.utcbRef(thread), expensive: false });
    scopes.push({ name: 'Capabilities', variablesReference: this.capabilitiesRef(thread.task), expensive: false });
    scopes.push({ name: 'Kernel', variablesReference: this.add(() => this.kernelView()), expensive: true });
    return scopes;
  }

  private invocation(inv: DecodedInvocation): DebugProtocol.Variable[] {
    return [
      ...inv.fields.map((f) => ({ name: f.name, value: f.value, variablesReference: 0 })),
      ...inv.words.map((w, i) => ({ name: `MR${i}`, value: hex32(w), variablesReference: 0 })),
    ];
  }

  private registersRef(thread: Thread, frame: StackFrameInfo, frameIndex: number): number {
    return this.add({
      get: (o) => this.registers(thread, frame, frameIndex, o.hex),
      set: (name, value, o) => {
        if (frameIndex !== 0) throw new ViewError('registers can be changed in the innermost frame only');
        if (!(REGISTER_NAMES as readonly string[]).includes(name)) throw new ViewError(`register ${name} cannot be changed`);
        const gi = (GPR_NAMES as readonly string[]).indexOf(name);
        const now = Machine.writeRegister(thread, name as RegisterName, value);
        frame.regs[gi >= 0 ? gi : 0] = gi >= 0 ? now : frame.regs[0];
        if (name === 'eip') frame.pc = now;
        return name === 'eflags' ? `${hex32(now)} ${eflagsText(now)}` : formatRegister(now, o.hex);
      },
    });
  }

  registers(thread: Thread, frame: StackFrameInfo, frameIndex: number, hex = true): DebugProtocol.Variable[] {
    const state = Machine.registers(thread);
    const out: DebugProtocol.Variable[] = [];
    GPR_NAMES.forEach((name, i) => {
      const v = frame.regs[i];
      out.push({ name, value: v === undefined ? '<not saved>' : formatRegister(v, hex), type: 'uint32_t', variablesReference: 0, memoryReference: v === undefined ? undefined : encodeMemoryReference(thread.task.id, v) });
    });
    out.push({ name: 'eip', value: formatRegister(frame.pc, hex), type: 'uint32_t', variablesReference: 0, memoryReference: encodeMemoryReference(thread.task.id, frame.pc) });
    if (frameIndex === 0) {
      const eflags = state.eflags;
      const flags = this.add(() => EFLAGS_BITS.map(([n, bit]) => ({ name: n, value: eflags & (1 << bit) ? '1' : '0', variablesReference: 0 })));
      out.push({ name: 'eflags', value: `${hex32(eflags)} ${eflagsText(eflags)}`, variablesReference: flags });
      SEGMENT_NAMES.forEach((name, i) => {
        const sel = state.segments[i].selector;
        const base = state.segments[i].base;
        out.push({ name, value: `0x${sel.toString(16).padStart(4, '0')}${base ? ` (base ${hex32(base)})` : ''}`, variablesReference: 0, memoryReference: base ? encodeMemoryReference(thread.task.id, base) : undefined });
      });
      out.push({ name: 'fpu', value: `x87: top ${state.fpu.top}, ${8 - state.fpu.empty.reduce((a, b) => a + b, 0)} in use`, variablesReference: this.add(() => this.fpu(thread)) });
      out.push({ name: 'sse', value: `xmm0-xmm7, mxcsr ${hex32(state.simd.mxcsr)}`, variablesReference: this.add(() => this.sse(thread)) });
      out.push({ name: 'mmx', value: 'mm0-mm7', variablesReference: this.add(() => this.mmx(thread)) });
    }
    return out;
  }

  /** XMM registers as one 128-bit hex value each, expandable to the lane views gdb shows. */
  private sse(thread: Thread): DebugProtocol.Variable[] {
    const st = Machine.registers(thread).simd;
    const out: DebugProtocol.Variable[] = [];
    for (let k = 0; k < 8; k++) {
      const base = (XMM >> 2) + 4 * k;
      out.push({ name: `xmm${k}`, value: wideHex(st.u32, base, 4), type: 'uint128_t', variablesReference: this.add(() => laneViews(st, XMM + 16 * k, 16)) });
    }
    out.push({ name: 'mxcsr', value: hex32(st.mxcsr), type: 'uint32_t', variablesReference: 0 });
    return out;
  }

  /** MMX registers (kept apart from the x87 stack, see emulator/cpu/README.md). */
  private mmx(thread: Thread): DebugProtocol.Variable[] {
    const st = Machine.registers(thread).simd;
    const out: DebugProtocol.Variable[] = [];
    for (let k = 0; k < 8; k++) {
      out.push({ name: `mm${k}`, value: wideHex(st.u32, (MM >> 2) + 2 * k, 2), type: 'uint64_t', variablesReference: this.add(() => laneViews(st, MM + 8 * k, 8)) });
    }
    return out;
  }

  private fpu(thread: Thread): DebugProtocol.Variable[] {
    const f = Machine.registers(thread).fpu;
    const out: DebugProtocol.Variable[] = [];
    for (let i = 0; i < 8; i++) {
      const phys = (f.top + i) & 7;
      out.push({ name: `st${i}`, value: f.empty[phys] ? '<empty>' : String(f.st[phys]), type: 'double (x87, 64-bit precision)', variablesReference: 0 });
    }
    let tag = 0;
    for (let i = 0; i < 8; i++) tag |= (f.empty[i] ? 3 : 0) << (2 * i);
    out.push({ name: 'fctrl', value: `0x${f.control.toString(16).padStart(4, '0')}`, variablesReference: 0 });
    out.push({ name: 'fstat', value: `0x${f.status.toString(16).padStart(4, '0')}`, variablesReference: 0 });
    out.push({ name: 'ftag', value: `0x${tag.toString(16).padStart(4, '0')}`, variablesReference: 0 });
    out.push({ name: 'top', value: String(f.top), variablesReference: 0 });
    return out;
  }

  private capName(task: Task, selector: number): string {
    const slot = selector >>> CAP_SHIFT;
    const entry = task.caps.lookup(slot);
    return entry ? `${hex32(selector)} → ${entry.object.toString()}` : hex32(selector);
  }

  tcb(thread: Thread): DebugProtocol.Variable[] {
    const v = (name: string, value: string): DebugProtocol.Variable => ({ name, value, variablesReference: 0 });
    const label = this.received.labels.get(thread);
    const k = this.kernel();
    return [
      v('name', thread.name),
      v('id', String(thread.id)),
      v('state', thread.stateDescription()),
      v('priority', String(thread.prio)),
      v('quantum', `${thread.quantum} instructions (${thread.quantumLeft} left)`),
      v('task', thread.task.name),
      v('pager', this.capName(thread.task, thread.pager)),
      v('exception handler', this.capName(thread.task, thread.excHandler)),
      { name: 'utcb', value: hex32(thread.utcb), variablesReference: 0, memoryReference: encodeMemoryReference(thread.task.id, thread.utcb) },
      v('partner', thread.partner ? thread.partner.toString() : '(none)'),
      v('senders queue', thread.senders.map((s) => s.name).join(', ') || '(empty)'),
      v('reply capability', thread.replyTo ? `reply to ${thread.replyTo.name}` : '(none)'),
      v('timeout', thread.wakeAt === undefined ? '(none)' : `at instruction ${thread.wakeAt}${k ? ` (in ${thread.wakeAt - k.clock})` : ''}`),
      v('last received label', label === undefined ? '(none)' : hex32(label)),
      v('kernel IPC', thread.kernelIpc ? thread.kernelIpc.kind : '(none)'),
      v('consumed', `${thread.consumed} instructions`),
    ];
  }

  private utcbRef(thread: Thread): number {
    const offsetOf = (name: string): number | undefined => {
      const mr = /^MR(\d+)$/.exec(name);
      if (mr && Number(mr[1]) < UTCB_MR_COUNT) return UTCB_MR_OFFSET + 4 * Number(mr[1]);
      const br = /^BR(\d+)$/.exec(name);
      if (br) return UTCB_BR_OFFSET + 4 * Number(br[1]);
      if (name === 'BDR') return UTCB_BDR_OFFSET;
      if (name === 'TCR error') return UTCB_TCR_ERROR_OFFSET;
      const user = /^TCR user(\d)$/.exec(name);
      if (user) return UTCB_TCR_USER_OFFSET + 4 * Number(user[1]);
      return undefined;
    };
    return this.add({
      get: () => this.utcb(thread),
      set: (name, value) => {
        const off = offsetOf(name);
        if (off === undefined) throw new ViewError(`${name} cannot be changed (MRn, BRn, BDR and TCRs can)`);
        if (!Machine.writeU32(thread.task, thread.utcb + off, value >>> 0)) throw new ViewError('the UTCB is not mapped');
        return hex32(value);
      },
      watch: (name) => {
        const off = offsetOf(name);
        if (off === undefined) return undefined;
        return { target: { kind: 'memory', taskId: thread.task.id, address: (thread.utcb + off) >>> 0, size: 4 }, description: `${thread.name} UTCB ${name}` };
      },
    });
  }

  utcb(thread: Thread): DebugProtocol.Variable[] {
    const word = (off: number) => Machine.readU32(thread.task, thread.utcb + off);
    const show = (n: number | undefined) => (n === undefined ? '<unmapped>' : hex32(n));
    const ref = (off: number) => encodeMemoryReference(thread.task.id, (thread.utcb + off) >>> 0);
    const received = this.received.tags.get(thread);
    // The MRs hold the last message received when the thread is back from a receive, else what it sent.
    const tagRaw = received !== undefined && thread.state !== 'sending' ? received : thread.lastTag;
    const tag = decodeTag(tagRaw);
    const mrCount = Math.min(UTCB_MR_COUNT, Math.max(MIN_MRS_SHOWN, tag.words + 2 * tag.items));
    const out: DebugProtocol.Variable[] = [
      { name: 'last tag', value: describeTag(thread.lastTag), variablesReference: 0 },
      { name: 'received tag', value: received === undefined ? '(nothing received yet)' : describeTag(received), variablesReference: 0 },
    ];
    for (let i = 0; i < mrCount; i++) {
      const itemIndex = i - tag.words;
      const note = i < tag.words ? ' (untyped word)' : itemIndex >= 0 && itemIndex < 2 * tag.items ? (itemIndex % 2 === 0 ? ' (item control)' : ' (item fpage)') : '';
      out.push({ name: `MR${i}`, value: `${show(word(UTCB_MR_OFFSET + 4 * i))}${note}`, variablesReference: 0, memoryReference: ref(UTCB_MR_OFFSET + 4 * i) });
    }
    if (tag.items > 0) {
      const items = this.add(() => {
        const list: DebugProtocol.Variable[] = [];
        for (let k = 0; k < tag.items; k++) {
          const c = word(UTCB_MR_OFFSET + 4 * (tag.words + 2 * k)) ?? 0;
          const f = word(UTCB_MR_OFFSET + 4 * (tag.words + 2 * k + 1)) ?? 0;
          list.push({ name: `item ${k}`, value: describeItem(c, f), variablesReference: 0 });
        }
        return list;
      });
      out.push({ name: 'typed items', value: `${tag.items} item${tag.items === 1 ? '' : 's'}`, variablesReference: items });
    }
    out.push({ name: 'BDR', value: show(word(UTCB_BDR_OFFSET)), variablesReference: 0, memoryReference: ref(UTCB_BDR_OFFSET) });
    for (let i = 0; i < BRS_SHOWN; i++) out.push({ name: `BR${i}`, value: show(word(UTCB_BR_OFFSET + 4 * i)), variablesReference: 0, memoryReference: ref(UTCB_BR_OFFSET + 4 * i) });
    const err = word(UTCB_TCR_ERROR_OFFSET);
    out.push({ name: 'TCR error', value: err === undefined ? '<unmapped>' : `${hex32(err)} (${ipcErrorName(err)})`, variablesReference: 0, memoryReference: ref(UTCB_TCR_ERROR_OFFSET) });
    for (let i = 0; i < USER_TCRS; i++) out.push({ name: `TCR user${i}`, value: show(word(UTCB_TCR_USER_OFFSET + 4 * i)), variablesReference: 0, memoryReference: ref(UTCB_TCR_USER_OFFSET + 4 * i) });
    return out;
  }

  private capabilitiesRef(task: Task): number {
    return this.add({
      get: () => this.capabilities(task),
      watch: (name) => {
        const m = /^\[(\d+)\]/.exec(name);
        return m ? { target: { kind: 'cap', taskId: task.id, slot: Number(m[1]) }, description: `capability slot ${m[1]} of ${task.name}` } : undefined;
      },
    });
  }

  capabilities(task: Task): DebugProtocol.Variable[] {
    return task.caps.entries().map((e) => {
      const o = e.object;
      const target = o instanceof Thread ? `thread ${o.name}` : o instanceof Task ? `task ${o.name}` : o instanceof IpcGate ? `gate → ${o.thread ? o.thread.name : 'unbound'}` : undefined;
      const children = this.add(() => [
        { name: 'slot', value: String(e.slot), variablesReference: 0 },
        { name: 'selector', value: hex32(e.selector), variablesReference: 0 },
        { name: 'type', value: o.kind, variablesReference: 0 },
        { name: 'name', value: o.name || '(unnamed)', variablesReference: 0 },
        { name: 'rights', value: rightsWithHex(e.rights), variablesReference: 0 },
        ...(target ? [{ name: 'target', value: target, variablesReference: 0 }] : []),
        { name: 'object', value: o.toString(), variablesReference: this.objectRef(o) },
      ]);
      return { name: `[${e.slot}] ${hex32(e.selector)}`, value: `${o.kind} ${o.name ? `"${o.name}"` : `#${o.id}`} ${rightsString(e.rights)}`, type: o.kind, variablesReference: children };
    });
  }

  /** An object expanded: its own properties, and for a thread its TCB, for a gate its senders queue. */
  private objectRef(o: Kobject): number {
    return this.add(() => {
      const props: DebugProtocol.Variable[] = o.describe().map((d) => ({ name: d.name, value: d.value, variablesReference: 0 }));
      if (o instanceof Thread) return this.tcb(o);
      if (o instanceof IpcGate) {
        const queue = o.thread ? o.thread.senders.filter((s) => s.sendVia === o) : [];
        props.push({ name: 'senders queue', value: queue.map((s) => s.name).join(', ') || '(empty)', variablesReference: 0 });
      }
      if (o instanceof Task) props.push({ name: 'capabilities', value: `${o.caps.entries().length} slots`, variablesReference: this.capabilitiesRef(o) });
      return props;
    });
  }

  kernelView(): DebugProtocol.Variable[] {
    const k = this.kernel();
    if (!k) return [];
    const objects = k.allObjects();
    const gates = objects.filter((o): o is IpcGate => o instanceof IpcGate);
    const sleepers = k.threads.filter((t) => t.wakeAt !== undefined).sort((a, b) => a.wakeAt! - b.wakeAt!);
    const ready = k.scheduler.readyThreads();
    return [
      { name: 'clock', value: `${k.clock} instructions (${k.microseconds} µs)`, variablesReference: 0 },
      {
        name: 'objects', value: `${objects.length}`, variablesReference: this.add(() => objects.map((o) => ({ name: `#${o.id} ${o.kind}`, value: o.name || '(unnamed)', variablesReference: this.objectRef(o) }))),
      },
      {
        name: 'IPC gates', value: `${gates.length}`, variablesReference: this.add(() => gates.map((g) => {
          const queue = g.thread ? g.thread.senders.filter((s) => s.sendVia === g) : [];
          return { name: `#${g.id} ${g.name || 'gate'}`, value: `label ${hex32(g.label)} → ${g.thread ? g.thread.name : 'unbound'}; senders: ${queue.map((s) => s.name).join(', ') || '(none)'}`, variablesReference: this.objectRef(g) };
        })),
      },
      {
        name: 'ready queue', value: ready.map((t) => t.name).join(', ') || '(empty)',
        variablesReference: this.add(() => ready.map((t, i) => ({ name: `[${i}] prio ${t.prio}`, value: t.name, variablesReference: this.objectRef(t) }))),
      },
      {
        name: 'timeouts', value: sleepers.length ? sleepers.map((t) => t.name).join(', ') : '(none)',
        variablesReference: this.add(() => sleepers.map((t) => ({ name: t.name, value: `at instruction ${t.wakeAt} (in ${t.wakeAt! - k.clock}) — ${t.stateDescription()}`, variablesReference: 0 }))),
      },
      {
        name: 'threads', value: `${k.threads.length}`,
        variablesReference: this.add(() => k.threads.map((t) => ({ name: t.name, value: t.stateDescription(), variablesReference: this.objectRef(t) }))),
      },
    ];
  }

  /**
   * The local `name` as the Locals scope shows it, with its children (an L4 type's decoded parts, a structure's
   * members) under a handle of this view, so that watch and hover expressions can be expanded too.
   */
  local(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo, name: string, opts: ViewOptions): DebugProtocol.Variable | undefined {
    if (!info.variablesAt(frameIndex === 0 ? frame.pc : frame.pc - 1).some((v) => v.name === name)) return undefined;
    return this.localsOf(thread, frame, frameIndex, info)?.get(opts).find((v) => v.name === name);
  }

  /** A Locals container when DWARF describes the function at the frame's pc. */
  private localsOf(thread: Thread, frame: StackFrameInfo, frameIndex: number, info: DebugInfo): Container | undefined {
    const vars = info.variablesAt(frameIndex === 0 ? frame.pc : frame.pc - 1);
    if (vars.length === 0) return undefined;
    const lookup = (o: number) => info.die(o);
    const task = thread.task;
    const readU32 = (a: number) => Machine.readU32(task, a);
    const place = (name: string): { address: number; size: number } | undefined => {
      const v = vars.find((x) => x.name === name);
      if (!v?.location) return undefined;
      const cfa = frame.cfa ?? info.unwinder.cfaOf(frame, frameIndex === 0, readU32);
      const fbExpr = info.frameBaseAt(frame.pc);
      const fb = fbExpr ? evaluateLocation(fbExpr, { reg: (n) => frame.regs[n], cfa, readU32 }) : undefined;
      const loc = evaluateLocation(v.location, { reg: (n) => frame.regs[n], cfa, frameBase: fb?.kind === 'memory' ? fb.address : undefined, readU32 });
      return loc?.kind === 'memory' ? { address: loc.address, size: typeSize(v.type, lookup) || 4 } : undefined;
    };
    return {
      get: () => {
        const read = (a: number, n: number) => Machine.readMemory(task, a, n);
        const cfa = frame.cfa ?? info.unwinder.cfaOf(frame, frameIndex === 0, readU32);
        const fbExpr = info.frameBaseAt(frame.pc);
        const fb = fbExpr ? evaluateLocation(fbExpr, { reg: (n) => frame.regs[n], cfa, readU32 }) : undefined;
        const frameBase = fb?.kind === 'memory' ? fb.address : undefined;
        return vars.map((v) => {
          const loc = v.location ? evaluateLocation(v.location, { reg: (n) => frame.regs[n], cfa, frameBase, readU32 }) : undefined;
          if (!loc) return { name: v.name, value: '<optimized out>', variablesReference: 0, type: typeName(v.type, lookup) };
          if (loc.kind !== 'memory') {
            const raw = loc.kind === 'value' ? loc.value : frame.regs[loc.reg];
            const kind = l4KindOf(v.type, lookup, v.name);
            if (raw !== undefined && kind) {
              const r = renderL4Value(kind, raw, task);
              return { name: v.name, value: r.value, type: typeName(v.type, lookup), variablesReference: this.add(() => r.fields.map((f) => ({ name: f.name, value: f.value, variablesReference: 0 }))) };
            }
            return { name: v.name, value: raw === undefined ? '<unavailable>' : String(raw), variablesReference: 0, type: typeName(v.type, lookup) };
          }
          return this.valueVariable(thread, v.name, v.type, loc.address, read, lookup);
        });
      },
      set: (name, value) => {
        const p = place(name);
        if (!p) throw new ViewError(`${name} does not live in memory here`);
        const v = vars.find((x) => x.name === name)!;
        const kind = l4KindOf(v.type, lookup, v.name);
        // An L4 structure (a tag, a timeout, a flexpage) is one word: it is set as a number, like a scalar.
        if ((isStructured(v.type, lookup) && !kind) || p.size > 8) throw new ViewError(`${name} is not a scalar: change its members instead`);
        writeScalar(task, p.address, p.size, value, name);
        return kind ? this.l4Value(kind, v.type, p.address, task, lookup)?.value ?? formatValue(v.type, p.address, (a, n) => Machine.readMemory(task, a, n), lookup)
          : formatValue(v.type, p.address, (a, n) => Machine.readMemory(task, a, n), lookup);
      },
      watch: (name) => {
        const p = place(name);
        return p ? { target: { kind: 'memory', taskId: thread.task.id, address: p.address, size: Math.min(p.size, 8) }, description: `${name} in ${thread.name}` } : undefined;
      },
    };
  }

  /** The L4 rendering of the value of `type` at `address`, or undefined when its bytes are unmapped. */
  private l4Value(kind: L4Kind, type: Die | undefined, address: number, task: Task, lookup: (o: number) => Die | undefined): ReturnType<typeof renderL4Value> | undefined {
    const size = Math.min(typeSize(type, lookup) || 4, 4);
    const bytes = Machine.readMemory(task, address, size);
    if (!bytes) return undefined;
    // Structures are read as their one word; integers by their own type (signed errors stay negative).
    const raw = isStructured(type, lookup) ? new DataView(bytes.buffer, bytes.byteOffset, size).getUint32(0, true) : scalarNumber(type, bytes, lookup);
    return raw === undefined ? undefined : renderL4Value(kind, raw, task);
  }

  /** A variable of an L4 type: its decoded value, and as children the raw word (settable) and the parts. */
  private l4Variable(thread: Thread, kind: L4Kind, name: string, type: Die | undefined, address: number, lookup: (o: number) => Die | undefined): DebugProtocol.Variable | undefined {
    const task = thread.task;
    const r = this.l4Value(kind, type, address, task, lookup);
    if (!r) return undefined;
    const size = Math.min(typeSize(type, lookup) || 4, 4);
    const children = this.add({
      get: () => (this.l4Value(kind, type, address, task, lookup)?.fields ?? []).map((f) => ({
        name: f.name, value: f.value, variablesReference: 0, memoryReference: f.name === 'raw' ? encodeMemoryReference(task.id, address) : undefined,
      })),
      set: (field, value) => {
        if (field !== 'raw') throw new ViewError(`set ${name} through its raw value (the other parts are decoded from it)`);
        writeScalar(task, address, size, value, name);
        return this.l4Value(kind, type, address, task, lookup)?.fields[0].value ?? '<unreadable>';
      },
      watch: (field) => (field === 'raw' ? { target: { kind: 'memory', taskId: task.id, address, size }, description: `${name} in ${thread.name}` } : undefined),
    });
    return { name, value: r.value, type: typeName(type, lookup), variablesReference: children, memoryReference: encodeMemoryReference(task.id, address) };
  }

  private valueVariable(thread: Thread, name: string, type: Die | undefined, address: number, read: (a: number, n: number) => Uint8Array | undefined, lookup: (o: number) => Die | undefined): DebugProtocol.Variable {
    const kind = l4KindOf(type, lookup, name);
    const l4 = kind ? this.l4Variable(thread, kind, name, type, address, lookup) : undefined;
    if (l4) return l4;
    const ref = isStructured(type, lookup)
      ? this.add(() => childrenOf(type, address, lookup).map((c) => this.valueVariable(thread, c.name, c.type, c.address, read, lookup)))
      : 0;
    return { name, value: formatValue(type, address, read, lookup), type: typeName(type, lookup), variablesReference: ref, memoryReference: encodeMemoryReference(thread.task.id, address) };
  }
}

/** Writes `value` as a `size`-byte little-endian number (two's complement for negative values). */
function writeScalar(task: Task, address: number, size: number, value: number, name: string): void {
  const bytes = new Uint8Array(size);
  let x = BigInt.asUintN(64, BigInt(Math.trunc(value)));
  for (let i = 0; i < size; i++) { bytes[i] = Number(x & 0xffn); x >>= 8n; }
  if (!Machine.writeMemory(task, address, bytes)) throw new ViewError(`${name} is at an unmapped address`);
}

/** `words` 32-bit little-endian lanes from u32[first] as one hex number (most significant lane first). */
function wideHex(u32: Uint32Array, first: number, words: number): string {
  let text = '0x';
  for (let w = words - 1; w >= 0; w--) text += u32[first + w].toString(16).padStart(8, '0');
  return text;
}

/** The lane views of a 64- or 128-bit register at byte `offset` of the SIMD state. */
function laneViews(st: SimdState, offset: number, bytes: number): DebugProtocol.Variable[] {
  const list = (n: number, get: (i: number) => number | bigint): string => `[${Array.from({ length: n }, (_, i) => String(get(i))).join(', ')}]`;
  const v = (name: string, value: string): DebugProtocol.Variable => ({ name, value, variablesReference: 0 });
  const out = [
    v(`v${bytes / 4}_float`, list(bytes / 4, (i) => st.f32[offset / 4 + i])),
    v(`v${bytes / 8}_double`, list(bytes / 8, (i) => st.f64[offset / 8 + i])),
    v(`v${bytes}_int8`, list(bytes, (i) => st.i8[offset + i])),
    v(`v${bytes / 2}_int16`, list(bytes / 2, (i) => st.i16[offset / 2 + i])),
    v(`v${bytes / 4}_int32`, list(bytes / 4, (i) => st.i32[offset / 4 + i])),
    v(`v${bytes / 8}_int64`, list(bytes / 8, (i) => st.i64[offset / 8 + i])),
  ];
  return bytes === 8 ? out.filter((x) => x.name !== 'v1_double') : out;
}
