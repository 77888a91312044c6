// Which code is the servers' and which a program's, asked of a booted user-level system: the debugger's filters,
// entry stop and thread order and the CLI's fault report all rely on these answers.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { ServerCode } from '../../emulator/boot/server-code';
import { LECTURE_CONF } from '../l4re/l4re-helpers';
import type { Thread } from '../../emulator/kernel/thread';

describe('ServerCode: servers and programs told apart', function () {
  this.timeout(120_000);
  let machine: Machine;
  let code: ServerCode;

  before(() => {
    machine = Machine.boot({ modulesList: LECTURE_CONF, entry: 'client-server' });
    code = new ServerCode(machine.plan.roles);
    // Until the client is done and the server program waits for the next: every thread then sits in IPC.
    const settled = () => machine.threads().every((t) => t.state === 'receiving') && !machine.tasks().some((t) => t.name === 'ipc-client');
    while (machine.instructions < 20_000_000 && !settled()) machine.runSlice(100_000);
    assert.ok(settled(), machine.threads().map((t) => `${t.name}:${t.state}`).join());
  });

  const taskOf = (base: string) => machine.tasks().find((t) => t.image && path.basename(t.image.path) === base);

  it('sigma0, moe and ned are server tasks; a program task is not, though l4re runs inside it', () => {
    for (const server of ['sigma0', 'moe', 'ned']) assert.ok(taskOf(server) && code.isServerTask(taskOf(server)!), server);
    const programs = machine.tasks().filter((t) => t.image && !['sigma0', 'moe', 'ned'].includes(path.basename(t.image.path)));
    assert.deepStrictEqual(programs.map((t) => t.name), ['ipc-server']);
    for (const t of programs) assert.ok(!code.isServerTask(t), t.name);
    assert.ok(programs.some((t) => t.images.some((i) => path.basename(i.path) === 'l4re')), 'l4re announced in a program task');
  });

  it('a thread blocked in the syscall page runs the code that called it', () => {
    const blocked = (t: Thread) => t.state !== 'ready' && t.state !== 'running' && t.state !== 'dead';
    const moe = machine.threads().find((t) => t.task === taskOf('moe') && blocked(t));
    assert.ok(moe, 'a moe thread waits');
    assert.strictEqual(code.imageRunning(moe)?.path && path.basename(code.imageRunning(moe)!.path), 'moe');
    assert.ok(code.runsServerCode(moe));
    const program = machine.threads().find((t) => t.name === 'ipc-server:main' && blocked(t));
    assert.ok(program, machine.threads().map((t) => `${t.name}:${t.state}`).join());
    assert.ok(!code.runsServerCode(program!), `${program!.name} at ${program!.cpu.eip.toString(16)}`);
    assert.ok(!code.runsL4re(program!));
  });

  it("l4re: its threads run its code in ned's task and in the program's, and that is server code", () => {
    const l4reThreads = machine.threads().filter((t) => code.runsL4re(t));
    assert.deepStrictEqual(l4reThreads.map((t) => t.name).sort(), ['ipc-server:#ipc-server', 'ned:#ned']);
    for (const t of l4reThreads) assert.ok(code.runsServerCode(t), t.name);
  });
});
