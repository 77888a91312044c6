// The debug engine without the Debug Adapter Protocol: DebugRuntime booted on the test workspace's guests,
// driven through its own API, observed through its typed events.
import * as assert from 'assert';
import { SYSCALL_PAGE_ADDRESS } from '../../emulator/kernel/abi';
import { Machine } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { encodeDataId } from '../../debug-adapter/data-watchpoints';
import { DebugRuntime, RuntimeOptions } from '../../debug-adapter/runtime/debug-runtime';
import { atSyscallReturn } from '../../debug-adapter/runtime/syscall-return-frame';
import type { Stop } from '../../debug-adapter/runtime/stop-state';
import { lineOf, modulesList, sourceOf, testWorkspace } from './dap-test-helpers';

const STOP_TIMEOUT_MS = 60_000;

/** The next 'stopped' event of the runtime. */
function nextStop(runtime: DebugRuntime): Promise<Stop> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no stop within the time limit')), STOP_TIMEOUT_MS);
    const on = (s: Stop): void => {
      clearTimeout(timer);
      runtime.events.off('stopped', on);
      resolve(s);
    };
    runtime.events.on('stopped', on);
  });
}

function launch(runtime: DebugRuntime, entry: string, extra: Partial<RuntimeOptions> = {}): void {
  const err = runtime.launch({ modulesList: modulesList(), entry, stopOnEntry: false, breakOnIpc: false, ...extra });
  assert.strictEqual(err, undefined);
}

/**
 * Boots and runs to the program's main (its task exists only once sigma0, moe and l4re have started it), with
 * no breakpoint left; the returned thread is the program's main thread. Resume with runtime.continue().
 */
async function launchToMain(runtime: DebugRuntime, entry: string): Promise<Thread> {
  launch(runtime, entry);
  runtime.setFunctionBreakpoints([{ name: 'main' }]);
  const stopped = nextStop(runtime);
  runtime.start();
  const s = await stopped;
  runtime.setFunctionBreakpoints([]);
  return s.thread;
}

/** The source line the thread stands at. */
function lineOfThread(runtime: DebugRuntime, t: Thread): number | undefined {
  return runtime.debugInfo(t.task)?.addressToLine(Machine.readRegister(t, 'eip'))?.line;
}

function symbolAddress(t: Thread, name: string): number {
  const sym = t.task.image?.elf.symbols().find((s) => s.name === name);
  assert.ok(sym, `no symbol ${name}`);
  return sym.value >>> 0;
}

