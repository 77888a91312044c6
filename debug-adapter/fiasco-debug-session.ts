// FiascoDebugSession: the Debug Adapter Protocol on top of Machine. The machine runs in slices between which
// requests are served (pause acts within one slice, views are live while running); stepping drives the machine
// one instruction of one thread at a time and runs over calls with a temporary breakpoint at the return
// address. Kernel events (IPC, system calls, faults) stop precisely through Machine.requestStop.
import {
  BreakpointEvent, ExitedEvent, Handles, InitializedEvent, Logger, logger, LoggingDebugSession, OutputEvent, Response,
  Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread as DapThread,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'path';
import { describeRoles } from '../emulator/boot/role-resolution';
import { isRealL4ReBoot, realProgramEntries } from '../emulator/real-l4re/real-boot';
import { Machine, SliceResult } from '../emulator/machine';
import type { Task } from '../emulator/kernel/task';
import { Thread } from '../emulator/kernel/thread';
import { SYSCALL_PAGE_ADDRESS, CAP_SHIFT } from '../emulator/kernel/abi';
import { hex32 } from '../emulator/util/hex';
import { DebugInfo } from './debug-info/debug-info';
import { StackFrameInfo, Unwinder } from './debug-info/unwinder';
import { BreakpointTable } from './breakpoint-table';
import { EvaluationError, ExpressionEvaluator } from './expression-evaluator';
import { FiascoLaunchArguments, LaunchArgumentError, LaunchSettings, validateLaunchArguments } from './launch-arguments';
import { decodeMemoryReference, encodeMemoryReference } from './memory-reference';
import { ProgramImages } from './program-images';
import { VariableViews } from './variable-views';
import { evaluateExpression, ExpressionEnvironment, ExpressionError, ExpressionValue, formatExpressionValue, isTrue } from './c-expression';
import {
  DecodedInvocation, decodeInvocation, describeCapabilityFault, describeIpc, describePageFault, describeSyscall, EventFields,
  exceptionFields, ipcFields, isCapabilityFault, objectNames, pageFaultFields, syscallFields,
} from './kernel-event-views';
import { checkConditionSyntax, decideHit, parseHitCondition, UserBreakpoint } from './user-breakpoints';
import { accessMatches, cpuWatchKind, decodeDataId, describeHit, describeTarget, encodeDataId, overlaps, snapshotOf, Watchpoint, WatchTarget } from './data-watchpoints';
import type { AddressSpace } from '../emulator/cpu/address-space';
import { completeConsole, ConsoleCommandError, ConsoleContext, isConsoleCommand, PageFaultRecord, runConsoleCommand } from './console-commands';
import { disassembleAround, instructionAt } from './disassembly-view';
import { GPR_NAMES } from './register-names';
import { SDK_DEBUG_PREFIX, sdkRoot } from '../sdk/builder';

/** Instructions per slice: a few milliseconds of host time, so requests are served promptly. */
const SLICE_INSTRUCTIONS = 200_000;
/** Single steps per host tick while stepping. */
const STEPS_PER_TICK = 5_000;
const CONFIGURATION_DONE_TIMEOUT_MS = 5_000;
/** Page faults the `pf` command remembers. */
const PAGE_FAULT_LOG = 64;
/** Largest readMemory / disassemble request served. */
const MAX_READ = 1 << 20;
const MAX_INSTRUCTIONS = 10_000;

/** Standard base64 (RFC 4648 §4), padded or not, whitespace-free. */
function isBase64(text: string): boolean {
  return text.length % 4 !== 1 && /^[A-Za-z0-9+/]*={0,2}$/.test(text) && !/=[^=]/.test(text) && (!text.includes('=') || text.length % 4 === 0);
}

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'ipc', label: 'IPC', description: 'Stop at any IPC send, receive, call or reply of a user thread', default: false, supportsCondition: true, conditionDescription: 'e.g. proto == LOG, label == 0x42, dest == srv, kind == call, error != 0' },
  { filter: 'syscall', label: 'System calls', description: 'Stop after every system call (int 0x30) of a user thread', default: false, supportsCondition: true, conditionDescription: 'e.g. proto == FACTORY, dest == srv, slot == 5' },
  { filter: 'pagefault', label: 'Page faults', description: 'Stop when a user thread raises a page fault', default: false, supportsCondition: true, conditionDescription: 'e.g. address >= 0x1000000, write == 1' },
  { filter: 'capfault', label: 'Capability faults', description: 'Stop when a thread invokes an empty capability slot', default: false, supportsCondition: true, conditionDescription: 'e.g. slot == 0x40' },
  { filter: 'exception', label: 'CPU exceptions', description: 'Stop when a thread raises a CPU exception (handled or not)', default: true, supportsCondition: true, conditionDescription: 'e.g. trapno == 13' },
];

type StepMode = {
  kind: 'step';
  how: 'next' | 'stepIn';
  instruction: boolean;
  thread: Thread;
  startFile?: string;
  startLine?: number;
  startBlock?: { start: number; end: number };
  startEsp: number;
  /** Running over a call: wait for the thread at `address` with esp at least `esp`. */
  overCall?: { address: number; esp: number };
  /** The step starts at a kernel frame: execute the system call instead of stopping before it again. */
  skipKernelStop: boolean;
};

type RunMode =
  | { kind: 'continue' }
  | StepMode
  | { kind: 'stepOut'; thread: Thread; address: number; cfa: number }
  /** Step into IPC partner: run until the next message `thread` sends is received, stop the receiver. */
  | { kind: 'follow'; thread: Thread }
  /** The partner received it: step it out of the SDK's IPC code to the first line of its own source. */
  | { kind: 'toUserCode'; thread: Thread; description: string; steps: number };

interface StopInfo {
  reason: string;
  thread: Thread;
  description?: string;
  exception?: { id: string; description: string; fatal?: boolean };
  hitIds?: number[];
}

interface FrameRef {
  thread: Thread;
  index: number;
  frame: StackFrameInfo;
  invocation?: DecodedInvocation;
}

