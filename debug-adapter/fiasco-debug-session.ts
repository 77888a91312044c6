// FiascoDebugSession: the Debug Adapter Protocol on top of Machine. The machine runs in slices between which
// requests are served (pause acts within one slice); stepping drives the machine one instruction of one thread
// at a time and runs over calls with a temporary breakpoint at the return address.
import {
  BreakpointEvent, ExitedEvent, Handles, InitializedEvent, Logger, logger, LoggingDebugSession, OutputEvent, Scope,
  Source, StackFrame, StoppedEvent, TerminatedEvent, Thread as DapThread,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'path';
import { Machine, SliceResult } from '../emulator/machine';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { SYSCALL_PAGE_ADDRESS, INVALID_CAP_BIT } from '../emulator/kernel/abi';
import { hex32 } from '../emulator/util/hex';
import { DebugInfo } from './debug-info/debug-info';
import { StackFrameInfo, Unwinder } from './debug-info/unwinder';
import { BreakpointTable } from './breakpoint-table';
import { EvaluationError, ExpressionEvaluator } from './expression-evaluator';
import { FiascoLaunchArguments, LaunchArgumentError, LaunchSettings, validateLaunchArguments } from './launch-arguments';
import { decodeMemoryReference, encodeMemoryReference } from './memory-reference';
import { ProgramImages } from './program-images';
import { describeTag, VariableViews } from './variable-views';

type Disassemble = (bytes: Uint8Array, offset: number, address: number) => { length: number; text: string };
let disassembler: Disassemble | undefined;
/** The CPU's disassembler, loaded on first use (a byte listing stands in if it cannot be loaded). */
function disassemble(bytes: Uint8Array, offset: number, address: number): { length: number; text: string } {
  if (!disassembler) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      disassembler = (require('../emulator/cpu/disassembler') as { disassemble: Disassemble }).disassemble;
    } catch {
      disassembler = (b, o) => ({ length: 1, text: `.byte  0x${b[o].toString(16).padStart(2, '0')}` });
    }
  }
  return disassembler(bytes, offset, address);
}

/** Instructions per slice: a few milliseconds of host time, so requests are served promptly. */
const SLICE_INSTRUCTIONS = 200_000;
/** Smaller slices while event-driven exception filters are on, so the stop lands close to the event. */
const FILTER_SLICE_INSTRUCTIONS = 2_000;
/** Single steps per host tick while stepping. */
const STEPS_PER_TICK = 5_000;
const CONFIGURATION_DONE_TIMEOUT_MS = 5_000;

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'ipc', label: 'IPC', description: 'Stop after any IPC send or receive of a user thread', default: false },
  { filter: 'syscall', label: 'System calls', description: 'Stop after every system call (int 0x30) of a user thread', default: false },
  { filter: 'pagefault', label: 'Page faults', description: 'Stop when a user thread raises a page fault', default: false },
  { filter: 'capfault', label: 'Capability faults', description: 'Stop when a thread invokes an empty capability slot', default: false },
  { filter: 'exception', label: 'CPU exceptions', description: 'Stop when a thread raises a CPU exception (handled or not)', default: true },
];

interface LineBreakpoint {
  id: number;
  line: number;
  verified: boolean;
  resolvedLine?: number;
  message?: string;
}

interface FunctionBreakpoint {
  id: number;
  name: string;
  verified: boolean;
}

type RunMode =
  | { kind: 'continue' }
  | {
      kind: 'step';
      how: 'next' | 'stepIn';
      thread: Thread;
      startFile?: string;
      startLine?: number;
      startBlock?: { start: number; end: number };
      startEsp: number;
      /** Running over a call: wait for the thread at `address` with esp at least `esp`. */
      overCall?: { address: number; esp: number };
    }
  | { kind: 'stepOut'; thread: Thread; address: number; cfa: number };

interface StopInfo {
  reason: string;
  thread: Thread;
  description?: string;
  exception?: { id: string; description: string };
}