describe('debug runtime (no DAP)', () => {
  let runtime: DebugRuntime;

  before(function () {
    this.timeout(120000);
    testWorkspace();
  });
  beforeEach(() => {
    runtime = new DebugRuntime();
  });
  afterEach(() => {
    runtime.end();
  });

  it('stops at a line breakpoint with a typed stopped event naming the breakpoint', async () => {
    launch(runtime, 'watch-loop');
    const line = lineOf('watch-loop', 'counter++;');
    const [bp] = runtime.setLineBreakpoints(sourceOf('watch-loop'), [{ line }]);
    assert.ok(bp.verified, 'the program is loaded at boot: the breakpoint is armed at once');
    const stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    assert.strictEqual(s.reason, 'breakpoint');
    assert.deepStrictEqual(s.hitIds, [bp.id]);
    assert.strictEqual(lineOfThread(runtime, s.thread), line);
    assert.strictEqual(runtime.currentStop, s, 'the stop is the runtime\'s current stop until it resumes');
  });

  it('steps over a line to the next line that runs', async () => {
    launch(runtime, 'watch-loop');
    const line = lineOf('watch-loop', 'counter++;');
    runtime.setLineBreakpoints(sourceOf('watch-loop'), [{ line }]);
    let stopped = nextStop(runtime);
    runtime.start();
    const at = await stopped;
    runtime.setLineBreakpoints(sourceOf('watch-loop'), []);
    stopped = nextStop(runtime);
    runtime.step(at.thread, 'next', false);
    const s = await stopped;
    assert.strictEqual(s.reason, 'step');
    assert.strictEqual(s.thread, at.thread);
    assert.strictEqual(lineOfThread(runtime, s.thread), lineOf('watch-loop', 'for (i = 0;'), 'after the body, the loop header');
  });

  it('evaluates a breakpoint condition on the typed value of a local variable', async () => {
    launch(runtime, 'watch-loop');
    const [bp] = runtime.setLineBreakpoints(sourceOf('watch-loop'), [{ line: lineOf('watch-loop', 'counter++;'), condition: 'i == 7' }]);
    const stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    assert.deepStrictEqual(s.hitIds, [bp.id]);
    assert.deepStrictEqual(runtime.environment(s.thread).identifier('i'), { kind: 'number', n: 7 });
    assert.strictEqual(bp.hits, 1, 'the hits before (false condition) do not count');
  });

  it('stops right after the write of a data breakpoint, with the value written', async function () {
    this.timeout(120000);
    const main = await launchToMain(runtime, 'watch-loop');
    assert.match(main.name, /^watch-loop:main/);
    const address = symbolAddress(main, 'target');
    const [result] = runtime.setDataBreakpoints([{ dataId: encodeDataId({ kind: 'memory', taskId: main.task.id, address, size: 4 }), accessType: 'write' }]);
    assert.ok(result.verified);
    const stopped = nextStop(runtime);
    runtime.continue();
    const s = await stopped;
    assert.strictEqual(s.reason, 'data breakpoint');
    assert.deepStrictEqual(s.hitIds, [result.id]);
    assert.match(s.description ?? '', /wrote 0x000007d0 to 4 bytes at 0x[0-9a-f]{8} in watch-loop/);
    assert.strictEqual(Machine.readU32(main.task, address), 2000);
  });

  it('stops when a watched capability slot is invoked (a read of the slot)', async () => {
    const main = await launchToMain(runtime, 'faults');
    assert.match(main.name, /^faults:main/);
    const [result] = runtime.setDataBreakpoints([{ dataId: encodeDataId({ kind: 'cap', taskId: main.task.id, slot: 0x1f0 }), accessType: 'read' }]);
    assert.ok(result.verified);
    const stopped = nextStop(runtime);
    runtime.continue();
    const s = await stopped;
    assert.strictEqual(s.reason, 'data breakpoint');
    assert.deepStrictEqual(s.hitIds, [result.id]);
    assert.match(s.description ?? '', /^capability slot 496 invoked \(system call send on 0x001f0000/);
  });

  // The kernel builds a mapping event per page and slot mapped only when someone listens (a boot maps ~60,000
  // pages): the runtime listens only while a capability slot is watched for changes.
  it('stops when a watched capability slot changes, and listens to mapping events only while it watches one', async () => {
    const main = await launchToMain(runtime, 'irq-wait');
    const kernel = runtime.machine!.kernel;
    assert.strictEqual(kernel.observesMappings, false, 'no slot watched: no mapping events');
    const [bp] = runtime.setLineBreakpoints(sourceOf('irq-wait'), [{ line: lineOf('irq-wait', 'l4_factory_create_irq(') }]);
    assert.ok(bp.verified);
    let stopped = nextStop(runtime);
    runtime.continue();
    assert.strictEqual((await stopped).reason, 'breakpoint');
    runtime.setLineBreakpoints(sourceOf('irq-wait'), []);
    const irq = runtime.environment(main).identifier('irq');
    assert.ok(irq && irq.kind === 'number');
    const slot = irq.n >>> 12;
    const [result] = runtime.setDataBreakpoints([{ dataId: encodeDataId({ kind: 'cap', taskId: main.task.id, slot }), accessType: 'write' }]);
    assert.ok(result.verified);
    assert.strictEqual(kernel.observesMappings, true, 'a slot watched for changes: mapping events');
    stopped = nextStop(runtime);
    runtime.continue();
    const s = await stopped;
    assert.strictEqual(s.reason, 'data breakpoint');
    assert.deepStrictEqual(s.hitIds, [result.id]);
    assert.match(s.description ?? '', new RegExp(`slot ${slot}.* changed to .*Irq`));
    runtime.setDataBreakpoints([]);
    assert.strictEqual(kernel.observesMappings, false, 'the watch is gone: no mapping events');
  });

  it('stops at an instruction breakpoint in every task that maps the address', async () => {
    const main = await launchToMain(runtime, 'watch-loop');
    const info = runtime.debugInfo(main.task)!;
    // The loop body runs again after main's first line: its first instruction.
    const address = info.resolveLine(sourceOf('watch-loop'), lineOf('watch-loop', 'counter++;'))!.addresses[0];
    const [bp] = runtime.setInstructionBreakpoints([{ address }]);
    const stopped = nextStop(runtime);
    runtime.continue();
    const s = await stopped;
    assert.strictEqual(s.reason, 'instruction breakpoint');
    assert.deepStrictEqual(s.hitIds, [bp.id]);
    assert.strictEqual(Machine.readRegister(s.thread, 'eip'), address);
  });

  it('unwinds a thread blocked in an IPC call through the sysenter stub to its callers', async () => {
    // The kernel resumes such a thread after the call with EBP = ESP; the SDK's pop %ebp has not run yet.
    launch(runtime, 'ipc-pair');
    runtime.setFunctionBreakpoints([{ name: 'add' }]);
    const stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    const main = runtime.userThreads().find((t) => t.task === s.thread.task && t !== s.thread && /main/.test(t.name));
    assert.ok(main, 'the client thread');
    const eip = Machine.readRegister(main, 'eip');
    assert.ok(atSyscallReturn(main.task, eip), 'the client stands right after its call of the syscall page');
    assert.strictEqual(Machine.readRegister(main, 'ebp'), Machine.readRegister(main, 'esp'), 'the sysenter stub left EBP = ESP');
    const frames = runtime.unwind(main);
    // Blocked in the kernel: the syscall page's stub frame first, as with int $0x30, then the callers.
    assert.strictEqual(frames[0].pc >>> 12, SYSCALL_PAGE_ADDRESS >>> 12, 'the stub frame');
    const names = frames.slice(1).map((f) => runtime.debugInfo(main.task, f.pc)?.functionAt(f.pc)?.name);
    assert.deepStrictEqual(names.slice(0, 4), ['l4_ipc', 'l4_ipc_call', 'call_add', 'main']);
  });

  it('travels back to the last write of a word of a program that moe started after the earliest snapshot', async () => {
    // The search re-executes from the boot's snapshot, in which the program's task does not exist yet: the
    // watch must follow the task re-created by the re-execution, and the stop names the thread that runs now.
    launch(runtime, 'ipc-pair');
    runtime.setLineBreakpoints(sourceOf('ipc-pair'), [{ line: lineOf('ipc-pair', 'requests_served++'), hitCondition: '== 3' }]);
    let stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    const m = runtime.machine!;
    const address = s.thread.task.images.map((im) => im.elf.symbols().find((x) => x.name === 'requests_served')).find((x) => x)!.value >>> 0;
    assert.strictEqual(Machine.readU32(s.thread.task, address), 2);
    const before = m.instructions;
    stopped = nextStop(runtime);
    assert.strictEqual(runtime.reverseToWrite(s.thread, { address }), undefined);
    const back = await stopped;
    assert.match(back.description ?? '', /^last write, at instruction \d+/);
    assert.ok(m.instructions < before, 'the write came before now');
    assert.strictEqual(back.thread, runtime.thread(s.thread.id), 'the stop names the machine\'s thread object');
    assert.strictEqual(Machine.readU32(back.thread.task, address), 2, 'right after the second increment');
    assert.strictEqual(runtime.goToClock(m.instructions - 1, back.thread), undefined);
    assert.strictEqual(Machine.readU32(runtime.thread(s.thread.id)!.task, address), 1, 'one instruction earlier the word held 1');
  });

  it('steps back from the first stop of a thread created after the earliest snapshot', async () => {
    // The only earlier snapshot is the boot's, where the server thread does not exist: the search steps the
    // thread the re-execution creates, from its first instruction.
    launch(runtime, 'ipc-pair');
    const sumLine = lineOf('ipc-pair', 'unsigned sum = add(');
    runtime.setLineBreakpoints(sourceOf('ipc-pair'), [{ line: sumLine }]);
    let stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    assert.strictEqual(lineOfThread(runtime, s.thread), sumLine);
    runtime.setLineBreakpoints(sourceOf('ipc-pair'), []);
    stopped = nextStop(runtime);
    assert.strictEqual(runtime.stepBack(s.thread, false), undefined);
    const back = await stopped;
    assert.match(back.description ?? '', /^stepped back to instruction \d+/);
    assert.strictEqual(back.thread, runtime.thread(s.thread.id));
    assert.strictEqual(lineOfThread(runtime, back.thread), lineOf('ipc-pair', 'l4_msg_regs_t *mr = l4_utcb_mr();'));
  });

  it('stops at a capability fault the filter asks for, as an exception of that filter', async () => {
    launch(runtime, 'faults');
    assert.deepStrictEqual(runtime.setEventFilters([{ filterId: 'capfault', condition: 'slot == 0x1f0' }]), [{ enabled: true }]);
    const stopped = nextStop(runtime);
    runtime.start();
    const s = await stopped;
    assert.strictEqual(s.reason, 'exception');
    assert.strictEqual(s.exception?.id, 'capfault');
    assert.match(s.description ?? '', /faults:main invoked empty slot 496/);
  });

  it('pauses a program that never ends at the next host tick', async () => {
    launch(runtime, 'spin');
    runtime.start();
    await new Promise((r) => setImmediate(r));
    assert.ok(runtime.isRunning);
    const stopped = nextStop(runtime);
    runtime.pause();
    const s = await stopped;
    assert.strictEqual(s.reason, 'pause');
    assert.ok(!runtime.isRunning);
  });

  it('pauses a long travel back at once, at a position of the run; the program goes on from there', async () => {
    launch(runtime, 'spin');
    runtime.start();
    const m = runtime.machine!;
    while (m.instructions < 40_000_000) await new Promise((r) => setTimeout(r, 20));
    let stopped = nextStop(runtime);
    runtime.pause();
    const first = await stopped;
    const now = m.instructions;
    // No breakpoint anywhere: reverse continue would re-execute the whole run back to the boot.
    assert.strictEqual(runtime.reverseContinue(first.thread), undefined);
    assert.ok(runtime.isRunning, 'a travel counts as running');
    assert.match(runtime.travelProblem() ?? '', /needs the program to be stopped/);
    await new Promise((r) => setTimeout(r, 50));
    stopped = nextStop(runtime);
    runtime.pause();
    const paused = await stopped;
    assert.strictEqual(paused.reason, 'pause');
    assert.match(paused.description ?? '', /^travel paused at instruction \d+$/);
    assert.ok(m.instructions < now, `paused before where the travel began (${m.instructions} < ${now})`);
    assert.ok(!runtime.isRunning);
    assert.strictEqual(runtime.travel.replaying, false);
    // From the paused position the program runs on.
    const at = m.instructions;
    runtime.continue();
    await new Promise((r) => setTimeout(r, 50));
    stopped = nextStop(runtime);
    runtime.pause();
    await stopped;
    assert.ok(m.instructions > at);
  });

  it('reports the end of the boot with the exit code', async () => {
    launch(runtime, 'watch-loop');
    const exited = new Promise<{ exitCode: number; reason: string }>((resolve) => runtime.events.on('exited', resolve));
    const printed: string[] = [];
    runtime.events.on('program-output', ({ text }) => printed.push(text));
    runtime.start();
    const e = await exited;
    assert.strictEqual(e.exitCode, 0);
    assert.match(printed.join(''), /target 2000/);
  });
});
