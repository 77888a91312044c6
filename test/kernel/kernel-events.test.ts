// The kernel's typed events (machine.events), observed while guest test programs run: every kind fires,
// with payloads that describe what the guest did.
import * as assert from 'assert';
import type { Machine } from '../../emulator/machine';
import type { KernelEvents } from '../../emulator/kernel/kernel';
import { builtModulesList, describeResult, runEntry, skipReason } from './guest-workspace';
import { requireCapability } from '../support/require-tool';

type Recorded = { [K in keyof KernelEvents]: Array<KernelEvents[K]> };

const KINDS: Array<keyof KernelEvents> = [
  'output', 'thread-created', 'thread-exited', 'task-created', 'task-exited', 'syscall', 'ipc', 'page-fault',
  'exception', 'mapping', 'object-created', 'object-destroyed', 'thread-state', 'enter-debugger',
];

function listen<K extends keyof KernelEvents>(m: Machine, kind: K, into: Array<KernelEvents[K]>): void {
  m.events.on(kind, (e) => {
    into.push(e);
  });
}

/** Runs an entry with a listener on every event kind; the guest's own checks must pass too. */
function record(entry: string): Recorded {
  const rec = Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Recorded;
  const run = runEntry(builtModulesList(), entry, (m: Machine) => {
    for (const k of KINDS) listen(m, k, rec[k]);
  });
  assert.strictEqual(run.result.kind, 'ended', `${entry} ${describeResult(run.result)}:\n${run.output}`);
  return rec;
}

const PROTO_TASK = -11;
const PROTO_FACTORY = -15;
const label = (tag: number): number => tag >> 16;

