// Line, function and instruction breakpoints: what the user set, and where each is armed. A line or function
// breakpoint is verified when an ELF file of the boot has code for it, and armed in every task whose images
// have that code, at the moment the task is first seen (so a program started late gets its breakpoints then).
// The user's programs come first: `main` or an SDK function binds in them, not in sigma0, moe, l4re and ned
// (built with the same SDK), unless no program has it — a line of moe's source binds in moe.
import { Machine } from '../../emulator/machine';
import type { Task } from '../../emulator/kernel/task';
import type { Thread } from '../../emulator/kernel/thread';
import { BreakpointTable } from '../breakpoint-table';
import type { ExpressionEnvironment } from '../c-expression';
import type { DebugInfo } from '../debug-info/debug-info';
import { checkConditionSyntax, decideHit, parseHitCondition, UserBreakpoint } from '../user-breakpoints';
import type { HitHistory } from './hit-history';

export interface BreakpointOptions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}
export interface LineBreakpointSpec extends BreakpointOptions { line: number }
export interface FunctionBreakpointSpec extends BreakpointOptions { name: string }
/** `taskId` undefined: the address in every task. */
export interface InstructionBreakpointSpec extends BreakpointOptions { taskId?: number; address: number }

/** What the user breakpoints at a thread's pc decided: the ones that stop, and logpoint lines. */
export interface BreakpointHits {
  hitIds: number[];
  reason: 'breakpoint' | 'function breakpoint' | 'instruction breakpoint';
  /** Logpoint lines (console) and conditions that could not be evaluated (stderr; the breakpoint stops, as in gdb), in order. */
  messages: Array<{ text: string; category: 'console' | 'stderr' }>;
}

/** The ELF files of the boot and which of them are L4Re servers rather than the user's programs. */
export interface BootImages {
  /** Debug info of every ELF module of the boot that has it. */
  all(): DebugInfo[];
  isServer(info: DebugInfo): boolean;
  /** The file name of the image (`moe`, `hello`), for `image!function`. */
  fileName(info: DebugInfo): string;
}

/** `image!function` names a function of one image. */
function splitFunctionName(name: string): { imageName?: string; name: string } {
  const bang = name.indexOf('!');
  return bang > 0 ? { imageName: name.slice(0, bang).trim(), name: name.slice(bang + 1).trim() } : { name: name.trim() };
}

export class CodeBreakpoints {
  /** Armed addresses and why, per address space; the run loop's temporary traps share it. */
  table = new BreakpointTable();
  private readonly byId = new Map<number, UserBreakpoint>();
  private readonly lines = new Map<string, UserBreakpoint[]>();
  private functions: UserBreakpoint[] = [];
  private instructions: UserBreakpoint[] = [];
  /** Tasks seen with a program image, whose breakpoints are armed. */
  readonly knownTasks = new Set<Task>();

  constructor(
    private readonly nextId: () => number,
    /** The debug info of every image of a task (l4re and its program): a breakpoint binds in each that has its code. */
    private readonly debugInfo: (task: Task) => DebugInfo[],
    /** A breakpoint became verified after it was set (a program that has its code was loaded). */
    private readonly changed: (bp: UserBreakpoint) => void,
    /** The boot's images (undefined before a boot): where breakpoints may bind. */
    private readonly bootImages: () => BootImages | undefined = () => undefined,
    /** Hit counts by clock, shared with the data breakpoints (ids come from one counter). */
    private readonly hitHistory?: HitHistory,
  ) {}

  /** A new machine: nothing is armed, no task is known. */
  newMachine(): void {
    this.table = new BreakpointTable();
    this.knownTasks.clear();
  }


  get(id: number): UserBreakpoint | undefined {
    return this.byId.get(id);
  }

