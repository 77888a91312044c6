// FiascoDebugSession: the Debug Adapter Protocol on top of DebugRuntime (runtime/). Each request becomes a call
// of the runtime or a read of its state; each runtime event becomes DAP events. Running, stepping,
// breakpoints, kernel-event filters and the decision why the program stopped all live in the runtime.
import { isTravelCommand, runTravelCommand } from './time-travel-commands';
import {
  BreakpointEvent, ExitedEvent, Handles, InitializedEvent, Logger, logger, OutputEvent,
  Scope, Source, StoppedEvent, TerminatedEvent, Thread as DapThread,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'path';
import { Machine } from '../emulator/machine';
import { imageHolding, imagesOf } from '../emulator/kernel/task-images';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { hex32 } from '../emulator/util/hex';
import { StackFrameInfo } from './debug-info/unwinder';
import { CAPABILITIES, EXCEPTION_FILTERS } from './dap-capabilities';
import { setInstructionBreakpoints, toDapBreakpoint } from './dap-breakpoints';
import { FrameRef, stackFrames } from './stack-trace-view';
import { dataBreakpointInfo } from './data-breakpoint-info';
import { evaluateInFrame } from './evaluate-request';
import { FiascoLaunchArguments, LaunchSettings, validateLaunchArguments } from './launch-arguments';
import { decodeMemoryReference, encodeMemoryReference } from './memory-reference';
import { readMemory, writeMemory } from './memory-requests';
import { OutputGroups } from './output-groups';
import { RequestError, RequestErrorSession } from './request-errors';
import { VariableViews } from './variable-views';
import { evaluateExpression, ExpressionError } from './c-expression';
import { completeConsole, ConsoleCommandError, ConsoleContext, isConsoleCommand, runConsoleCommand } from './console-commands';
import { disassembleAround } from './disassembly-view';
import { GPR_NAMES } from './register-names';
import { DebugRuntime } from './runtime/debug-runtime';
import { answerCustomRequest, customRequestHandler, CustomRequestContext } from './custom-requests';
import './custom-request-families';

export { EXCEPTION_FILTERS };

const CONFIGURATION_DONE_TIMEOUT_MS = 5_000;
/** Largest disassemble request served. */
const MAX_INSTRUCTIONS = 10_000;
/** stepInTargets ids. */
const STEP_INTO_FUNCTION = 1;
const STEP_INTO_PARTNER = 2;
const STEP_BACK_TO_CALLER = 3;

export class FiascoDebugSession extends RequestErrorSession {
  private readonly runtime = new DebugRuntime();
  private settings?: LaunchSettings;
  private configurationDone = false;
  private configurationDoneWaiters: Array<() => void> = [];
  private readonly frames = new Handles<FrameRef>();
  private readonly views = new VariableViews(() => this.runtime.machine?.kernel, this.runtime.received);
  private readonly gotoTargets = new Map<number, { taskId: number; address: number; line: number }>();
  private nextGotoId = 1;
  private readonly output = new OutputGroups((e) => this.sendEvent(e));
  private readonly console: ConsoleContext;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    const runtime = this.runtime;
    this.console = {
      get machine(): Machine {
        if (!runtime.machine) throw new ConsoleCommandError('the program is not running');
        return runtime.machine;
      },
      currentThread: () => this.currentThread()?.thread,
      tcb: (t) => this.views.tcb(t),
      utcb: (t) => this.views.utcb(t),
      capabilities: (t) => this.views.capabilities(t),
      pageFaults: runtime.pageFaults,
      get ipcLog() { return runtime.ipcLog; },
      set ipcLog(on: boolean) { runtime.ipcLog = on; },
      get hex() { return runtime.hex; },
      set hex(on: boolean) { runtime.hex = on; },
      stats: () => runtime.stats,
      raiseIrq: (line) => runtime.raiseIrq(line),
    };
    this.translateRuntimeEvents();
  }

  /** The running machine (a test adapter starts a late program in it). */
  private get machine(): Machine | undefined {
    return this.runtime.machine;
  }

  private translateRuntimeEvents(): void {
    const ev = this.runtime.events;
    ev.on('stopped', (s) => {
      this.resetHandles();
      this.output.close();
      const e = new StoppedEvent(s.reason, s.thread.id, s.description) as DebugProtocol.StoppedEvent;
      e.body.allThreadsStopped = true;
      if (s.description) e.body.description = s.description;
      if (s.hitIds) e.body.hitBreakpointIds = s.hitIds;
      this.sendEvent(e);
    });
    ev.on('continued', () => this.resetHandles());
    ev.on('output', ({ text, category }) => this.sendEvent(new OutputEvent(`${text}\n`, category)));
    ev.on('program-output', ({ task, text }) => this.output.programOutput(task, text));
    ev.on('breakpoint-changed', (bp) => this.sendEvent(new BreakpointEvent('changed', toDapBreakpoint(bp))));
    ev.on('exited', ({ exitCode, reason }) => {
      this.output.close();
      this.sendEvent(new OutputEvent(`boot ended: ${reason} (exit code ${exitCode})\n`, 'console'));
      this.sendEvent(new ExitedEvent(exitCode));
      this.sendEvent(new TerminatedEvent());
    });
    ev.on('crashed', ({ error }) => {
      logger.error(`internal error in the emulator: ${error.stack ?? error}`);
      this.sendEvent(new OutputEvent(`internal error in the emulator: ${error.message ?? error} (the stack is in the trace log: "trace": true)\n`, 'stderr'));
      this.sendEvent(new TerminatedEvent());
    });
  }

  private resetHandles(): void {
    this.views.reset();
    this.frames.reset();
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = { ...response.body, ...CAPABILITIES };
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
    this.runtime.hex = settings.registersHex;
    logger.setup(settings.trace ? Logger.LogLevel.Verbose : Logger.LogLevel.Stop, false);
    this.output.reset();
    const err = this.runtime.launch(settings);
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
    this.runtime.start();
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runtime.end();
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    const wasRunning = this.runtime.end();
    this.sendResponse(response);
    if (wasRunning) this.sendEvent(new TerminatedEvent());
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    if (!this.settings) return this.fail(response, 1003, 'restart: nothing was launched');
    this.output.reset();
    const err = this.runtime.restart();
    if (err) return this.fail(response, 1002, err);
    this.sendResponse(response);
    this.runtime.start();
  }

  // ---- breakpoints -------------------------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    if (!file) {
      response.body = { breakpoints: (args.breakpoints ?? []).map(() => ({ verified: false, message: 'only breakpoints in files on disk are supported' })) };
      return this.sendResponse(response);
    }
    const specs = args.breakpoints ?? args.lines?.map((line) => ({ line })) ?? [];
    response.body = { breakpoints: this.runtime.setLineBreakpoints(file, specs).map((b) => toDapBreakpoint(b)) };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    const lines = new Set<number>();
    for (const task of this.runtime.programTasks()) for (const info of this.runtime.allDebugInfo(task)) {
      if (!file) continue;
      // Only lines that have code themselves (resolveLine moves a line without code to the next one).
      for (let l = args.line; l <= (args.endLine ?? args.line); l++) if (info.resolveLine(file, l)?.line === l) lines.add(l);
    }
    response.body = { breakpoints: [...lines].sort((a, b) => a - b).map((line) => ({ line })) };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    response.body = { breakpoints: this.runtime.setFunctionBreakpoints(args.breakpoints ?? []).map((b) => toDapBreakpoint(b)) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    response.body = { breakpoints: setInstructionBreakpoints(args.breakpoints ?? [], (specs) => this.runtime.setInstructionBreakpoints(specs)) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const wanted = [...(args.filters ?? []).map((f) => ({ filterId: f })), ...(args.filterOptions ?? [])];
    const results = this.runtime.setEventFilters(wanted);
    response.body = { breakpoints: results.map((r) => (r.enabled ? { verified: true } : { verified: false, message: r.message })) };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const cur = args.variablesReference ? undefined : this.currentThread(args.frameId);
    response.body = dataBreakpointInfo(args, { views: this.views, runtime: this.runtime, thread: cur?.thread, frame: cur?.frame });
    this.sendResponse(response);
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const results = this.runtime.setDataBreakpoints(args.breakpoints ?? []);
    response.body = { breakpoints: results.map((r) => (r.verified ? { id: r.id, verified: true, message: r.message } : { verified: false, message: r.message })) };
    this.sendResponse(response);
  }

  // ---- running -----------------------------------------------------------------------------------------------

  private threadOrFail(response: DebugProtocol.Response, threadId: number | undefined): Thread | undefined {
    const t = threadId === undefined ? undefined : this.runtime.thread(threadId);
    if (!t) this.fail(response, 2010, this.runtime.machine ? `no thread ${threadId}` : 'the program is not running');
    return t;
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    if (!this.runtime.machine) return this.fail(response, 2011, 'the program is not running');
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.runtime.continue();
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    this.sendResponse(response);
    this.runtime.step(t, 'next', args.granularity === 'instruction');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    if (args.targetId !== undefined && args.targetId !== STEP_INTO_FUNCTION) {
      if (args.targetId !== STEP_INTO_PARTNER && args.targetId !== STEP_BACK_TO_CALLER) return this.fail(response, 2012, `no step-in target ${args.targetId}`);
      this.sendResponse(response);
      return this.runtime.followIpc(t);
    }
    this.sendResponse(response);
    this.runtime.step(t, 'stepIn', args.granularity === 'instruction');
  }

  protected override stepInTargetsRequest(response: DebugProtocol.StepInTargetsResponse, args: DebugProtocol.StepInTargetsArguments): void {
    const f = this.frames.get(args.frameId);
    if (!f) return this.fail(response, 2013, `no frame ${args.frameId}`);
    const t = f.thread;
    const kf = this.runtime.stops.kernelFrame;
    const known = kf?.thread === t ? kf.invocation.fields.find((x) => x.name === 'object')?.value : undefined;
    const targets: DebugProtocol.StepInTarget[] = [{ id: STEP_INTO_FUNCTION, label: 'Step into the called function' }];
    const stop = this.runtime.currentStop;
    const holder = stop?.thread === t ? stop.deliveredTo : undefined;
    targets.push({
      id: STEP_INTO_PARTNER,
      label: holder
        ? `Step into IPC partner: ${holder.name} (received the message ${t.name} just sent)`
        : `Step into IPC partner${known ? `: ${known}` : ''} (follows the next message ${t.name} sends to the thread that receives it)`,
    });
    if (t.replyTo) targets.push({ id: STEP_BACK_TO_CALLER, label: `Back to the caller ${t.replyTo.name} on reply` });
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    this.sendResponse(response);
    this.runtime.stepOut(t, args.granularity === 'instruction');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const problem = this.runtime.travelProblem();
    if (problem) return this.fail(response, 2060, problem);
    this.sendResponse(response);
    this.runtime.stepBack(t, args.granularity === 'instruction');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    const problem = this.runtime.travelProblem();
    if (problem) return this.fail(response, 2061, problem);
    this.sendResponse(response);
    this.runtime.reverseContinue(this.runtime.thread(args.threadId));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse, args: DebugProtocol.PauseArguments): void {
    this.sendResponse(response);
    this.runtime.pause(this.runtime.thread(args?.threadId));
  }

  protected override gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    const file = args.source?.path ? path.resolve(args.source.path) : undefined;
    const t = this.runtime.currentStop?.thread;
    if (!file || !t) return this.fail(response, 2020, !file ? 'goto needs a source file on disk' : 'goto needs a stopped thread');
    const resolved = this.runtime.allDebugInfo(t.task).map((i) => i.resolveLine(file, args.line)).find((r) => r && r.addresses.length > 0);
    if (!resolved || resolved.addresses.length === 0) return this.fail(response, 2021, `no code for ${path.basename(file)}:${args.line}`);
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
    const problem = this.runtime.gotoProblem(t, target.address);
    if (problem) return this.fail(response, this.runtime.isRunning ? 2023 : 2024, problem);
    this.sendResponse(response); // the runtime reports the new position as a stop, after the answer

    this.runtime.goto(t, target.address);
  }

  // ---- inspection --------------------------------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = (this.runtime.machine?.threads() ?? []).filter((t) => t.state !== 'dead');
    response.body = { threads: threads.map((t) => new DapThread(t.id, `${t.name} (${this.runtime.threadState(t)})`)) };
    this.sendResponse(response);
  }

  private source(file: string): Source {
    return new Source(path.basename(file), this.convertDebuggerPathToClient(file));
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const list = stackFrames(t, this.runtime, (f) => this.frames.create(f), {
      source: (file) => this.source(file),
      line: (n) => this.convertDebuggerLineToClient(n),
      column: (n) => this.convertDebuggerColumnToClient(n),
    });
    const start = args.startFrame ?? 0;
    const count = args.levels && args.levels > 0 ? args.levels : list.length;
    response.body = { stackFrames: list.slice(start, start + count), totalFrames: list.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const f = this.frames.get(args.frameId);
    if (!f) return this.fail(response, 2030, `no frame ${args.frameId} (frames are gone after the program resumed)`);
    const info = this.runtime.debugInfo(f.thread.task, f.frame?.pc);
    response.body = { scopes: this.views.scopes(f.thread, f.frame, f.index, info, f.invocation).map((s) => Object.assign(new Scope(s.name, s.variablesReference, s.expensive), s)) };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    let vars: DebugProtocol.Variable[];
    try {
      vars = this.views.variables(args.variablesReference, { hex: args.format?.hex ?? this.runtime.hex });
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
      const v = evaluateExpression(args.value, cur ? this.runtime.environment(cur.thread, cur.frame) : { identifier: () => undefined, readMemory: () => undefined });
      if (v.kind !== 'number') throw new ExpressionError(`"${args.value}" is not a number`);
      response.body = { value: this.views.setVariable(args.variablesReference, args.name, v.n, { hex: args.format?.hex ?? this.runtime.hex }) };
      this.runtime.stateWritten();
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, 2032, `cannot set ${args.name}: ${(e as Error).message}`);
    }
  }

  private currentThread(frameId?: number): { thread: Thread; frame?: StackFrameInfo; index: number } | undefined {
    const f = frameId !== undefined ? this.frames.get(frameId) : undefined;
    if (f) return { thread: f.thread, frame: f.frame, index: f.index };
    const t = this.runtime.currentStop?.thread ?? this.runtime.userThreads()[0];
    return t ? { thread: t, index: 0 } : undefined;
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    if (args?.context === 'repl') this.output.close();
    if (typeof args.expression !== 'string') return this.fail(response, 2000, 'evaluate needs an expression');
    if (args.frameId !== undefined && !this.frames.get(args.frameId)) return this.fail(response, 2003, `no frame ${args.frameId}`);
    if (isTravelCommand(args.expression)) {
      try {
        response.body = { result: runTravelCommand(args.expression, this.runtime, this.currentThread(args.frameId)?.thread), variablesReference: 0 };
        this.sendResponse(response);
      } catch (e) {
        this.fail(response, 2004, (e as Error).message);
      }
      return;
    }
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
    this.answer(response, () => {
      response.body = evaluateInFrame(args.expression, { runtime: this.runtime, thread: cur.thread, frame: cur.frame, index: cur.index, hex: args.format?.hex ?? this.runtime.hex, views: this.views });
      this.sendResponse(response);
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const m = this.runtime.machine;
    const cur = this.currentThread(args.frameId);
    const info = cur ? this.runtime.debugInfoAt(cur.thread) : undefined;
    const symbols = new Set<string>();
    for (const f of info?.functions ?? []) symbols.add(f.name);
    for (const s of cur ? imagesOf(cur.thread.task).flatMap((i) => i.elf.symbols()) : []) if (s.type === 'object' || s.type === 'func') symbols.add(s.name);
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

  private memoryTarget(ref: string | undefined): { task: Task; address: number } {
    const decoded = typeof ref === 'string' ? decodeMemoryReference(ref, this.currentThread()?.thread.task.id) : undefined;
    const task = decoded ? this.runtime.taskById(decoded.taskId) : undefined;
    if (!decoded || !task) throw new RequestError(3001, `bad memory reference "${ref}" — expected task:<id>:0x<address> of a live task`);
    return { task, address: decoded.address };
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.answer(response, () => {
      const m = this.memoryTarget(args.memoryReference);
      response.body = readMemory(m.task, m.address, args);
      this.sendResponse(response);
    });
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.answer(response, () => {
      const m = this.memoryTarget(args.memoryReference);
      const written = writeMemory(m.task, m.address, args);
      if (written > 0) this.runtime.stateWritten();
      response.body = { offset: 0, bytesWritten: written };
      this.sendResponse(response);
      this.sendEvent({ seq: 0, type: 'event', event: 'memory', body: { memoryReference: args.memoryReference, offset: args.offset ?? 0, count: written } } as DebugProtocol.MemoryEvent);
    });
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.answer(response, () => {
      const m = this.memoryTarget(args.memoryReference);
      if (!Number.isInteger(args.instructionCount) || args.instructionCount < 0 || args.instructionCount > MAX_INSTRUCTIONS) throw new RequestError(3006, `disassemble: instructionCount must be 0..${MAX_INSTRUCTIONS}`);
      const read = (a: number, n: number) => Machine.readMemory(m.task, a, n);
      const target = (m.address + (args.offset ?? 0)) >>> 0;
      response.body = { instructions: disassembleAround(read, this.runtime.debugInfo(m.task, target), target, args.instructionOffset ?? 0, args.instructionCount, {
        source: (f) => this.source(f),
        symbolAt: (a) => {
          const found = (imageHolding(m.task, a) ?? m.task.image)?.elf.symbolAt(a);
          return found ? { name: found.symbol.name, offset: found.offset } : undefined;
        },
      }) };
      this.sendResponse(response);
    });
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    const files = new Set<string>();
    for (const task of this.runtime.programTasks()) for (const info of this.runtime.allDebugInfo(task)) for (const f of info.sourceFiles()) files.add(f);
    response.body = { sources: [...files].sort().map((f) => this.source(f)) };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const t = this.threadOrFail(response, args.threadId);
    if (!t) return;
    const s = this.runtime.currentStop;
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

  /** `fiasco/…` requests of the extension's views (custom-requests.ts); anything else is the library's. */
  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (!customRequestHandler(command)) return super.customRequest(command, response, args);
    const ctx: CustomRequestContext = {
      runtime: this.runtime,
      sendEvent: (event, body) => this.sendEvent({ seq: 0, type: 'event', event, body } as DebugProtocol.Event),
    };
    answerCustomRequest(command, args, ctx, response).then(
      () => this.sendResponse(response),
      (e) => {
        if (e instanceof RequestError) return this.fail(response, e.id, e.message);
        this.sendErrorResponse(response, { id: 9000, format: `${command} failed: ${(e as Error).message}`.replace(/[{}]/g, '_'), showUser: false });
      });
  }
}