export class FiascoDebugSession extends LoggingDebugSession {
  private machine?: Machine;
  private settings?: LaunchSettings;
  private images?: ProgramImages;
  private readonly bps = new BreakpointTable();
  private nextBreakpointId = 1;
  private readonly lineBps = new Map<string, LineBreakpoint[]>();
  private functionBps: FunctionBreakpoint[] = [];
  private exceptionFilters = new Set<string>(['exception']);
  private readonly knownTasks = new Set<Task>();
  private entryArmed = false;
  private configurationDone = false;
  private configurationDoneWaiters: Array<() => void> = [];
  private running = false;
  private scheduled = false;
  private pauseRequested = false;
  private ended = false;
  private mode: RunMode = { kind: 'continue' };
  private pendingStop?: StopInfo;
  private lastStop?: StopInfo;
  private readonly frames = new Handles<{ thread: Thread; index: number; frame: StackFrameInfo }>();
  private readonly views = new VariableViews();
  private readonly ebpUnwinder = new Unwinder(undefined, () => undefined);

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsReadMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: false,
      supportsInstructionBreakpoints: false,
      supportsLoadedSourcesRequest: true,
      supportsExceptionInfoRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone = true;
    for (const w of this.configurationDoneWaiters.splice(0)) w();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: FiascoLaunchArguments): Promise<void> {
    let settings: LaunchSettings;
    try {
      settings = validateLaunchArguments(args);
    } catch (e) {
      this.sendErrorResponse(response, { id: 1001, format: (e as Error).message, showUser: true });
      return;
    }
    this.settings = settings;
    logger.setup(settings.trace ? Logger.LogLevel.Verbose : Logger.LogLevel.Stop, false);
    try {
      this.machine = Machine.boot({ modulesList: settings.modulesList, entry: settings.entry, searchPath: settings.searchPath });
    } catch (e) {
      const err = e as Error;
      const msg = err instanceof LaunchArgumentError ? err.message : `cannot boot ${settings.modulesList}${settings.entry ? ` entry "${settings.entry}"` : ''}: ${err.message}`;
      this.sendErrorResponse(response, { id: 1002, format: msg, showUser: true });
      return;
    }
    const machine = this.machine;
    this.images = new ProgramImages(machine.plan.workspaceRoot, (m) => this.sendEvent(new OutputEvent(`${m}\n`, 'console')));
    machine.events.on('output', ({ text }) => this.sendEvent(new OutputEvent(text, 'stdout')));
    machine.events.on('thread-created', (t) => this.discoverTask(t.task));
    machine.events.on('syscall', (e) => {
      const capfault = this.exceptionFilters.has('capfault') && !e.target && (e.dest & INVALID_CAP_BIT) === 0 && e.dest !== 0;
      if (capfault) this.trapAfterSyscall(e.thread, { id: 'capfault', description: `invocation of empty capability slot ${hex32(e.dest)} (tag ${describeTag(e.tag)})` });
      else if (this.exceptionFilters.has('syscall') && e.thread.task.image) {
        this.trapAfterSyscall(e.thread, { id: 'syscall', description: `system call: dest ${hex32(e.dest)}${e.target ? ` (${e.target.toString()})` : ''}, tag ${describeTag(e.tag)}, flags ${hex32(e.flags)}` });
      }
    });
    machine.events.on('ipc', (e) => {
      if ((this.exceptionFilters.has('ipc') || settings.breakOnIpc) && e.from.task.image) {
        this.trapAfterSyscall(e.from, { id: 'ipc', description: `IPC ${e.kind}${e.to ? ` to ${e.to.toString()}` : ''}: ${describeTag(e.tag)}${e.error ? ` error ${e.error}` : ''}` });
      }
    });
    machine.events.on('page-fault', (e) => {
      if (this.exceptionFilters.has('pagefault') && e.thread.task.image && !this.pendingStop) {
        this.pendingStop = { reason: 'exception', thread: e.thread, exception: { id: 'pagefault', description: `page fault at ${hex32(e.address)} (${e.write ? 'write' : 'read'}) from eip ${hex32(e.eip)}${e.resolved ? '' : ' — unresolved'}` } };
      }
    });
    machine.events.on('exception', (e) => {
      if (this.exceptionFilters.has('exception') && !this.pendingStop) {
        this.pendingStop = { reason: 'exception', thread: e.thread, exception: { id: 'exception', description: e.message } };
      }
    });
    for (const task of machine.tasks()) this.discoverTask(task);

    if (!this.configurationDone) {
      await new Promise<void>((resolve) => {
        this.configurationDoneWaiters.push(resolve);
        setTimeout(resolve, CONFIGURATION_DONE_TIMEOUT_MS);
      });
    }
    this.sendResponse(response);
    if (settings.stopOnEntry && !this.entryArmed) {
      // No program with a `main`: stop before the first instruction of the first user thread.
      const t = this.userThreads()[0] ?? machine.threads()[0];
      if (t) {
        this.reportStop({ reason: 'entry', thread: t });
        return;
      }
    }
    this.resume({ kind: 'continue' });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.running = false;
    this.ended = true;
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.running = false;
    this.sendResponse(response);
    if (!this.ended) {
      this.ended = true;
      this.sendEvent(new TerminatedEvent());
    }
  }

  // ---- tasks and breakpoints ---------------------------------------------------------------------------------

  private userThreads(): Thread[] {
    return (this.machine?.threads() ?? []).filter((t) => t.task.image && t.state !== 'dead');
  }

  /** First sight of a task with a program image: arm breakpoints that name its sources, and the entry stop. */
  private discoverTask(task: Task): void {
    if (this.knownTasks.has(task) || !task.image || !this.images) return;
    this.knownTasks.add(task);
    const info = this.images.forTask(task);
    if (!info) return;
    for (const [file, list] of this.lineBps) {
      for (const bp of list) this.armLineBreakpoint(task, info, file, bp);
    }
    for (const bp of this.functionBps) this.armFunctionBreakpoint(task, info, bp);
    if (this.settings?.stopOnEntry && !this.entryArmed) {
      const main = info.functionByName('main');
      if (main) {
        this.bps.add(task.as, info.breakpointAddress(main), { kind: 'entry' });
        this.entryArmed = true;
      }
    }
  }

  private armLineBreakpoint(task: Task, info: DebugInfo, file: string, bp: LineBreakpoint): void {
    const resolved = info.resolveLine(file, bp.line);
    if (!resolved || resolved.addresses.length === 0) return;
    for (const a of resolved.addresses) this.bps.add(task.as, a, { kind: 'user', id: bp.id });
    if (!bp.verified) {
      bp.verified = true;
      bp.resolvedLine = resolved.line;
      bp.message = undefined;
      this.sendEvent(new BreakpointEvent('changed', { id: bp.id, verified: true, line: resolved.line } as DebugProtocol.Breakpoint));
    }
  }

  private armFunctionBreakpoint(task: Task, info: DebugInfo, bp: FunctionBreakpoint): void {
    const fn = info.functionByName(bp.name);
    if (!fn) return;
    this.bps.add(task.as, info.breakpointAddress(fn), { kind: 'function', id: bp.id });
    if (!bp.verified) {
      bp.verified = true;
      this.sendEvent(new BreakpointEvent('changed', { id: bp.id, verified: true } as DebugProtocol.Breakpoint));
    }
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ? path.resolve(args.source.path) : undefined;
    if (!file) {
      response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: 'only breakpoints in files on disk are supported' })) };
      this.sendResponse(response);
      return;
    }
    const old = new Set((this.lineBps.get(file) ?? []).map((b) => b.id));
    this.bps.removeWhere((r) => r.kind === 'user' && old.has(r.id));
    const list: LineBreakpoint[] = (args.breakpoints ?? args.lines?.map((line) => ({ line })) ?? []).map((b) => ({
      id: this.nextBreakpointId++, line: b.line, verified: false, message: 'no loaded program has code for this line (yet)',
    }));
    this.lineBps.set(file, list);
    // Arm silently for tasks that exist already; the response carries the verified state.
    for (const task of this.knownTasks) {
      const info = this.images?.forTask(task);
      if (!info) continue;
      for (const bp of list) {
        const resolved = info.resolveLine(file, bp.line);
        if (!resolved || resolved.addresses.length === 0) continue;
        for (const a of resolved.addresses) this.bps.add(task.as, a, { kind: 'user', id: bp.id });
        bp.verified = true;
        bp.resolvedLine = resolved.line;
        bp.message = undefined;
      }
    }
    response.body = {
      breakpoints: list.map((b) => ({ id: b.id, verified: b.verified, line: b.resolvedLine ?? b.line, message: b.verified ? undefined : b.message, source: args.source })),
    };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const old = new Set(this.functionBps.map((b) => b.id));
    this.bps.removeWhere((r) => r.kind === 'function' && old.has(r.id));
    this.functionBps = args.breakpoints.map((b) => ({ id: this.nextBreakpointId++, name: b.name, verified: false }));
    for (const task of this.knownTasks) {
      const info = this.images?.forTask(task);
      if (!info) continue;
      for (const bp of this.functionBps) {
        const fn = info.functionByName(bp.name);
        if (!fn) continue;
        this.bps.add(task.as, info.breakpointAddress(fn), { kind: 'function', id: bp.id });
        bp.verified = true;
      }
    }
    response.body = { breakpoints: this.functionBps.map((b) => ({ id: b.id, verified: b.verified, message: b.verified ? undefined : `no loaded program has a function "${b.name}" (yet)` })) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const known = new Set(EXCEPTION_FILTERS.map((f) => f.filter));
    const filters = [...(args.filters ?? []), ...(args.filterOptions ?? []).map((o) => o.filterId)];
    this.exceptionFilters = new Set(filters.filter((f) => known.has(f)));
    response.body = { breakpoints: filters.map((f) => ({ verified: known.has(f), message: known.has(f) ? undefined : `unknown filter "${f}"` })) };
    this.sendResponse(response);
  }

  /** Stops the thread right after its current system call returns (the return address of `int 0x30`). */
  private trapAfterSyscall(thread: Thread, exception: { id: string; description: string }): void {
    const tag = `trap:${exception.id}`;
    if (this.bps.reasonsAt(thread.task.as, thread.cpu.eip).some((r) => r.kind === 'temp' && r.threadId === thread.id && r.tag.startsWith('trap:'))) return;
    this.bps.add(thread.task.as, thread.cpu.eip, { kind: 'temp', threadId: thread.id, tag });
    this.trapInfo.set(thread.id, exception);
  }
  private readonly trapInfo = new Map<number, { id: string; description: string }>();

  // ---- running ----------------------------------------------------------------------------------------------

  private resume(mode: RunMode): void {
    if (!this.machine || this.ended) return;
    this.mode = mode;
    this.running = true;
    this.pauseRequested = false;
    this.lastStop = undefined;
    this.views.reset();
    this.frames.reset();
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      try {
        this.runChunk();
      } catch (e) {
        this.running = false;
        this.sendEvent(new OutputEvent(`internal error in the emulator: ${(e as Error).stack ?? e}\n`, 'stderr'));
        this.sendEvent(new TerminatedEvent());
        this.ended = true;
      }
    });
  }

  private runChunk(): void {
    const machine = this.machine;
    if (!machine || !this.running) return;
    if (this.pauseRequested) {
      const t = this.mode.kind !== 'continue' ? this.mode.thread : this.userThreads().find((x) => x.runnable) ?? this.userThreads()[0] ?? machine.threads()[0];
      if (t) {
        this.reportStop({ reason: 'pause', thread: t });
        return;
      }
    }
    const mode = this.mode;
    if (mode.kind === 'step' && !mode.overCall) {
      if (mode.thread.state === 'dead') {
        this.mode = { kind: 'continue' };
      } else {
        for (let i = 0; i < STEPS_PER_TICK; i++) {
          const before = { eip: mode.thread.cpu.eip, esp: mode.thread.cpu.regs[4] };
          const r = machine.runSlice(SLICE_INSTRUCTIONS, { stepThread: mode.thread });
          if (r.kind === 'step' && r.thread === mode.thread && !this.pendingStop) {
            if (this.stepDone(mode, before)) {
              this.reportStop({ reason: 'step', thread: mode.thread });
              return;
            }
            if (mode.overCall) break;
            continue;
          }
          if (!this.handleResult(r)) return;
          break;
        }
        this.schedule();
        return;
      }
    }
    // Event-driven filters stop after the slice in which the event happened: run small slices (still one host
    // tick's worth of them) so that the stop lands close to the event.
    const filtered = this.exceptionFilters.has('pagefault') || this.exceptionFilters.has('exception');
    const budget = filtered ? FILTER_SLICE_INSTRUCTIONS : SLICE_INSTRUCTIONS;
    for (let done = 0; done < SLICE_INSTRUCTIONS; done += budget) {
      const r = machine.runSlice(budget);
      if (r.kind !== 'budget' || this.pendingStop) {
        if (this.handleResult(r)) this.schedule();
        return;
      }
    }
    this.schedule();
  }

  /** Reacts to a slice's end; returns true when the machine should keep running. */
  private handleResult(r: SliceResult): boolean {
    switch (r.kind) {
      case 'ended':
        this.running = false;
        this.ended = true;
        this.sendEvent(new OutputEvent(`boot ended: ${r.reason} (exit code ${r.exitCode})\n`, 'console'));
        this.sendEvent(new ExitedEvent(r.exitCode));
        this.sendEvent(new TerminatedEvent());
        return false;
      case 'fault':
        this.reportStop({ reason: 'exception', thread: r.thread, description: r.message, exception: { id: 'fault', description: r.message } });
        return false;
      case 'breakpoint':
        return this.atBreakpoint(r.thread);
      case 'step':
      case 'budget':
        break;
    }
    if (this.pendingStop) {
      const p = this.pendingStop;
      this.pendingStop = undefined;
      this.reportStop(p);
      return false;
    }
    return true;
  }

  private atBreakpoint(t: Thread): boolean {
    const eip = t.cpu.eip;
    const reasons = this.bps.reasonsAt(t.task.as, eip);
    const userIds = reasons.filter((r) => r.kind === 'user' || r.kind === 'function').map((r) => (r as { id: number }).id);
    const mine = (tag: string) => reasons.some((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === tag);
    const trap = reasons.find((r) => r.kind === 'temp' && r.threadId === t.id && r.tag.startsWith('trap:'));
    if (trap) this.bps.removeWhere((r, _s, a) => r === trap && a === eip);
    if (reasons.some((r) => r.kind === 'entry')) {
      this.bps.removeWhere((r) => r.kind === 'entry');
      this.reportStop({ reason: 'entry', thread: t });
      return false;
    }
    if (userIds.length > 0) {
      this.reportStop({ reason: userIds.some((id) => this.functionBps.some((b) => b.id === id)) ? 'function breakpoint' : 'breakpoint', thread: t, hitIds: userIds } as StopInfo);
      return false;
    }
    if (trap) {
      const info = this.trapInfo.get(t.id);
      this.trapInfo.delete(t.id);
      this.reportStop({ reason: 'exception', thread: t, description: info?.description, exception: info });
      return false;
    }
    const mode = this.mode;
    if (mode.kind === 'step' && mode.overCall && mode.thread === t && mine('over-call')) {
      if (t.cpu.regs[4] >= mode.overCall.esp) {
        this.bps.removeWhere((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === 'over-call');
        mode.overCall = undefined;
        // Back in the caller, usually mid-line: keep stepping to the start of a line.
        if (this.stepDone(mode, { eip: t.cpu.eip, esp: t.cpu.regs[4] })) {
          this.reportStop({ reason: 'step', thread: t });
          return false;
        }
      }
      return true;
    }
    if (mode.kind === 'stepOut' && mode.thread === t && mine('step-out') && t.cpu.regs[4] >= mode.cfa) {
      this.reportStop({ reason: 'step', thread: t });
      return false;
    }
    return true; // someone else's temporary trap: the machine steps over it on resume
  }

  /** After one instruction of a stepping thread: has the step reached its end? */
  private stepDone(mode: Extract<RunMode, { kind: 'step' }>, before: { eip: number; esp: number }): boolean {
    const t = mode.thread;
    const eip = t.cpu.eip;
    const esp = t.cpu.regs[4];
    const info = this.images?.forTask(t.task);
    if (!info || mode.startLine === undefined) return true; // no line info: one instruction
    const ret = esp === ((before.esp - 4) >>> 0) ? t.task.as.readU32(esp) : undefined;
    const isCall = ret !== undefined && ret - before.eip >= 2 && ret - before.eip <= 7 && eip !== ret;
    if (isCall) {
      const entersSource = info.addressToLine(eip) !== undefined;
      if (mode.how === 'next' || !entersSource) {
        mode.overCall = { address: ret, esp: (esp + 4) >>> 0 };
        this.bps.add(t.task.as, ret, { kind: 'temp', threadId: t.id, tag: 'over-call' });
        return false;
      }
    }
    const block = info.lineBlockAt(eip);
    if (!block || block.start !== eip || !block.isStmt) return false;
    const fn = info.functionAt(eip);
    if (fn?.die && eip === fn.low && (isCall || mode.how === 'stepIn')) return false; // the prologue row: go on to the body
    const sameLine = block.line === mode.startLine && block.file === mode.startFile;
    const inStartBlock = mode.startBlock !== undefined && eip >= mode.startBlock.start && eip < mode.startBlock.end;
    if (sameLine && inStartBlock && esp === mode.startEsp) return false;
    if (sameLine && !isCall && esp === mode.startEsp && eip > before.eip) return false; // another row of the same line
    return true;
  }

  private startStep(threadId: number, how: 'next' | 'stepIn'): void {
    const t = this.machine?.thread(threadId);
    if (!t) return;
    const info = this.images?.forTask(t.task);
    const loc = info?.addressToLine(t.cpu.eip);
    const block = info?.lineBlockAt(t.cpu.eip);
    this.resume({ kind: 'step', how, thread: t, startFile: loc?.file, startLine: loc?.line, startBlock: block ? { start: block.start, end: block.end } : undefined, startEsp: t.cpu.regs[4] });
  }

  private reportStop(s: StopInfo & { hitIds?: number[] }): void {
    this.running = false;
    this.pauseRequested = false;
    this.mode = { kind: 'continue' };
    this.bps.removeWhere((r) => r.kind === 'temp' && (r.tag === 'over-call' || r.tag === 'step-out'));
    this.lastStop = s;
    this.views.reset();
    this.frames.reset();
    const ev = new StoppedEvent(s.reason, s.thread.id, s.description) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (s.hitIds) ev.body.hitBreakpointIds = s.hitIds;
    this.sendEvent(ev);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resume({ kind: 'continue' });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    this.startStep(args.threadId, 'next');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.sendResponse(response);
    this.startStep(args.threadId, 'stepIn');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.sendResponse(response);
    const t = this.machine?.thread(args.threadId);
    if (!t) return;
    const frames = this.unwind(t, 2);
    const caller = frames[1];
    if (!caller || frames[0].cfa === undefined) {
      this.startStep(args.threadId, 'next');
      return;
    }
    this.bps.add(t.task.as, caller.pc, { kind: 'temp', threadId: t.id, tag: 'step-out' });
    this.resume({ kind: 'stepOut', thread: t, address: caller.pc, cfa: frames[0].cfa });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    if (this.running) {
      this.pauseRequested = true;
      this.schedule();
    }
  }

  // ---- inspection -------------------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = (this.machine?.threads() ?? []).filter((t) => t.state !== 'dead');
    response.body = { threads: threads.map((t) => new DapThread(t.id, t.name)) };
    this.sendResponse(response);
  }

  private unwind(t: Thread, max = 64): StackFrameInfo[] {
    const info = this.images?.forTask(t.task);
    const readU32 = (a: number) => t.task.as.readU32(a >>> 0);
    return (info ? info.unwinder : this.ebpUnwinder).unwind(t.cpu.regs, t.cpu.eip, readU32, max);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const t = this.machine?.thread(args.threadId);
    if (!t) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    const info = this.images?.forTask(t.task);
    const all = this.unwind(t);
    const start = args.startFrame ?? 0;
    const count = args.levels && args.levels > 0 ? args.levels : all.length;
    const stackFrames = all.slice(start, start + count).map((f, k) => {
      const index = start + k;
      const lookupPc = index === 0 ? f.pc : f.pc - 1;
      const fn = info?.functionAt(lookupPc);
      const loc = info?.addressToLine(lookupPc);
      const name = fn ? fn.name : (f.pc & ~0xfff) === SYSCALL_PAGE_ADDRESS ? '<syscall stub>' : hex32(f.pc);
      const id = this.frames.create({ thread: t, index, frame: f });
      const source = loc ? new Source(path.basename(loc.file), this.convertDebuggerPathToClient(loc.file)) : undefined;
      const sf = new StackFrame(id, name, source, loc ? this.convertDebuggerLineToClient(loc.line) : 0, loc ? this.convertDebuggerColumnToClient(Math.max(loc.column, 1)) : 0) as DebugProtocol.StackFrame;
      sf.instructionPointerReference = encodeMemoryReference(t.task.id, f.pc);
      if (!loc) sf.presentationHint = 'subtle';
      return sf;
    });
    response.body = { stackFrames, totalFrames: all.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const f = this.frames.get(args.frameId);
    if (!f) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const info = this.images?.forTask(f.thread.task);
    response.body = { scopes: this.views.scopes(f.thread, f.frame, f.index, info).map((s) => Object.assign(new Scope(s.name, s.variablesReference, s.expensive), s)) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    let vars = this.views.variables(args.variablesReference);
    if (args.start !== undefined || args.count !== undefined) vars = vars.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined);
    response.body = { variables: vars };
    this.sendResponse(response);
  }

  private currentThread(frameId?: number): { thread: Thread; frame?: StackFrameInfo; index: number } | undefined {
    const f = frameId !== undefined ? this.frames.get(frameId) : undefined;
    if (f) return { thread: f.thread, frame: f.frame, index: f.index };
    const t = this.lastStop?.thread ?? this.userThreads()[0];
    return t ? { thread: t, index: 0 } : undefined;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const cur = this.currentThread(args.frameId);
    if (!cur) {
      this.sendErrorResponse(response, { id: 2001, format: 'no thread to evaluate in: the program is not running', showUser: false });
      return;
    }
    const info = this.images?.forTask(cur.thread.task);
    const frame = cur.frame ?? this.unwind(cur.thread, 1)[0];
    const symbols = cur.thread.task.image?.elf ? (cur.thread.task.image.elf as unknown as { symbols(): Array<{ name: string; value: number }> }).symbols() : [];
    const localValue = (name: string): string | undefined => {
      if (!info) return undefined;
      const scopes = this.views.scopes(cur.thread, frame, cur.index, info);
      const locals = scopes.find((s) => s.name === 'Locals');
      return locals ? this.views.variables(locals.variablesReference).find((v) => v.name === name)?.value : undefined;
    };
    try {
      const r = new ExpressionEvaluator(cur.thread, frame, info, symbols, localValue).evaluate(args.expression);
      response.body = { result: r.text, variablesReference: 0, memoryReference: r.address !== undefined ? encodeMemoryReference(cur.thread.task.id, r.address) : undefined };
      this.sendResponse(response);
    } catch (e) {
      this.sendErrorResponse(response, { id: 2002, format: e instanceof EvaluationError ? e.message : `evaluation failed: ${(e as Error).message}`, showUser: false });
    }
  }

  private taskById(id: number): Task | undefined {
    return this.machine?.tasks().find((t) => t.id === id);
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const ref = decodeMemoryReference(args.memoryReference, this.currentThread()?.thread.task.id);
    const task = ref ? this.taskById(ref.taskId) : undefined;
    if (!ref || !task) {
      this.sendErrorResponse(response, { id: 3001, format: `bad memory reference "${args.memoryReference}" — expected task:<id>:0x<address>`, showUser: false });
      return;
    }
    const start = (ref.address + (args.offset ?? 0)) >>> 0;
    const bytes: number[] = [];
    for (let i = 0; i < args.count; i++) {
      const b = task.as.read((start + i) >>> 0, 1);
      if (!b) break;
      bytes.push(b[0]);
    }
    response.body = { address: hex32(start), data: Buffer.from(bytes).toString('base64'), unreadableBytes: args.count - bytes.length };
    this.sendResponse(response);
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const ref = decodeMemoryReference(args.memoryReference, this.currentThread()?.thread.task.id);
    const task = ref ? this.taskById(ref.taskId) : undefined;
    if (!ref || !task) {
      this.sendErrorResponse(response, { id: 3002, format: `bad memory reference "${args.memoryReference}"`, showUser: false });
      return;
    }
    const info = this.images?.forTask(task);
    const target = (ref.address + (args.offset ?? 0)) >>> 0;
    const before = Math.max(0, -(args.instructionOffset ?? 0));
    const decodeFrom = (from: number, until: (addr: number, n: number) => boolean): DebugProtocol.DisassembledInstruction[] => {
      const out: DebugProtocol.DisassembledInstruction[] = [];
      let a = from >>> 0;
      let lastLine: string | undefined;
      while (!until(a, out.length)) {
        const bytes = task.as.read(a, 16) ?? task.as.read(a, 1);
        if (!bytes) {
          out.push({ address: hex32(a), instruction: '??', presentationHint: 'invalid' });
          a = (a + 1) >>> 0;
          continue;
        }
        const d = disassemble(bytes, 0, a);
        const len = Math.max(1, d.length);
        const ins: DebugProtocol.DisassembledInstruction = { address: hex32(a), instructionBytes: Buffer.from(bytes.subarray(0, len)).toString('hex').replace(/(..)(?!$)/g, '$1 '), instruction: d.text };
        const fn = info?.functionAt(a);
        if (fn && fn.low === a) ins.symbol = fn.name;
        const loc = info?.addressToLine(a);
        if (loc) {
          const key = `${loc.file}:${loc.line}`;
          if (key !== lastLine) {
            ins.location = new Source(path.basename(loc.file), this.convertDebuggerPathToClient(loc.file));
            ins.line = loc.line;
            lastLine = key;
          }
        }
        out.push(ins);
        a = (a + len) >>> 0;
      }
      return out;
    };
    // Going backwards on x86 is ambiguous: decode forward from the start of the function (or a little before) and
    // keep the instructions that end exactly at the target.
    let head: DebugProtocol.DisassembledInstruction[] = [];
    if (before > 0) {
      const fn = info?.functionAt(target);
      const from = fn && target - fn.low < 0x4000 ? fn.low : (target - before * 8) >>> 0;
      const decoded = decodeFrom(from, (a) => a >= target);
      const aligned = decoded.length > 0 && decoded.every((d) => parseInt(d.address, 16) < target);
      head = aligned ? decoded.slice(-before) : [];
      while (head.length < before) head.unshift({ address: hex32(0), instruction: '', presentationHint: 'invalid' });
    }
    const forward = Math.max(0, args.instructionCount - before);
    const skip = Math.max(0, args.instructionOffset ?? 0);
    const tail = decodeFrom(target, (_a, n) => n >= forward + skip).slice(skip);
    response.body = { instructions: [...head, ...tail].slice(0, args.instructionCount) };
    this.sendResponse(response);
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    const files = new Set<string>();
    for (const task of this.knownTasks) for (const f of this.images?.forTask(task)?.sourceFiles() ?? []) files.add(f);
    response.body = { sources: [...files].sort().map((f) => new Source(path.basename(f), this.convertDebuggerPathToClient(f))) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const s = this.lastStop;
    if (!s || s.thread.id !== args.threadId || !s.exception) {
      response.body = { exceptionId: 'none', description: 'the thread did not stop because of an exception', breakMode: 'never' };
    } else {
      response.body = { exceptionId: s.exception.id, description: s.exception.description, breakMode: s.exception.id === 'fault' ? 'unhandled' : 'always', details: { message: s.exception.description, stackTrace: s.thread.stateDescription() } };
    }
    this.sendResponse(response);
  }
}