  setLineBreakpoints(file: string, specs: LineBreakpointSpec[]): UserBreakpoint[] {
    this.drop(this.lines.get(file) ?? []);
    const list = specs.map((b) => {
      const bp = this.create('line', b, 'no loaded program has code for this line (yet)');
      bp.file = file;
      bp.line = b.line;
      this.scopeOf(bp, (info) => info.resolveLine(file, b.line));
      return bp;
    });
    this.lines.set(file, list);
    for (const task of this.knownTasks) {
      for (const info of this.debugInfo(task)) for (const bp of list) this.armLine(task, info, bp, false);
    }
    return [...list];
  }

  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): UserBreakpoint[] {
    this.drop(this.functions);
    this.functions = specs.map((b) => {
      const bp = this.create('function', b, `no loaded program has a function "${b.name}" (yet)`);
      const { imageName, name } = splitFunctionName(b.name);
      bp.name = name;
      bp.imageName = imageName;
      this.scopeOf(bp, (info) => (this.functionIn(info, bp) ? {} : undefined));
      return bp;
    });
    for (const task of this.knownTasks) {
      for (const info of this.debugInfo(task)) for (const bp of this.functions) this.armFunction(task, info, bp, false);
    }
    return [...this.functions];
  }

  setInstructionBreakpoints(specs: InstructionBreakpointSpec[]): UserBreakpoint[] {
    this.drop(this.instructions);
    this.instructions = specs.map((b) => {
      const bp = this.create('instruction', b, 'no task has this address mapped (yet)');
      bp.taskId = b.taskId;
      bp.address = b.address >>> 0;
      for (const t of this.knownTasks) this.armInstruction(t, bp, false);
      return bp;
    });
    // A copy: the list is what arms the breakpoints in tasks seen later, a caller must not shorten it.
    return [...this.instructions];
  }

  /** First sight of a task with a program image: arms every breakpoint that has code in it. */
  armTask(task: Task): void {
    this.knownTasks.add(task);
    for (const bp of this.instructions) this.armInstruction(task, bp, true);
    // Without source or function breakpoints nothing needs the task's DWARF now: it is read when first asked
    // for (a stop, a stack trace), not for every server the boot starts (most of a launch's host time).
    if (this.functions.length === 0 && ![...this.lines.values()].some((list) => list.length > 0)) return;
    for (const info of this.debugInfo(task)) {
      for (const [, list] of this.lines) for (const bp of list) this.armLine(task, info, bp, true);
      for (const bp of this.functions) this.armFunction(task, info, bp, true);
    }
  }

  /** Forgets a task (a loader named its program anew): it is armed again when next seen. */
  forgetTask(task: Task): void {
    this.knownTasks.delete(task);
  }

  /**
   * The user breakpoints armed at the thread's pc: which stop, which log (conditions on typed values). `clock`
   * (the machine's) numbers each hit in the hit history, so hit counts follow time travel.
   */
  decide(thread: Thread, reasons: ReturnType<BreakpointTable['reasonsAt']>, env: () => ExpressionEnvironment, clock: number): BreakpointHits {
    const hits: BreakpointHits = { hitIds: [], reason: 'breakpoint', messages: [] };
    for (const r of reasons) {
      if (r.kind !== 'user' && r.kind !== 'function') continue;
      const bp = this.byId.get(r.id);
      if (!bp || hits.hitIds.includes(bp.id)) continue;
      const history = this.hitHistory;
      const outcome = decideHit(bp, env(), false, history ? () => history.hit(bp.id, clock) : undefined);
      if (outcome.kind === 'skip') continue;
      if (outcome.kind === 'log') {
        hits.messages.push({ text: outcome.text, category: 'console' });
        continue;
      }
      if (outcome.kind === 'error') hits.messages.push({ text: outcome.message, category: 'stderr' });
      hits.hitIds.push(bp.id);
      hits.reason = bp.kind === 'function' ? 'function breakpoint' : bp.kind === 'instruction' ? 'instruction breakpoint' : 'breakpoint';
    }
    return hits;
  }

  private create(kind: UserBreakpoint['kind'], src: BreakpointOptions, message: string): UserBreakpoint {
    const bp: UserBreakpoint = { id: this.nextId(), kind, verified: false, hits: 0, condition: src.condition, hitCondition: src.hitCondition, logMessage: src.logMessage, message };
    const bad = checkConditionSyntax(src.condition);
    if (bad && !/division by zero/.test(bad)) bp.problem = `condition: ${bad}`;
    if (src.hitCondition) {
      try {
        parseHitCondition(src.hitCondition);
      } catch (e) {
        bp.problem = (e as Error).message;
      }
    }
    this.byId.set(bp.id, bp);
    return bp;
  }

  private drop(list: UserBreakpoint[]): void {
    const ids = new Set(list.map((b) => b.id));
    this.table.removeWhere((r) => (r.kind === 'user' || r.kind === 'function') && ids.has(r.id));
    for (const id of ids) {
      this.byId.delete(id);
      this.hitHistory?.forget(id);
    }
  }

  private verify(bp: UserBreakpoint, notify: boolean, line?: number): void {
    if (bp.verified) return;
    bp.verified = true;
    bp.message = undefined;
    if (line !== undefined) bp.resolvedLine = line;
    if (notify) this.changed(bp);
  }

  /**
   * Decides where `bp` binds: the programs of the boot if one has code for it (`found`), else the servers;
   * verified at once when a file of the boot has code, with the line it resolves to.
   */
  private scopeOf(bp: UserBreakpoint, found: (info: DebugInfo) => { line?: number } | undefined): void {
    const images = this.bootImages();
    if (!images) return;
    let server: { line?: number } | undefined;
    for (const info of images.all()) {
      const hit = found(info);
      if (!hit) continue;
      if (!images.isServer(info)) {
        bp.scope = 'program';
        this.verify(bp, false, hit.line);
        return;
      }
      server ??= hit;
    }
    if (!server) return;
    bp.scope = 'server';
    this.verify(bp, false, server.line);
  }

  /** May `bp` bind in this image (its scope, and for `image!name` the image's file name)? */
  private bindsIn(info: DebugInfo, bp: UserBreakpoint): boolean {
    const images = this.bootImages();
    if (!images) return true;
    if (bp.imageName !== undefined && images.fileName(info) !== bp.imageName) return false;
    if (!bp.scope || bp.imageName !== undefined) return true;
    return images.isServer(info) === (bp.scope === 'server');
  }

  private functionIn(info: DebugInfo, bp: UserBreakpoint): boolean {
    if (bp.imageName !== undefined && this.bootImages()?.fileName(info) !== bp.imageName) return false;
    return info.functions.some((fn) => fn.name === bp.name);
  }

  private armLine(task: Task, info: DebugInfo, bp: UserBreakpoint, notify: boolean): void {
    if (!this.bindsIn(info, bp)) return;
    const resolved = info.resolveLine(bp.file!, bp.line!);
    if (!resolved || resolved.addresses.length === 0) return;
    for (const a of resolved.addresses) this.table.add(Machine.codeBreakpoints(task), a, { kind: 'user', id: bp.id });
    this.verify(bp, notify, resolved.line);
  }

  /** Every function of that name (static functions of SDK headers have one copy per compilation unit). */
  private armFunction(task: Task, info: DebugInfo, bp: UserBreakpoint, notify: boolean): void {
    if (!this.bindsIn(info, bp)) return;
    const seen = new Set<number>();
    for (const fn of info.functions) {
      if (fn.name !== bp.name || seen.has(fn.low)) continue;
      seen.add(fn.low);
      this.table.add(Machine.codeBreakpoints(task), info.breakpointAddress(fn), { kind: 'function', id: bp.id });
    }
    if (seen.size > 0) this.verify(bp, notify);
  }

  private armInstruction(task: Task, bp: UserBreakpoint, notify: boolean): void {
    if (bp.taskId !== undefined && bp.taskId !== task.id) return;
    this.table.add(Machine.codeBreakpoints(task), bp.address!, { kind: 'user', id: bp.id });
    this.verify(bp, notify);
  }
}