describe('kernel: events', function () {
  this.timeout(120_000);
  let td: Recorded;

  before(function () {
    requireCapability(this, 'a C compiler for the 32-bit guest programs', skipReason());
    td = record('task-destroy');
  });

  it('task-created / task-exited: the created task T, destroyed with L4_FP_DELETE_OBJ', () => {
    // Listeners are attached after boot, so the program's own task is not among them; T is.
    assert.ok(td['task-created'].length >= 1, 'T was created');
    const t = td['task-created'][td['task-created'].length - 1];
    const exited = td['task-exited'].find((e) => e.task === t);
    assert.ok(exited, `T (${t.name}) was created but no task-exited event names it`);
    assert.ok(t.exited, 'the task object says exited');
    // The program's own task ends last, with exit code 0.
    const last = td['task-exited'][td['task-exited'].length - 1];
    assert.strictEqual(last.exitCode, 0);
  });

  it('thread-created / thread-exited: Thread objects with task-qualified names', () => {
    // After boot: the two probe threads and the thread bound to T.
    assert.ok(td['thread-created'].length >= 3, `${td['thread-created'].length} threads created`);
    for (const t of td['thread-created']) assert.match(t.name, /^[^:]+:.+/);
    assert.ok(td['thread-exited'].length >= 1);
    for (const t of td['thread-exited']) assert.strictEqual(t.state, 'dead');
  });

  it('syscall: thread, raw tag, EDX and the object invoked', () => {
    const factoryCalls = td.syscall.filter((e) => e.target?.kind === 'Factory' && label(e.tag) === PROTO_FACTORY);
    assert.ok(factoryCalls.length >= 3, 'factory invocations for the task, the thread and the gate');
    for (const e of factoryCalls) {
      assert.strictEqual(e.flags & 3, 3, 'a factory invocation is a call');
      // EDX = the factory's selector (l4re_env()->factory) | CALL; the same slot every time.
      assert.strictEqual(e.dest >>> 12, factoryCalls[0].dest >>> 12, 'one factory cap');
      assert.ok(e.dest >>> 12 > 0, 'a real slot');
      assert.ok(e.thread.name.length > 0);
    }
  });

  it('ipc: calls to the task object with their message words, and thread-to-thread IPC', () => {
    const taskCalls = td.ipc.filter((e) => e.kind === 'call' && e.to?.kind === 'Task' && label(e.tag) === PROTO_TASK);
    assert.ok(taskCalls.length >= 5, `${taskCalls.length} task calls`);
    const unmap = taskCalls.find((e) => e.words[0] === 1 && e.words[1] === 0xc0000000);
    assert.ok(unmap, 'the L4_FP_DELETE_OBJ unmap call, with MR0 = 1 and MR1 = the mask');
    // The probe threads talk to main through IPC: a call, and what the receiver got.
    assert.ok(td.ipc.some((e) => e.kind === 'call' && e.to?.kind === 'Thread'), 'a call to a thread');
    assert.ok(td.ipc.some((e) => e.kind === 'receive' && e.to?.kind === 'Thread' && e.words.length === 1), 'a one-word receive');
    assert.ok(td.ipc.some((e) => e.error !== undefined), 'the failing send to the dead thread carries an error');
  });

  it('mapping: caps and pages that arrive and leave, with the source task', () => {
    const t = td['task-created'][td['task-created'].length - 1];
    const logIntoT = td.mapping.find((e) => e.kind === 'cap' && e.task === t && e.index === 0x30 && e.object !== undefined);
    assert.ok(logIntoT, 'the log cap arriving in T slot 0x30');
    assert.ok(logIntoT.from && logIntoT.from !== t, 'from the program task');
    assert.ok(td.mapping.some((e) => e.kind === 'mem' && e.task === t && e.index === 0x10000000), 'the page arriving in T');
    assert.ok(td.mapping.some((e) => e.kind === 'cap' && e.object === undefined), 'a cap slot emptied');
    assert.ok(td.mapping.some((e) => e.kind === 'mem' && e.object === undefined), 'a page unmapped');
  });

  it('object-created / object-destroyed: the task, thread and gate; the deleted gate', () => {
    const kinds = td['object-created'].map((e) => e.object.kind);
    for (const k of ['Task', 'Thread', 'IpcGate']) assert.ok(kinds.includes(k), `no ${k} created: ${kinds.join(', ')}`);
    assert.ok(td['object-created'].every((e) => e.by !== undefined), 'each names the creating thread');
    assert.ok(td['object-destroyed'].some((e) => e.object.kind === 'IpcGate'), 'the deleted gate');
  });

  it('thread-state: transitions between named states', () => {
    assert.ok(td['thread-state'].length > 10);
    const states = new Set(['inactive', 'ready', 'running', 'sending', 'receiving', 'waiting-reply', 'sleeping', 'page-fault', 'faulted', 'dead']);
    for (const e of td['thread-state']) {
      assert.ok(states.has(e.from) && states.has(e.to) && e.from !== e.to, `${e.from} -> ${e.to}`);
    }
    assert.ok(td['thread-state'].some((e) => e.to === 'waiting-reply'), 'a caller waiting for its reply');
    assert.ok(td['thread-state'].some((e) => e.to === 'dead'), 'a thread dying');
  });

  it('page-fault: refused faults of the probe thread (address, eip, write, resolved)', () => {
    const f = td['page-fault'].filter((e) => e.address === 0x61000000);
    assert.ok(f.length >= 1, 'the probe read of ALIAS after T was destroyed');
    assert.strictEqual(f[0].write, false);
    assert.ok(f[0].eip > 0x08048000);
  });

  it('exception: handled CPU exceptions (#DE, #BP, #GP) are reported with trap number and error code', () => {
    const ex = record('exception-handler').exception;
    const traps = ex.map((e) => e.trapno);
    assert.deepStrictEqual(traps, [0, 3, 3, 13], `exception events: ${JSON.stringify(ex.map((e) => e.message))}`);
    assert.strictEqual(ex[3].errorCode, (0x80 << 3) | 2);
    for (const e of ex) assert.match(e.thread.name, /:/);
    // Raised, not judged: a handler takes each of these, so none may be announced as unhandled.
    for (const e of ex) assert.match(e.message, /^[^:]+:[^:]+: #(DE|BP|GP) [^,]*, eip 0x[0-9a-f]{8}/, e.message);
  });
});
