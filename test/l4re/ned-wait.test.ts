// ned scripts that wait: `app:wait()` suspends the script until the program exits, and the rest of the
// script runs while the machine runs, starting further programs. Our ned (servers/pkg/ned, its Lua in the
// coprocessor, emulator/lua-coprocessor/) serves its programs' exits meanwhile. Uses the prebuilt lecture
// programs (hello exits with 0; ipc-client without its "channel" capability exits with 1).
import * as assert from 'assert';
import * as path from 'path';
import { Machine, SliceResult } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { collectOutput, nedLine, nedScriptWorkspace, onlyServersLeft, runEntry, taggedLine } from './l4re-helpers';

/** Our own ned (servers/bin/ned), whichever servers the search path has. */
const ROLES = 'user-level' as const;

const scriptWorkspace = (scripts: Record<string, string>): string => nedScriptWorkspace(scripts, 'ned-wait-test-');

const ned = (text: string): string => nedLine(text);
const hello = (tag: string): string => taggedLine(tag, 'Hello World!') + taggedLine(tag, 'I am rom/hello, started by moe.');
/** The machine ends with the servers (sigma0, moe, ned) waiting for requests, as on the real system. */
const SERVERS_WAIT = /^every thread is blocked with no timeout pending: /;

describe('ned: scripts that wait for their programs', function () {
  this.timeout(60_000);

  it('runs A to its end, then the rest of the script starts B (Machine.boot + runSlice)', () => {
    const conf = scriptWorkspace({
      'seq.cfg': [
        'local L4 = require("L4")',
        'local a = L4.default_loader:start({ log = { "first" } }, "rom/hello")',
        'print("started", a.name)',
        'local code = a:wait()',
        'print("first exited with", code)',
        'L4.default_loader:start({ log = { "second" } }, "rom/hello")',
        'print("script done")',
      ].join('\n'),
    });
    const machine = Machine.boot({ modulesList: conf, entry: 'seq', roles: ROLES });
    const out = collectOutput(machine);
    // The programs' lives in order: the second hello is created only after the first exited.
    const lives: string[] = [];
    machine.events.on('thread-created', (t: Thread) => t.task.name === 'hello' && lives.push('created'));
    machine.events.on('task-exited', ({ task }) => task.name === 'hello' && lives.push('exited'));
    let result: SliceResult = { kind: 'budget' };
    let slices = 0;
    while (machine.instructions < 100_000_000) {
      result = machine.runSlice(1_000);
      slices++;
      if (result.kind !== 'budget') break;
    }
    assert.ok(slices > 2, `ran in ${slices} slices`);
    assert.strictEqual(result.kind, 'ended');
    assert.strictEqual(result.kind === 'ended' && result.exitCode, 0);
    assert.match(result.kind === 'ended' ? result.reason : '', SERVERS_WAIT);
    assert.strictEqual(out.output, ned('started\thello') + hello('first') + ned('first exited with\t0') + ned('script done') + hello('second'));
    assert.deepStrictEqual(lives, ['created', 'exited', 'created', 'exited']);
  });

  it('returns the exit code from wait(), and the boot ends with the first program\'s status', () => {
    const conf = scriptWorkspace({
      'code.cfg': [
        'local L4 = require("L4")',
        'local c = L4.default_loader:start({ log = { "cli" } }, "rom/ipc-client")',
        'local code = c:wait()',
        'print("client exit code", code, math.type(code))',
        'print("again", c:wait())',
        'L4.default_loader:start({ log = { "after" } }, "rom/hello"):wait()',
      ].join('\n'),
    });
    const run = runEntry(conf, 'code', undefined, ROLES);
    assert.strictEqual(run.result.kind === 'ended' && run.result.exitCode, 1, JSON.stringify(run.result));
    assert.ok(onlyServersLeft(run), JSON.stringify(run.result));
    assert.strictEqual(run.output, taggedLine('cli', "no capability named 'channel'") + ned('client exit code\t1\tinteger') + ned('again\t1') + hello('after'));
  });

  it('ends with the first program\'s status though later ones exit otherwise, and with 1 when the script started none', () => {
    const conf = scriptWorkspace({
      'firstok.cfg': 'local L4 = require("L4")\nL4.default_loader:start({}, "rom/hello"):wait()\nL4.default_loader:start({}, "rom/ipc-client"):wait()\n',
      'none.cfg': 'print("no program")\n',
      'failed.cfg': 'error("before any program")\n',
    });
    const status = (entry: string): number | false => {
      const r = runEntry(conf, entry, undefined, ROLES).result;
      return r.kind === 'ended' && r.exitCode;
    };
    assert.strictEqual(status('firstok'), 0);
    assert.strictEqual(status('none'), 1);
    assert.strictEqual(status('failed'), 1);
  });

  it('answers wait() for a program that is gone at once, also inside a coroutine or a sort function', () => {
    const conf = scriptWorkspace({
      'gone.cfg': [
        'local L4 = require("L4")',
        'local a = L4.default_loader:start({ log = { "cli" } }, "rom/ipc-client")',
        'a:wait()',
        'print("in a coroutine", coroutine.wrap(function() return a:wait() end)())',
        'local t = { 2, 1 }',
        'table.sort(t, function(x, y) return a:wait() == 1 and x < y end)',
        'print("sorted", t[1], t[2])',
      ].join('\n'),
    });
    const run = runEntry(conf, 'gone', undefined, ROLES);
    assert.strictEqual(run.output, taggedLine('cli', "no capability named 'channel'") + ned('in a coroutine\t1') + ned('sorted\t1\t2'));
  });

  it('runs a loop of start-and-wait, one program at a time', () => {
    const conf = scriptWorkspace({
      'loop.lua': 'local L4 = require("L4")\nfor i = 1, 3 do\n  L4.default_loader:start({ log = { "run" .. i } }, "rom/hello"):wait()\n  print("done", i)\nend\n',
    });
    const run = runEntry(conf, 'loop', undefined, ROLES);
    assert.ok(onlyServersLeft(run), JSON.stringify(run.result));
    assert.strictEqual(run.output, [1, 2, 3].map((i) => hello(`run${i}`) + ned(`done\t${i}`)).join(''));
  });

  it('keeps running programs that were started before the wait', () => {
    const conf = scriptWorkspace({
      'cs.cfg': [
        'local L4 = require("L4")',
        'local ld = L4.default_loader',
        'local ch = ld:new_channel()',
        'ld:start({ caps = { channel = ch:svr() }, log = { "srv" } }, "rom/ipc-server")',
        'local cli = ld:start({ caps = { channel = ch }, log = { "cli" } }, "rom/ipc-client")',
        'print("client ended", cli:wait())',
      ].join('\n'),
    });
    const run = runEntry(conf, 'cs', undefined, ROLES);
    assert.ok(run.output.indexOf('cli     | client: done\n') < run.output.indexOf(ned('client ended\t0')), run.output);
    assert.ok(run.output.endsWith(ned('client ended\t0')), run.output);
    // The server waits for requests forever, beside our servers: the machine ends because every thread is blocked.
    assert.strictEqual(run.result.kind, 'ended');
    assert.match((run.result as { reason: string }).reason, /every thread is blocked.*ipc-server/);
  });

  it('is deterministic', () => {
    const conf = scriptWorkspace({
      'det.cfg': 'local L4 = require("L4")\nL4.default_loader:start({}, "rom/hello"):wait()\nL4.default_loader:start({}, "rom/ipc-client"):wait()\n',
    });
    const a = runEntry(conf, 'det', undefined, ROLES);
    const b = runEntry(conf, 'det', undefined, ROLES);
    assert.strictEqual(a.output, b.output);
    assert.strictEqual(a.instructions, b.instructions);
    assert.deepStrictEqual(a.result, b.result);
  });

  describe('errors after a wait are reported on ned\'s log, not thrown', () => {
    it('error() in the script', () => {
      const conf = scriptWorkspace({ 'late.cfg': 'local L4 = require("L4")\nL4.default_loader:start({}, "rom/hello"):wait()\n\nerror("late failure")\nprint("never")\n' });
      const run = runEntry(conf, 'late', undefined, ROLES);
      const file = path.join(path.dirname(conf), 'late.cfg');
      assert.strictEqual(run.result.kind === 'ended' && run.result.exitCode, 0, JSON.stringify(run.result));
      assert.ok(onlyServersLeft(run), JSON.stringify(run.result));
      assert.strictEqual(run.output, hello('hello') + ned(`ned: ${file}:4: late failure`));
    });

    it('a program that is no module, started at run time; programs already running go on', () => {
      const conf = scriptWorkspace({
        'missing.cfg': [
          'local L4 = require("L4")',
          'local ld = L4.default_loader',
          'local ch = ld:new_channel()',
          'ld:start({ caps = { channel = ch:svr() }, log = { "srv" } }, "rom/ipc-server")',
          'ld:start({ log = { "cli" } }, "rom/ipc-client"):wait()',
          'ld:start({}, "rom/nothere")',
          'print("never")',
        ].join('\n'),
      });
      const run = runEntry(conf, 'missing', undefined, ROLES);
      const file = path.join(path.dirname(conf), 'missing.cfg');
      assert.match(run.output, new RegExp(`(^|\\n)ned: ${file.replace(/[.\\/]/g, '\\$&')}:6: start\\(\\): rom/nothere names no module of entry "missing"`));
      assert.ok(!run.output.includes('never'), run.output);
      assert.match(run.output, /^srv     \| server: ready\n/);
      assert.strictEqual(run.result.kind, 'ended');
    });
  });

  describe('waiting where the script cannot be suspended is a script error with the line; its programs run on', () => {
    const cases: Array<{ what: string; script: string; line: number; message: RegExp }> = [
      {
        what: 'wait() inside a coroutine of the script',
        script: 'local L4 = require("L4")\nlocal a = L4.default_loader:start({}, "rom/hello")\ncoroutine.wrap(function()\n  a:wait()\nend)()\n',
        // coroutine.wrap puts its own position (line 3) in front of the error raised inside (line 4).
        line: 3,
        message: /^rom\/bad\.cfg:4: app:wait\(\): hello can be waited for only in the script's own code, not inside a coroutine it created$/,
      },
      {
        what: 'wait() inside a sort function',
        script: 'local L4 = require("L4")\nlocal a = L4.default_loader:start({}, "rom/hello")\ntable.sort({ 2, 1 }, function(x, y)\n  a:wait()\n  return x < y\nend)\n',
        line: 4,
        message: /^app:wait\(\): cannot wait for hello here \(inside a metamethod, an iterator or a sort function\)$/,
      },
      {
        what: 'coroutine.yield() at the top level',
        script: 'require("L4").default_loader:start({}, "rom/hello")\ncoroutine.yield()\n',
        line: 2,
        message: /^coroutine\.yield\(\) outside a coroutine: only app:wait\(\) suspends the script$/,
      },
    ];
    for (const c of cases) {
      it(c.what, () => {
        const conf = scriptWorkspace({ 'bad.cfg': `${c.script}print("never")\n` });
        const file = path.join(path.dirname(conf), 'bad.cfg');
        const run = runEntry(conf, 'bad', undefined, ROLES);
        const prefix = `ned: ${file}:${c.line}: `;
        const line = run.output.split('\n').find((l) => l.startsWith(prefix));
        assert.ok(line, run.output);
        assert.match(line.slice(prefix.length), c.message);
        assert.ok(!run.output.includes('never'), run.output);
        assert.ok(run.output.includes(hello('hello')), run.output);
      });
    }
  });
});