export class FiascoDebugSession extends LoggingDebugSession {
  private machine?: Machine;
  private settings?: LaunchSettings;
  private images?: ProgramImages;
  private bps = new BreakpointTable();
  private nextBreakpointId = 1;
  private readonly userBps = new Map<number, UserBreakpoint>();
  private readonly lineBps = new Map<string, UserBreakpoint[]>();
  private functionBps: UserBreakpoint[] = [];
  private instructionBps: UserBreakpoint[] = [];
  private watchpoints: Watchpoint[] = [];
  private exceptionFilters = new Map<string, { condition?: string }>([['exception', {}]]);
  private knownTasks = new Set<Task>();
  private entryArmed = false;
  private configurationDone = false;
  private configurationDoneWaiters: Array<() => void> = [];
  private running = false;
  private scheduled = false;
  private pauseRequested = false;
  private ended = false;
  private mode: RunMode = { kind: 'continue' };
  private eventStop?: StopInfo;
  private lastStop?: StopInfo;
  private kernelFrame?: { thread: Thread; invocation: DecodedInvocation };
  /** True while Machine.runSlice runs: only then are address-space accesses the kernel's. */
  private inSlice = false;
  /** The thread whose kernel entry (system call, page fault, exception) is being handled. */
  private kernelThread?: Thread;
  /** Address spaces whose read/write observers this session installed. */
  private readonly observedSpaces = new Set<AddressSpace>();
  /** Machine.runSlice calls and instructions run since launch (the `stats` console command). */
  private readonly runStats = { slices: 0, steps: 0, instructions: 0 };
  private readonly frames = new Handles<FrameRef>();
  private readonly views = new VariableViews(() => this.machine?.kernel);
  private readonly ebpUnwinder = new Unwinder(undefined, () => undefined);
  private readonly gotoTargets = new Map<number, { taskId: number; address: number; line: number }>();
  private nextGotoId = 1;
  private outputTask?: Task;
  private readonly console: ConsoleContext & { pageFaults: PageFaultRecord[] };

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.console = {
      get machine(): Machine {
        if (!self.machine) throw new ConsoleCommandError('the program is not running');
        return self.machine;
      },
      currentThread: () => this.currentThread()?.thread,
      tcb: (t) => this.views.tcb(t),
      utcb: (t) => this.views.utcb(t),
      capabilities: (t) => this.views.capabilities(t),
      pageFaults: [],
      ipcLog: false,
      hex: true,
      stats: () => ({ ...this.runStats }),
    };
  }

  /** Every request: one that throws gets an error response, never a dead adapter. */
  protected override dispatchRequest(request: DebugProtocol.Request): void {
    try {
      super.dispatchRequest(request);
    } catch (e) {
      const response = new Response(request);
      this.sendErrorResponse(response, { id: 9000, format: `${request.command} failed: ${(e as Error).message}`, showUser: false });
    }
  }

  /**
   * The library answers a request whose handler threw with the JS stack as the message: answer with the
   * exception's message instead, and keep the stack for the trace log.
   */
  protected override sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: number): void {
    const stack = variables && typeof variables._stack === 'string' ? variables._stack : undefined;
    if (stack !== undefined && typeof codeOrMessage === 'number') {
      logger.error(`${response.command} failed: ${stack}`);
      const text = `${response.command} failed: ${String(variables?._exception ?? 'internal error')}`;
      return super.sendErrorResponse(response, { id: codeOrMessage, format: text.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: false });
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return super.sendErrorResponse(response, codeOrMessage as any, format, variables as any, dest);
  }

  /**
   * A message the transport could not use (bad framing, bad JSON, a request without a command): an error
   * response when the request's seq is known, otherwise a line on the Debug Console.
   */
  reportProtocolError(message: string, requestSeq?: number, command?: string): void {
    logger.warn(`protocol error: ${message}`);
    if (requestSeq !== undefined) {
      const response = new Response({ type: 'request', seq: requestSeq, command: command ?? 'unknown' });
      this.sendErrorResponse(response, { id: 1010, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: false });
      return;
    }
    this.sendEvent(new OutputEvent(`fiasco debug adapter: ${message}\n`, 'stderr'));
  }

  private fail(response: DebugProtocol.Response, id: number, message: string): void {
    this.sendErrorResponse(response, { id, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: false });
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: true,
      supportsInstructionBreakpoints: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsLoadedSourcesRequest: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionOptions: false,
      supportsExceptionFilterOptions: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsSetVariable: true,
      supportsCompletionsRequest: true,
      supportsStepInTargetsRequest: true,
      supportsGotoTargetsRequest: true,
      supportsValueFormattingOptions: true,
      supportsBreakpointLocationsRequest: true,
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
    this.console.hex = settings.registersHex;
    logger.setup(settings.trace ? Logger.LogLevel.Verbose : Logger.LogLevel.Stop, false);
    const err = this.boot(settings);
    if (err) {
      this.sendErrorResponse(response, { id: 1002, format: err, showUser: true });
      return;
    }
    if (!this.configurationDone) {
      await new Promise<void>((resolve) => {
        this.configurationDoneWaiters.push(resolve);
        setTimeout(resolve, CONFIGURATION_DONE_TIMEOUT_MS);
      });
    }
    this.sendResponse(response);
    this.startRunning();
  }

  /** Boots the configuration; returns an error message or undefined. */
  private boot(settings: LaunchSettings): string | undefined {
    let machine: Machine;
    try {
      machine = Machine.boot({ modulesList: settings.modulesList, entry: settings.entry, searchPath: settings.searchPath, roles: settings.roles });
    } catch (e) {
      const err = e as Error;
      return err instanceof LaunchArgumentError ? err.message : `cannot boot ${settings.modulesList}${settings.entry ? ` entry "${settings.entry}"` : ''}: ${err.message}`;
    }
    this.machine = machine;
    this.bps = new BreakpointTable();
    this.knownTasks = new Set();
    this.entryArmed = false;
    this.ended = false;
    this.outputTask = undefined;
    this.kernelFrame = undefined;
    this.console.pageFaults.length = 0;
    this.images = new ProgramImages(machine.plan.workspaceRoot, (m) => this.sendEvent(new OutputEvent(`${m}\n`, 'console')));
    this.listen(machine);
    if (machine.plan.roles.length) this.sendEvent(new OutputEvent(`roles: ${describeRoles(machine.plan.roles)}\n`, 'console'));
    for (const task of machine.tasks()) this.discoverTask(task);
    this.runStats.slices = this.runStats.steps = this.runStats.instructions = 0;
    // The new machine's address spaces: arm every watchpoint afresh.
    for (const w of this.watchpoints) w.armed = w.snapshot = undefined;
    this.observedSpaces.clear();
    this.armWatchpoints();
    return undefined;
  }

  /** After launch or restart: stop on entry or run. */
  private startRunning(): void {
    if (this.settings?.stopOnEntry && !this.entryArmed && !(this.machine && isRealL4ReBoot(this.machine.plan))) {
      // No program with a `main`: stop before the first instruction of the first user thread. (A real L4Re
      // boot instead stops at the entry of the first program the real moe or ned starts: see discoverTask.)
      const t = this.userThreads()[0] ?? this.machine?.threads()[0];
      if (t) {
        this.reportStop({ reason: 'entry', thread: t });
        return;
      }
    }
    this.resume({ kind: 'continue' });
  }

  private listen(machine: Machine): void {
    const ev = machine.events;
    ev.on('output', ({ task, text }) => this.output(task, text));
    ev.on('thread-created', (t) => this.discoverTask(t.task));
    ev.on('image-info', ({ task }) => {
      // A real loader (moe, ned, l4re) named the program in a task: look at the task again, without the
      // guessed entry points armed while only l4re was known there.
      if (!this.entryArmed) this.bps.removeWhere((r, space) => r.kind === 'entry' && space === task.as);
      this.knownTasks.delete(task);
      this.discoverTask(task);
    });
    ev.on('task-created', () => this.armWatchpoints());
    ev.on('mapping', (e) => {
      if (this.machine !== machine || e.kind !== 'cap') return;
      // A capability-slot watchpoint is "written" when the slot changes.
      const w = this.watchpoints.find((x) => x.target.kind === 'cap' && x.accessType !== 'read' && x.target.taskId === e.task.id && x.target.slot === e.index);
      if (!w) return;
      const now = snapshotOf(w.target, e.task);
      if (now === w.snapshot) return;
      w.snapshot = now;
      const thread = this.kernelThread ?? e.task.threads[0];
      if (thread && this.watchHit(w, thread)) {
        this.stopOnEvent(thread, 'data breakpoint', undefined, `${describeTarget(w.target, e.task)} changed to ${e.object ?? 'empty'} (system call of ${thread.name})`, [w.id]);
      }
    });
    ev.on('syscall', (e) => {
      if (this.machine !== machine) return;
      this.kernelThread = e.thread;
      if (isCapabilityFault(e)) {
        if (this.filterAllows('capfault', syscallFields(e))) this.stopOnEvent(e.thread, 'exception', { id: 'capfault', description: describeCapabilityFault(e) });
      } else if (e.thread.task.image && this.filterAllows('syscall', syscallFields(e))) {
        this.stopOnEvent(e.thread, 'exception', { id: 'syscall', description: describeSyscall(e) });
      }
      // A capability-slot watchpoint "reads" the slot when it is invoked.
      const slot = e.dest >>> CAP_SHIFT;
      const w = this.watchpoints.find((x) => x.target.kind === 'cap' && x.accessType !== 'write' && x.target.taskId === e.thread.task.id && x.target.slot === slot);
      if (w && this.watchHit(w, e.thread)) this.stopOnEvent(e.thread, 'data breakpoint', undefined, `capability slot ${slot} invoked (${describeSyscall(e)})`, [w.id]);
    });
    ev.on('ipc', (e) => {
      if (this.machine !== machine) return;
      const receiver = e.kind === 'receive' && e.to instanceof Thread ? e.to : undefined;
      if (receiver) {
        this.views.receivedLabels.set(receiver, e.label >>> 0);
        this.views.receivedTags.set(receiver, e.tag >>> 0);
      }
      if (this.console.ipcLog) this.sendEvent(new OutputEvent(`[ipc] ${describeIpc(e)}\n`, 'console'));
      const mode = this.mode;
      if (mode.kind === 'follow' && receiver && e.from === mode.thread && this.running && !this.eventStop) {
        // End the slice here, then step the receiver (runChunk) until it is back in its own source.
        this.mode = { kind: 'toUserCode', thread: receiver, description: `${receiver.name} received the message from ${e.from.name}`, steps: 0 };
        machine.requestStop(receiver, 'step into IPC partner');
        return;
      }
      const who = receiver ?? e.from;
      if (who.task.image && (this.exceptionFilters.has('ipc') || this.settings?.breakOnIpc) && this.filterAllows('ipc', ipcFields(e), this.settings?.breakOnIpc)) {
        this.stopOnEvent(who, 'exception', { id: 'ipc', description: describeIpc(e) });
      }
    });
    ev.on('page-fault', (e) => {
      if (this.machine !== machine) return;
      this.kernelThread = e.thread;
      const log = this.console.pageFaults;
      log.push({ thread: e.thread.name, address: e.address, write: e.write, eip: e.eip, resolved: e.resolved, clock: machine.kernel.clock });
      if (log.length > PAGE_FAULT_LOG) log.shift();
      if (e.thread.task.image && this.filterAllows('pagefault', pageFaultFields(e))) this.stopOnEvent(e.thread, 'exception', { id: 'pagefault', description: describePageFault(e) });
    });
    ev.on('exception', (e) => {
      if (this.machine !== machine) return;
      this.kernelThread = e.thread;
      if (this.filterAllows('exception', exceptionFields(e))) this.stopOnEvent(e.thread, 'exception', { id: 'exception', description: e.message });
    });
  }

  /**
   * Guest output: each task's output is its own group, named after the task. A group stays open only while
   * output streams in; anything else written to the console (a stop, a REPL answer) closes it first, so that
   * VS Code does not file the user's console commands inside the last task's group.
   */
  private closeOutputGroup(): void {
    if (this.outputTask) this.sendEvent(this.groupEvent('', 'end'));
    this.outputTask = undefined;
  }

  private output(task: Task, text: string): void {
    if (this.outputTask !== task) {
      if (this.outputTask) this.sendEvent(this.groupEvent('', 'end'));
      this.sendEvent(this.groupEvent(task.name, 'start'));
      this.outputTask = task;
    }
    const ev = new OutputEvent(text, 'stdout') as DebugProtocol.OutputEvent;
    ev.body.data = { task: task.name };
    this.sendEvent(ev);
  }

  private groupEvent(label: string, group: 'start' | 'end'): DebugProtocol.OutputEvent {
    const ev = new OutputEvent(label ? `${label}\n` : '', 'console') as DebugProtocol.OutputEvent;
    ev.body.group = group;
    return ev;
  }

  /** Does an enabled filter accept this event (its condition holds)? A broken condition stops and says so. */
  private filterAllows(id: string, fields: EventFields, forced = false): boolean {
    const f = this.exceptionFilters.get(id);
    if (!f) return forced;
    if (!f.condition || f.condition.trim() === '') return true;
    try {
      return isTrue(evaluateExpression(f.condition, { identifier: (n) => fields[n], readMemory: () => undefined }));
    } catch (e) {
      this.sendEvent(new OutputEvent(`${id} filter condition "${f.condition}": ${(e as Error).message}\n`, 'stderr'));
      return true;
    }
  }

  /** Stops the machine right after the current kernel entry, on `thread`. */
  private stopOnEvent(thread: Thread, reason: string, exception?: { id: string; description: string }, description?: string, hitIds?: number[]): void {
    if (this.eventStop || !this.machine || !this.running) return;
    this.eventStop = { reason, thread, description: description ?? exception?.description, exception, hitIds };
    this.machine.requestStop(thread, this.eventStop.description ?? reason);
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

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    if (!this.settings) {
      this.fail(response, 1003, 'restart: nothing was launched');
      return;
    }
    this.running = false;
    this.mode = { kind: 'continue' };
    this.eventStop = undefined;
    const err = this.boot(this.settings);
    if (err) {
      this.fail(response, 1002, err);
      return;
    }
    for (const bp of this.userBps.values()) bp.hits = 0;
    this.sendResponse(response);
    this.startRunning();
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
    for (const bp of this.instructionBps) this.armInstructionBreakpoint(task, bp, true);
    if (!info) return;
    for (const [, list] of this.lineBps) for (const bp of list) this.armLineBreakpoint(task, info, bp, true);
    for (const bp of this.functionBps) this.armFunctionBreakpoint(task, info, bp, true);
    if (this.settings?.stopOnEntry && !this.entryArmed) {
      const main = info.functionByName('main');
      if (main) {
        this.bps.add(task.as, info.breakpointAddress(main), { kind: 'entry' });
        this.entryArmed = true;
      } else if (this.isRealProgram(task)) {
        // A stripped program of a real build: stop at its ELF entry point.
        this.bps.add(task.as, task.image!.elf.entry, { kind: 'entry' });
        this.entryArmed = true;
      } else if (this.machine && isRealL4ReBoot(this.machine.plan) && this.machine.plan.roles.some((r) => r.role === 'l4re' && r.path === task.image!.path)) {
        // A task that holds l4re, whose program nobody announced (ned gives its programs no debugger
        // capability, so l4re cannot name them): the entry points of the entry's program modules.
        for (const entry of realProgramEntries(this.machine.plan)) this.bps.add(task.as, entry, { kind: 'entry' });
      }
    }
  }

  /** In a real L4Re boot: a task running a program, not one of the real roles (sigma0, moe, l4re, ned). */
  private isRealProgram(task: Task): boolean {
    const plan = this.machine?.plan;
    if (!plan || !task.image || !isRealL4ReBoot(plan)) return false;
    return !plan.roles.some((r) => r.path === task.image!.path);
  }

  private verify(bp: UserBreakpoint, notify: boolean, line?: number): void {
    if (bp.verified) return;
    bp.verified = true;
    bp.message = undefined;
    if (line !== undefined) bp.resolvedLine = line;
    if (notify) this.sendEvent(new BreakpointEvent('changed', this.toDap(bp)));
  }

  private armLineBreakpoint(task: Task, info: DebugInfo, bp: UserBreakpoint, notify: boolean): void {
    const resolved = info.resolveLine(bp.file!, bp.line!);
    if (!resolved || resolved.addresses.length === 0) return;
    for (const a of resolved.addresses) this.bps.add(task.as, a, { kind: 'user', id: bp.id });
    this.verify(bp, notify, resolved.line);
  }

  /** Every function of that name (static functions of SDK headers have one copy per compilation unit). */
  private armFunctionBreakpoint(task: Task, info: DebugInfo, bp: UserBreakpoint, notify: boolean): void {
    const seen = new Set<number>();
    for (const fn of info.functions) {
      if (fn.name !== bp.name || seen.has(fn.low)) continue;
      seen.add(fn.low);
      this.bps.add(task.as, info.breakpointAddress(fn), { kind: 'function', id: bp.id });
    }
    if (seen.size > 0) this.verify(bp, notify);
  }

  private armInstructionBreakpoint(task: Task, bp: UserBreakpoint, notify: boolean): void {
    if (bp.taskId !== undefined && bp.taskId !== task.id) return;
    this.bps.add(task.as, bp.address!, { kind: 'user', id: bp.id });
    this.verify(bp, notify);
  }

  private toDap(bp: UserBreakpoint): DebugProtocol.Breakpoint {
    const b: DebugProtocol.Breakpoint = { id: bp.id, verified: bp.verified, message: bp.problem ?? (bp.verified ? undefined : bp.message) };
    if (bp.kind === 'line') {
      b.line = bp.resolvedLine ?? bp.line;
      b.source = { path: bp.file, name: path.basename(bp.file!) };
    }
    if (bp.kind === 'instruction' && bp.address !== undefined) b.instructionReference = encodeMemoryReference(bp.taskId ?? 0, bp.address);
    return b;
  }

  private newBreakpoint(kind: UserBreakpoint['kind'], src: { condition?: string; hitCondition?: string; logMessage?: string }, message: string): UserBreakpoint {
    const bp: UserBreakpoint = { id: this.nextBreakpointId++, kind, verified: false, hits: 0, condition: src.condition, hitCondition: src.hitCondition, logMessage: src.logMessage, message };
    const bad = checkConditionSyntax(src.condition);
    if (bad && !/division by zero/.test(bad)) bp.problem = `condition: ${bad}`;
    if (src.hitCondition) {
      try {
        parseHitCondition(src.hitCondition);
      } catch (e) {
        bp.problem = (e as Error).message;
      }
    }
    this.userBps.set(bp.id, bp);
    return bp;
  }

  private dropBreakpoints(list: UserBreakpoint[]): void {
    const ids = new Set(list.map((b) => b.id));
    this.bps.removeWhere((r) => (r.kind === 'user' || r.kind === 'function') && ids.has(r.id));
    for (const id of ids) this.userBps.delete(id);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    if (!file) {
      response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: 'only breakpoints in files on disk are supported' })) };
      this.sendResponse(response);
      return;
    }
    this.dropBreakpoints(this.lineBps.get(file) ?? []);
    const list = (args.breakpoints ?? args.lines?.map((line) => ({ line })) ?? []).map((b) => {
      const bp = this.newBreakpoint('line', b as DebugProtocol.SourceBreakpoint, 'no loaded program has code for this line (yet)');
      bp.file = file;
      bp.line = b.line;
      return bp;
    });
    this.lineBps.set(file, list);
    for (const task of this.knownTasks) {
      const info = this.images?.forTask(task);
      if (info) for (const bp of list) this.armLineBreakpoint(task, info, bp, false);
    }
    response.body = { breakpoints: list.map((b) => this.toDap(b)) };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    const lines = new Set<number>();
    for (const task of this.knownTasks) {
      const info = this.images?.forTask(task);
      if (!info || !file) continue;
      // Only lines that have code themselves (resolveLine moves a line without code to the next one).
      for (let l = args.line; l <= (args.endLine ?? args.line); l++) if (info.resolveLine(file, l)?.line === l) lines.add(l);
    }
    response.body = { breakpoints: [...lines].sort((a, b) => a - b).map((line) => ({ line })) };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.dropBreakpoints(this.functionBps);
    this.functionBps = (args.breakpoints ?? []).map((b) => {
      const bp = this.newBreakpoint('function', b, `no loaded program has a function "${b.name}" (yet)`);
      bp.name = b.name;
      return bp;
    });
    for (const task of this.knownTasks) {
      const info = this.images?.forTask(task);
      if (info) for (const bp of this.functionBps) this.armFunctionBreakpoint(task, info, bp, false);
    }
    response.body = { breakpoints: this.functionBps.map((b) => this.toDap(b)) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.dropBreakpoints(this.instructionBps);
    const results: DebugProtocol.Breakpoint[] = [];
    this.instructionBps = [];
    for (const b of args.breakpoints ?? []) {
      const task = /^task:/.test(b.instructionReference) ? decodeMemoryReference(b.instructionReference) : decodeMemoryReference(b.instructionReference, -1);
      if (!task) {
        results.push({ verified: false, message: `bad instruction reference "${b.instructionReference}" — expected task:<id>:0x<address> or 0x<address>` });
        continue;
      }
      const bp = this.newBreakpoint('instruction', b, 'no task has this address mapped (yet)');
      bp.taskId = task.taskId < 0 ? undefined : task.taskId;
      bp.address = (task.address + (b.offset ?? 0)) >>> 0;
      this.instructionBps.push(bp);
      for (const t of this.knownTasks) this.armInstructionBreakpoint(t, bp, false);
      results.push(this.toDap(bp));
    }
    response.body = { breakpoints: results };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const known = new Set(EXCEPTION_FILTERS.map((f) => f.filter));
    const wanted: Array<{ filterId: string; condition?: string }> = [...(args.filters ?? []).map((f) => ({ filterId: f })), ...(args.filterOptions ?? [])];
    this.exceptionFilters = new Map();
    const breakpoints: DebugProtocol.Breakpoint[] = [];
    for (const w of wanted) {
      if (!known.has(w.filterId)) {
        breakpoints.push({ verified: false, message: `unknown filter "${w.filterId}" — known: ${[...known].join(', ')}` });
        continue;
      }
      const bad = checkConditionSyntax(w.condition);
      if (bad && !/division by zero/.test(bad)) {
        breakpoints.push({ verified: false, message: `condition "${w.condition}": ${bad}` });
        continue;
      }
      this.exceptionFilters.set(w.filterId, { condition: w.condition });
      breakpoints.push({ verified: true });
    }
    response.body = { breakpoints };
    this.sendResponse(response);
  }

  // ---- data breakpoints -------------------------------------------------------------------------------------

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const none = (why: string) => {
      response.body = { dataId: null, description: why };
      this.sendResponse(response);
    };
    let found: { target: WatchTarget; description: string } | undefined;
    if (args.variablesReference !== undefined && args.variablesReference !== 0) {
      found = this.views.watchTarget(args.variablesReference, args.name);
      if (!found) return none(`${args.name} has no fixed address to watch`);
    } else {
      const cur = this.currentThread(args.frameId);
      if (!cur) return none('no thread to resolve the address in');
      let ref = decodeMemoryReference(args.name, cur.thread.task.id);
      if (!ref && !args.asAddress) {
        try {
          const v = evaluateExpression(args.name.startsWith('&') || /^(0x|\d)/.test(args.name) ? args.name : `&${args.name}`, this.envFor(cur.thread, cur.frame));
          if (v.kind === 'number') ref = { taskId: cur.thread.task.id, address: v.n >>> 0 };
        } catch (e) {
          return none(`cannot watch "${args.name}": ${(e as Error).message}`);
        }
      }
      if (!ref) return none(`"${args.name}" is not an address`);
      const size = Math.max(1, Math.min(args.bytes ?? 4, 64));
      const task = this.taskById(ref.taskId);
      found = { target: { kind: 'memory', taskId: ref.taskId, address: ref.address, size }, description: describeTarget({ kind: 'memory', taskId: ref.taskId, address: ref.address, size }, task) };
    }
    response.body = { dataId: encodeDataId(found.target), description: found.description, accessTypes: ['read', 'write', 'readWrite'], canPersist: false };
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const results: DebugProtocol.Breakpoint[] = [];
    this.disarmWatchpoints();
    this.watchpoints = [];
    for (const b of args.breakpoints ?? []) {
      const target = decodeDataId(b.dataId);
      if (!target) {
        results.push({ verified: false, message: `unknown data id "${b.dataId}"` });
        continue;
      }
      const w: Watchpoint = { id: this.nextBreakpointId++, dataId: b.dataId, target, accessType: b.accessType ?? 'write', condition: b.condition, hitCondition: b.hitCondition, hits: 0 };
      this.watchpoints.push(w);
      const how = target.kind === 'cap' ? 'a change of the slot is a write, invoking it a read' : 'stops after the accessing instruction or kernel entry';
      results.push({ id: w.id, verified: true, message: `${describeTarget(target, this.taskById(target.taskId))} — ${how}` });
    }
    this.armWatchpoints();
    response.body = { breakpoints: results };
    this.sendResponse(response);
  }

  /** Condition and hit count of a watchpoint: does this hit stop? */
  private watchHit(w: Watchpoint, t: Thread): boolean {
    const outcome = decideHit({ id: w.id, kind: 'instruction', verified: true, hits: w.hits, condition: w.condition, hitCondition: w.hitCondition }, this.envFor(t), this.console.hex);
    if (outcome.kind !== 'skip') w.hits++;
    return outcome.kind !== 'skip';
  }

  /** Arms the watchpoints whose task exists and is not armed yet (at launch, restart and task creation). */
  private armWatchpoints(): void {
    for (const w of this.watchpoints) {
      const task = this.taskById(w.target.taskId);
      if (!task) continue;
      if (w.target.kind === 'cap') {
        w.snapshot ??= snapshotOf(w.target, task);
        continue;
      }
      if (w.armed && w.armed.as === task.as) continue;
      w.armed = { as: task.as, watch: task.as.addWatch(w.target.address, w.target.size, cpuWatchKind(w.accessType)) };
      this.observe(task);
    }
  }

  private disarmWatchpoints(): void {
    for (const w of this.watchpoints) {
      if (w.armed) w.armed.as.removeWatch(w.armed.watch);
      w.armed = undefined;
    }
    for (const as of this.observedSpaces) {
      as.writeObserver = undefined;
      as.readObserver = undefined;
    }
    this.observedSpaces.clear();
  }

  /** Kernel reads and writes of a task's memory (an IPC copying into a UTCB) reach its watchpoints too. */
  private observe(task: Task): void {
    const as = task.as;
    if (this.observedSpaces.has(as)) return;
    this.observedSpaces.add(as);
    as.writeObserver = (va, length) => this.kernelAccess(task, va, length, true);
    as.readObserver = (va, length) => this.kernelAccess(task, va, length, false);
  }

  private kernelAccess(task: Task, va: number, length: number, write: boolean): void {
    if (!this.inSlice || this.eventStop) return;
    const w = this.watchpoints.find((x) => x.target.kind === 'memory' && x.target.taskId === task.id && accessMatches(x.accessType, write) && overlaps(va, length, x.target.address, x.target.size));
    if (!w || w.target.kind !== 'memory') return;
    const thread = this.kernelThread ?? task.threads[0];
    if (!thread) return;
    this.inSlice = false; // the condition's own memory reads are not the kernel's
    try {
      if (!this.watchHit(w, thread)) return;
    } finally {
      this.inSlice = true;
    }
    const bytes = task.as.read(w.target.address, Math.min(w.target.size, 4));
    const value = bytes ? ` = 0x${Buffer.from(bytes).reverse().toString('hex')}` : '';
    this.stopOnEvent(thread, 'data breakpoint', undefined, `the kernel ${write ? 'wrote' : 'read'} ${describeTarget(w.target, task)}${value} in a kernel entry of ${thread.name}`, [w.id]);
  }

  /** A CPU watch stopped thread `t` after its accessing instruction: stop if the watchpoint's condition holds. */
  private atWatchpoint(t: Thread): boolean {
    const hit = t.cpu.watchHit;
    const w = hit && this.watchpoints.find((x) => x.armed?.watch === hit.watch);
    if (!hit || !w || !this.watchHit(w, t)) return true;
    this.reportStop({ reason: 'data breakpoint', thread: t, description: describeHit(t, hit, w), hitIds: [w.id] });
    return false;
  }

  /** Machine.runSlice with the bookkeeping that tells kernel accesses from the debugger's own. */
  private runMachine(machine: Machine, budget: number, stepThread?: Thread): SliceResult {
    const before = machine.instructions;
    this.inSlice = true;
    this.kernelThread = undefined;
    try {
      return machine.runSlice(budget, stepThread ? { stepThread } : undefined);
    } finally {
      this.inSlice = false;
      this.kernelThread = undefined;
      if (stepThread) this.runStats.steps++;
      else this.runStats.slices++;
      this.runStats.instructions += machine.instructions - before;
    }
  }

  // ---- running ----------------------------------------------------------------------------------------------

  private resume(mode: RunMode): void {
    if (!this.machine || this.ended) return;
    this.mode = mode;
    this.running = true;
    this.pauseRequested = false;
    this.eventStop = undefined;
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
        logger.error(`internal error in the emulator: ${(e as Error).stack ?? e}`);
        this.sendEvent(new OutputEvent(`internal error in the emulator: ${(e as Error).message ?? e} (the stack is in the trace log: "trace": true)\n`, 'stderr'));
        this.sendEvent(new TerminatedEvent());
        this.ended = true;
      }
    });
  }

  private isSyscallInstruction(t: Thread): boolean {
    const b = t.task.as.read(t.cpu.eip, 2);
    return !!b && ((b[0] === 0xcd && b[1] === 0x30) || (b[0] === 0x0f && b[1] === 0x34));
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
          if (mode.how === 'stepIn' && !mode.skipKernelStop && mode.thread.runnable && this.isSyscallInstruction(mode.thread)) {
            // Step into a system call: stop in a kernel frame that shows the decoded invocation.
            const invocation = decodeInvocation(mode.thread);
            this.reportStop({ reason: 'step', thread: mode.thread, description: invocation.summary });
            this.kernelFrame = { thread: mode.thread, invocation };
            return;
          }
          mode.skipKernelStop = false;
          const before = { eip: mode.thread.cpu.eip, esp: mode.thread.cpu.regs[4] };
          const r = this.runMachine(machine, SLICE_INSTRUCTIONS, mode.thread);
          // A watch hit whose condition is false still completed the stepping thread's instruction.
          if (r.kind === 'watchpoint' && r.thread === mode.thread && !this.atWatchpoint(r.thread)) return;
          if ((r.kind === 'step' || r.kind === 'watchpoint') && r.thread === mode.thread) {
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
    if (mode.kind === 'toUserCode') {
      this.runToUserCode(machine, mode);
      return;
    }
    const r = this.runMachine(machine, SLICE_INSTRUCTIONS);
    if (r.kind !== 'budget') {
      if (this.handleResult(r)) this.schedule();
      return;
    }
    this.schedule();
  }

  /**
   * Steps the IPC partner one instruction at a time until it stands at the start of a line of its own
   * (non-SDK) source: out of the SDK's l4_ipc_* code that did the receive. Gives up after MAX_PARTNER_STEPS.
   */
  private runToUserCode(machine: Machine, mode: Extract<RunMode, { kind: 'toUserCode' }>): void {
    const t = mode.thread;
    for (let i = 0; i < STEPS_PER_TICK; i++) {
      if (t.state === 'dead' || this.atUserLine(t) || mode.steps >= MAX_PARTNER_STEPS) {
        this.reportStop({ reason: 'step', thread: t, description: mode.description });
        return;
      }
      const r = this.runMachine(machine, SLICE_INSTRUCTIONS, t);
      if (r.kind === 'watchpoint' && r.thread === t && !this.atWatchpoint(t)) return;
      if ((r.kind === 'step' || r.kind === 'watchpoint') && r.thread === t) {
        mode.steps++;
        continue;
      }
      if (!this.handleResult(r)) return;
      break;
    }
    this.schedule();
  }

  /** Is the thread at the first instruction of a statement in a source file that is not the SDK's? */
  private atUserLine(t: Thread): boolean {
    const info = this.images?.forTask(t.task);
    if (!info) return true;
    const b = info.lineBlockAt(t.cpu.eip);
    if (!b || b.start !== t.cpu.eip || !b.isStmt) return false;
    return !isSdkSource(b.file);
  }

  /** Reacts to a slice's end; returns true when the machine should keep running. */
  private handleResult(r: SliceResult): boolean {
    switch (r.kind) {
      case 'ended':
        this.running = false;
        this.ended = true;
        this.closeOutputGroup();
        this.sendEvent(new OutputEvent(`boot ended: ${r.reason} (exit code ${r.exitCode})\n`, 'console'));
        this.sendEvent(new ExitedEvent(r.exitCode));
        this.sendEvent(new TerminatedEvent());
        return false;
      case 'fault': {
        // A page fault the pagefault filter asked to see, which nobody could resolve: show it as what it is.
        const pf = this.eventStop?.thread === r.thread && this.eventStop.exception?.id === 'pagefault' ? this.eventStop.exception : undefined;
        this.eventStop = undefined;
        const exception = pf ? { id: 'pagefault', description: `${pf.description}; ${r.message}`, fatal: true } : { id: 'fault', description: r.message, fatal: true };
        this.reportStop({ reason: 'exception', thread: r.thread, description: exception.description, exception });
        return false;
      }
      case 'event': {
        if (!this.eventStop && this.mode.kind === 'toUserCode') return true; // the partner was found: step it
        const s = this.eventStop ?? { reason: 'exception', thread: r.thread, description: r.description };
        this.eventStop = undefined;
        this.reportStop(s);
        return false;
      }
      case 'breakpoint':
        return this.atBreakpoint(r.thread);
      case 'watchpoint':
        return this.atWatchpoint(r.thread);
      case 'step':
      case 'budget':
        return true;
    }
  }

  /** The environment conditions, logpoints and the console evaluate in, for a thread (and frame). */
  private envFor(t: Thread, frame?: StackFrameInfo, frameIndex = 0): ExpressionEnvironment {
    const info = this.images?.forTask(t.task);
    const elf = t.task.image?.elf;
    const symbols = elf ? elf.symbols() : [];
    const f = frame ?? this.unwind(t, 1)[0];
    return {
      identifier: (raw): ExpressionValue | undefined => {
        const name = raw.replace(/^\$/, '');
        const lower = name.toLowerCase();
        const gi = (GPR_NAMES as readonly string[]).indexOf(lower);
        if (gi >= 0) {
          const v = f ? f.regs[gi] : t.cpu.regs[gi];
          return v === undefined ? undefined : { kind: 'number', n: v >>> 0 };
        }
        if (lower === 'eip' || lower === 'pc') return { kind: 'number', n: (f ? f.pc : t.cpu.eip) >>> 0 };
        if (lower === 'eflags') return { kind: 'number', n: t.cpu.getEflags() >>> 0 };
        if (name === 'task') return { kind: 'number', n: t.task.id, names: [t.task.name] };
        if (name === 'thread') return { kind: 'number', n: t.id, names: objectNames(t) };
        if (name === 'label') return { kind: 'number', n: this.views.receivedLabels.get(t) ?? 0 };
        if (info && f) {
          const local = this.localNumber(t, f, frameIndex, info, name);
          if (local !== undefined) return { kind: 'number', n: local };
        }
        const sym = symbols.find((s) => s.name === name);
        if (sym) {
          if (sym.type === 'func') return { kind: 'number', n: sym.value >>> 0 };
          const v = t.task.as.readU32(sym.value);
          return v === undefined ? undefined : { kind: 'number', n: v };
        }
        const fn = info?.functionByName(name);
        return fn ? { kind: 'number', n: fn.low } : undefined;
      },
      addressOf: (name) => {
        const sym = symbols.find((s) => s.name === name);
        if (sym) return sym.value >>> 0;
        if (info && f) {
          const p = this.localAddress(t, f, frameIndex, info, name);
          if (p !== undefined) return p;
        }
        return info?.functionByName(name)?.low;
      },
      readMemory: (a, n) => t.task.as.read(a >>> 0, n),
    };
  }

  private localVariable(t: Thread, f: StackFrameInfo, frameIndex: number, info: DebugInfo, name: string): DebugProtocol.Variable | undefined {
    if (!info.variablesAt(frameIndex === 0 ? f.pc : f.pc - 1).some((v) => v.name === name)) return undefined;
    // A throw-away views object so that conditions evaluated while running do not grow the session's handles.
    const scratch = new VariableViews(() => this.machine?.kernel);
    const locals = scratch.scopes(t, f, frameIndex, info).find((s) => s.name === 'Locals');
    return locals ? scratch.variables(locals.variablesReference, { hex: false }).find((v) => v.name === name) : undefined;
  }

  private localNumber(t: Thread, f: StackFrameInfo, frameIndex: number, info: DebugInfo, name: string): number | undefined {
    const v = this.localVariable(t, f, frameIndex, info, name);
    if (!v) return undefined;
    const m = /^-?(0x[0-9a-f]+|\d+(\.\d+)?)/i.exec(v.value);
    return m ? Number(m[0]) : undefined;
  }

  private localAddress(t: Thread, f: StackFrameInfo, frameIndex: number, info: DebugInfo, name: string): number | undefined {
    const ref = this.localVariable(t, f, frameIndex, info, name)?.memoryReference;
    return ref ? decodeMemoryReference(ref)?.address : undefined;
  }

  private atBreakpoint(t: Thread): boolean {
    const eip = t.cpu.eip;
    const reasons = this.bps.reasonsAt(t.task.as, eip);
    const mine = (tag: string) => reasons.some((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === tag);
    if (reasons.some((r) => r.kind === 'entry')) {
      this.bps.removeWhere((r) => r.kind === 'entry');
      this.reportStop({ reason: 'entry', thread: t });
      return false;
    }
    const hitIds: number[] = [];
    let reason = 'breakpoint';
    for (const r of reasons) {
      if (r.kind !== 'user' && r.kind !== 'function') continue;
      const bp = this.userBps.get(r.id);
      if (!bp || hitIds.includes(bp.id)) continue;
      const outcome = decideHit(bp, this.envFor(t), false);
      if (outcome.kind === 'skip') continue;
      if (outcome.kind === 'log') {
        this.sendEvent(new OutputEvent(`${outcome.text}\n`, 'console'));
        continue;
      }
      if (outcome.kind === 'error') this.sendEvent(new OutputEvent(`${outcome.message}\n`, 'stderr'));
      hitIds.push(bp.id);
      reason = bp.kind === 'function' ? 'function breakpoint' : bp.kind === 'instruction' ? 'instruction breakpoint' : 'breakpoint';
    }
    if (hitIds.length > 0) {
      this.reportStop({ reason, thread: t, hitIds });
      return false;
    }
    const mode = this.mode;
    if (mode.kind === 'step' && mode.overCall && mode.thread === t && mine('over-call')) {
      if (t.cpu.regs[4] >= mode.overCall.esp) {
        this.bps.removeWhere((r) => r.kind === 'temp' && r.threadId === t.id && r.tag === 'over-call');
        mode.overCall = undefined;
        // Back in the caller, usually mid-line: keep stepping to the start of a line.
        if (mode.instruction || this.stepDone(mode, { eip: t.cpu.eip, esp: t.cpu.regs[4] })) {
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
    return true; // someone else's temporary trap, or a breakpoint whose condition is false: run on
  }

  /** After one instruction of a stepping thread: has the step reached its end? */
  private stepDone(mode: StepMode, before: { eip: number; esp: number }): boolean {
    const t = mode.thread;
    const eip = t.cpu.eip;
    const esp = t.cpu.regs[4];
    const info = this.images?.forTask(t.task);
    const ret = esp === ((before.esp - 4) >>> 0) ? t.task.as.readU32(esp) : undefined;
    const isCall = ret !== undefined && ret - before.eip >= 2 && ret - before.eip <= 7 && eip !== ret;
    if (mode.instruction) {
      if (isCall && mode.how === 'next') {
        mode.overCall = { address: ret, esp: (esp + 4) >>> 0 };
        this.bps.add(t.task.as, ret, { kind: 'temp', threadId: t.id, tag: 'over-call' });
        return false;
      }
      return true;
    }
    // Step into a call of the syscall page: keep single-stepping so that the `int 0x30` stops in a kernel frame.
    if (isCall && mode.how === 'stepIn' && ((eip & ~0xfff) >>> 0) === SYSCALL_PAGE_ADDRESS) return false;
    if (!info) return true; // no debug info: one instruction
    if (mode.startLine === undefined) {
      // Started where there is no line info (a kernel frame, a stub): run on to the start of a source line.
      const b = info.lineBlockAt(eip);
      return !!b && b.start === eip && b.isStmt;
    }
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

  private threadOrFail(response: DebugProtocol.Response, threadId: number | undefined): Thread | undefined {
    const t = threadId === undefined ? undefined : this.machine?.thread(threadId);
    if (!t) this.fail(response, 2010, this.machine ? `no thread ${threadId}` : 'the program is not running');
    return t;
  }

  private startStep(t: Thread, how: 'next' | 'stepIn', granularity: DebugProtocol.SteppingGranularity | undefined): void {
    const info = this.images?.forTask(t.task);
    const loc = info?.addressToLine(t.cpu.eip);
    const block = info?.lineBlockAt(t.cpu.eip);
    const skipKernelStop = this.kernelFrame?.thread === t;
    this.resume({
      kind: 'step', how, thread: t, instruction: granularity === 'instruction', startFile: loc?.file, startLine: loc?.line,
      startBlock: block ? { start: block.start, end: block.end } : undefined, startEsp: t.cpu.regs[4], skipKernelStop,
    });
  }

  private reportStop(s: StopInfo): void {
    this.running = false;
    this.pauseRequested = false;
    this.mode = { kind: 'continue' };
    this.kernelFrame = undefined;
    this.bps.removeWhere((r) => r.kind === 'temp' && (r.tag === 'over-call' || r.tag === 'step-out'));
    this.lastStop = s;
    this.views.reset();
    this.frames.reset();
    this.closeOutputGroup();
    const ev = new StoppedEvent(s.reason, s.thread.id, s.description) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (s.description) ev.body.description = s.description;
    if (s.hitIds) ev.body.hitBreakpointIds = s.hitIds;
    this.sendEvent(ev);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    if (!this.machine) return this.fail(response, 2011, 'the program is not running');
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resume({ kind: 'continue' });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    this.sendResponse(response);
    this.startStep(t, 'next', args.granularity);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    if (args.targetId !== undefined && args.targetId !== STEP_INTO_FUNCTION) {
      if (args.targetId !== STEP_INTO_PARTNER && args.targetId !== STEP_BACK_TO_CALLER) return this.fail(response, 2012, `no step-in target ${args.targetId}`);
      this.sendResponse(response);
      this.resume({ kind: 'follow', thread: t });
      return;
    }
    this.sendResponse(response);
    this.startStep(t, 'stepIn', args.granularity);
  }

  protected override stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse, args: DebugProtocol.StepInTargetsArguments): void {
    const f = this.frames.get(args.frameId);
    if (!f) return this.fail(response, 2013, `no frame ${args.frameId}`);
    const t = f.thread;
    const targets: DebugProtocol.StepInTarget[] = [{ id: STEP_INTO_FUNCTION, label: 'Step into the called function' }];
    const known = this.kernelFrame?.thread === t ? this.kernelFrame.invocation.fields.find((x) => x.name === 'object')?.value : undefined;
    targets.push({ id: STEP_INTO_PARTNER, label: `Step into IPC partner${known ? `: ${known}` : ''} (follows the next message ${t.name} sends to the thread that receives it)` });
    if (t.replyTo) targets.push({ id: STEP_BACK_TO_CALLER, label: `Back to the caller ${t.replyTo.name} on reply` });
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    this.sendResponse(response);
    if (this.kernelFrame?.thread === t) {
      this.startStep(t, 'next', 'instruction'); // out of the kernel frame: the system call runs as one step
      return;
    }
    const frames = this.unwind(t, 2);
    const caller = frames[1];
    if (!caller || frames[0].cfa === undefined) {
      this.startStep(t, 'next', args.granularity);
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

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    const t = this.lastStop?.thread;
    if (!file || !t) return this.fail(response, 2020, !file ? 'goto needs a source file on disk' : 'goto needs a stopped thread');
    const info = this.images?.forTask(t.task);
    const resolved = info?.resolveLine(file, args.line);
    if (!info || !resolved || resolved.addresses.length === 0) return this.fail(response, 2021, `no code for ${path.basename(file)}:${args.line}`);
    const targets = resolved.addresses.map((address) => {
      const id = this.nextGotoId++;
      this.gotoTargets.set(id, { taskId: t.task.id, address, line: resolved.line });
      return { id, label: `${path.basename(file)}:${resolved.line} (${hex32(address)})`, line: resolved.line, instructionPointerReference: encodeMemoryReference(t.task.id, address) };
    });
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const target = this.gotoTargets.get(args.targetId);
    if (!target || target.taskId !== t.task.id) return this.fail(response, 2022, `no goto target ${args.targetId} for ${t.name}`);
    if (this.running) return this.fail(response, 2023, 'goto needs the program to be stopped');
    const info = this.images?.forTask(t.task);
    if (info && info.functionAt(target.address) !== info.functionAt(t.cpu.eip)) return this.fail(response, 2024, 'goto can only move within the current function (the stack frame would not fit)');
    t.cpu.eip = target.address;
    t.atBreakpoint = false;
    this.sendResponse(response);
    this.reportStop({ reason: 'goto', thread: t });
  }

  // ---- inspection -------------------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = (this.machine?.threads() ?? []).filter((t) => t.state !== 'dead');
    response.body = { threads: threads.map((t) => new DapThread(t.id, `${t.name} (${t.stateDescription()})`)) };
    this.sendResponse(response);
  }

  private unwind(t: Thread, max = 64): StackFrameInfo[] {
    const info = this.images?.forTask(t.task);
    const readU32 = (a: number) => t.task.as.readU32(a >>> 0);
    return (info ? info.unwinder : this.ebpUnwinder).unwind(t.cpu.regs, t.cpu.eip, readU32, max);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const info = this.images?.forTask(t.task);
    const all = this.unwind(t);
    const list: DebugProtocol.StackFrame[] = [];
    const kf = this.kernelFrame?.thread === t ? this.kernelFrame : undefined;
    if (kf) {
      const id = this.frames.create({ thread: t, index: 0, frame: all[0], invocation: kf.invocation });
      const sf = new StackFrame(id, kf.invocation.summary) as DebugProtocol.StackFrame;
      sf.presentationHint = 'label';
      sf.instructionPointerReference = encodeMemoryReference(t.task.id, t.cpu.eip);
      list.push(sf);
    }
    all.forEach((f, index) => {
      const lookupPc = index === 0 ? f.pc : f.pc - 1;
      const fn = info?.functionAt(lookupPc);
      const loc = info?.addressToLine(lookupPc);
      const name = fn ? fn.name : ((f.pc & ~0xfff) >>> 0) === SYSCALL_PAGE_ADDRESS ? '<syscall stub>' : hex32(f.pc);
      const id = this.frames.create({ thread: t, index, frame: f });
      const source = loc ? new Source(path.basename(loc.file), this.convertDebuggerPathToClient(loc.file)) : undefined;
      const sf = new StackFrame(id, name, source, loc ? this.convertDebuggerLineToClient(loc.line) : 0, loc ? this.convertDebuggerColumnToClient(Math.max(loc.column, 1)) : 0) as DebugProtocol.StackFrame;
      sf.instructionPointerReference = encodeMemoryReference(t.task.id, f.pc);
      if (!loc) sf.presentationHint = 'subtle';
      list.push(sf);
    });
    const start = args.startFrame ?? 0;
    const count = args.levels && args.levels > 0 ? args.levels : list.length;
    response.body = { stackFrames: list.slice(start, start + count), totalFrames: list.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const f = this.frames.get(args.frameId);
    if (!f) return this.fail(response, 2030, `no frame ${args.frameId} (frames are gone after the program resumed)`);
    const info = this.images?.forTask(f.thread.task);
    response.body = { scopes: this.views.scopes(f.thread, f.frame, f.index, info, f.invocation).map((s) => Object.assign(new Scope(s.name, s.variablesReference, s.expensive), s)) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    let vars: DebugProtocol.Variable[];
    try {
      vars = this.views.variables(args.variablesReference, { hex: args.format?.hex ?? this.console.hex });
    } catch (e) {
      return this.fail(response, 2031, (e as Error).message);
    }
    if (args.start !== undefined || args.count !== undefined) vars = vars.slice(args.start ?? 0, args.count ? (args.start ?? 0) + args.count : undefined);
    response.body = { variables: vars };
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const cur = this.currentThread();
    try {
      const v = evaluateExpression(args.value, cur ? this.envFor(cur.thread, cur.frame) : { identifier: () => undefined, readMemory: () => undefined });
      if (v.kind !== 'number') throw new ExpressionError(`"${args.value}" is not a number`);
      const value = this.views.setVariable(args.variablesReference, args.name, v.n, { hex: args.format?.hex ?? this.console.hex });
      response.body = { value };
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, 2032, `cannot set ${args.name}: ${(e as Error).message}`);
    }
  }

  private currentThread(frameId?: number): { thread: Thread; frame?: StackFrameInfo; index: number } | undefined {
    const f = frameId !== undefined ? this.frames.get(frameId) : undefined;
    if (f) return { thread: f.thread, frame: f.frame, index: f.index };
    const t = this.lastStop?.thread ?? this.userThreads()[0];
    return t ? { thread: t, index: 0 } : undefined;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    if (args?.context === 'repl') this.closeOutputGroup();
    if (typeof args.expression !== 'string') return this.fail(response, 2000, 'evaluate needs an expression');
    if (args.frameId !== undefined && !this.frames.get(args.frameId)) return this.fail(response, 2003, `no frame ${args.frameId}`);
    if (isConsoleCommand(args.expression)) {
      try {
        response.body = { result: runConsoleCommand(args.expression, this.console), variablesReference: 0 };
        this.sendResponse(response);
      } catch (e) {
        this.fail(response, 2004, (e as Error).message);
      }
      return;
    }
    const cur = this.currentThread(args.frameId);
    if (!cur) return this.fail(response, 2001, 'no thread to evaluate in: the program is not running');
    const info = this.images?.forTask(cur.thread.task);
    const frame = cur.frame ?? this.unwind(cur.thread, 1)[0];
    const symbols = cur.thread.task.image?.elf ? cur.thread.task.image.elf.symbols() : [];
    try {
      const r = new ExpressionEvaluator(cur.thread, frame, info, symbols, (n) => (info ? this.localVariable(cur.thread, frame, cur.index, info, n)?.value : undefined)).evaluate(args.expression);
      response.body = { result: r.text, variablesReference: 0, memoryReference: r.address !== undefined ? encodeMemoryReference(cur.thread.task.id, r.address) : undefined };
      this.sendResponse(response);
    } catch (first) {
      // Not one of the simple forms: the C-like expression language (operators, casts, conditions).
      try {
        const v = evaluateExpression(args.expression, this.envFor(cur.thread, frame, cur.index));
        const hex = args.format?.hex ?? this.console.hex;
        response.body = { result: formatExpressionValue(v, hex), variablesReference: 0, memoryReference: v.kind === 'number' ? encodeMemoryReference(cur.thread.task.id, v.n >>> 0) : undefined };
        this.sendResponse(response);
      } catch (e) {
        const msg = first instanceof EvaluationError ? first.message : (e as Error).message;
        this.fail(response, 2002, msg);
      }
    }
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const m = this.machine;
    const cur = this.currentThread(args.frameId);
    const info = cur ? this.images?.forTask(cur.thread.task) : undefined;
    const symbols = new Set<string>();
    for (const f of info?.functions ?? []) symbols.add(f.name);
    for (const s of cur?.thread.task.image?.elf.symbols() ?? []) if (s.type === 'object' || s.type === 'func') symbols.add(s.name);
    response.body = {
      targets: completeConsole(args.text ?? '', args.column ?? (args.text ?? '').length + 1, {
        threads: m?.threads().map((t) => t.name) ?? [],
        tasks: m?.tasks().map((t) => t.name) ?? [],
        symbols: [...symbols].sort(),
        registers: [...GPR_NAMES, 'eip', 'eflags', 'task', 'thread', 'label'],
      }),
    };
    this.sendResponse(response);
  }

  private taskById(id: number): Task | undefined {
    return this.machine?.tasks().find((t) => t.id === id);
  }

  private memoryTarget(response: DebugProtocol.Response, ref: string | undefined): { task: Task; address: number } | undefined {
    const decoded = typeof ref === 'string' ? decodeMemoryReference(ref, this.currentThread()?.thread.task.id) : undefined;
    const task = decoded ? this.taskById(decoded.taskId) : undefined;
    if (!decoded || !task) {
      this.fail(response, 3001, `bad memory reference "${ref}" — expected task:<id>:0x<address> of a live task`);
      return undefined;
    }
    return { task, address: decoded.address };
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const m = this.memoryTarget(response, args.memoryReference);
    if (!m) return;
    if (!Number.isInteger(args.count) || args.count < 0 || args.count > MAX_READ) return this.fail(response, 3003, `readMemory: count must be 0..${MAX_READ}`);
    const start = (m.address + (args.offset ?? 0)) >>> 0;
    const bytes: number[] = [];
    for (let i = 0; i < args.count; i++) {
      const b = m.task.as.read((start + i) >>> 0, 1);
      if (!b) break;
      bytes.push(b[0]);
    }
    response.body = { address: hex32(start), data: Buffer.from(bytes).toString('base64'), unreadableBytes: args.count - bytes.length };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const m = this.memoryTarget(response, args.memoryReference);
    if (!m) return;
    if (typeof args.data !== 'string') return this.fail(response, 3004, 'writeMemory needs base64 data');
    // Buffer.from skips characters that are not base64 and would write garbage: check the text first.
    if (!isBase64(args.data)) return this.fail(response, 3007, 'writeMemory: data is not valid base64 (A-Z a-z 0-9 + / with = padding)');
    const data = Buffer.from(args.data, 'base64');
    const start = (m.address + (args.offset ?? 0)) >>> 0;
    let written = 0;
    for (; written < data.length; written++) {
      if (!m.task.as.write((start + written) >>> 0, data.subarray(written, written + 1))) break;
    }
    if (written < data.length && !args.allowPartial) return this.fail(response, 3005, `writeMemory: ${hex32(start + written)} is not mapped in ${m.task.name} (${written} of ${data.length} bytes written)`);
    response.body = { offset: 0, bytesWritten: written };
    this.sendResponse(response);
    this.sendEvent({ seq: 0, type: 'event', event: 'memory', body: { memoryReference: args.memoryReference, offset: args.offset ?? 0, count: written } } as DebugProtocol.MemoryEvent);
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const m = this.memoryTarget(response, args.memoryReference);
    if (!m) return;
    if (!Number.isInteger(args.instructionCount) || args.instructionCount < 0 || args.instructionCount > MAX_INSTRUCTIONS) return this.fail(response, 3006, `disassemble: instructionCount must be 0..${MAX_INSTRUCTIONS}`);
    const info = this.images?.forTask(m.task);
    const target = (m.address + (args.offset ?? 0)) >>> 0;
    const instructions = disassembleAround(m.task.as, info, target, args.instructionOffset ?? 0, args.instructionCount, {
      source: (file) => new Source(path.basename(file), this.convertDebuggerPathToClient(file)),
    });
    response.body = { instructions };
    this.sendResponse(response);
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    const files = new Set<string>();
    for (const task of this.knownTasks) for (const f of this.images?.forTask(task)?.sourceFiles() ?? []) files.add(f);
    response.body = { sources: [...files].sort().map((f) => new Source(path.basename(f), this.convertDebuggerPathToClient(f))) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const s = this.lastStop;
    if (!s || s.thread !== t || !s.exception) {
      response.body = { exceptionId: 'none', description: 'the thread did not stop because of an exception or kernel event', breakMode: 'never' };
    } else {
      response.body = {
        exceptionId: s.exception.id, description: s.exception.description, breakMode: s.exception.fatal ? 'unhandled' : 'always',
        details: { message: s.exception.description, typeName: s.exception.id, stackTrace: `${t.name}: ${t.stateDescription()}` },
      };
    }
    this.sendResponse(response);
  }
}

/** Instructions "step into IPC partner" steps through SDK code before it stops wherever the partner is. */
const MAX_PARTNER_STEPS = 100_000;

/** Sources of the SDK (headers with the l4_ipc_* inlines, libc, crt0), as DebugInfo maps them. */
function isSdkSource(file: string): boolean {
  let root: string;
  try {
    root = sdkRoot();
  } catch {
    return file.startsWith(`${SDK_DEBUG_PREFIX}/`);
  }
  return file.startsWith(root + path.sep) || file.startsWith(`${SDK_DEBUG_PREFIX}/`);
}

/** stepInTargets ids. */
const STEP_INTO_FUNCTION = 1;
const STEP_INTO_PARTNER = 2;
const STEP_BACK_TO_CALLER = 3;
