// ned scripts that wait: `app:wait()` suspends the script (a Lua coroutine) until the program exits, and the
// rest of the script runs while the machine runs, starting further programs. Uses the prebuilt lecture
// programs (hello exits with 0; ipc-client without its "channel" capability exits with 1).
import * as assert from 'assert';
import * as path from 'path';
import { Machine, SliceResult } from '../../emulator/machine';
import type { Thread } from '../../emulator/kernel/thread';
import { logLinePrefix } from '../../emulator/l4re/ned/tagged-log';
import { nedScriptWorkspace, runEntry } from './l4re-helpers';

/**
 * Pinned to the built-in ned. Our ned (servers/pkg/ned with the Lua coprocessor) waits since this change
 * (test/servers/ned.test.ts and the DAP test of a program ned starts after waiting cover it), but these tests
 * also check what ours does differently: the boot's exit status is the first program's, a script error after
 * a wait fails the boot, and wait() in a coroutine, a sort function or a top-level yield is a script error.
 */
const ROLES = 'builtin' as const;

const scriptWorkspace = (scripts: Record<string, string>): string => nedScriptWorkspace(scripts, 'ned-wait-test-');

const ned = (text: string): string => `${logLinePrefix('ned')}${text}\n`;
const hello = (tag: string): string => `${logLinePrefix(tag)}Hello World!\n${logLinePrefix(tag)}I am rom/hello, started by moe.\n`;

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
    let output = '';
    const created: string[] = [];
    const exited: string[] = [];
    machine.events.on('output', (e) => (output += e.text));
    machine.events.on('thread-created', (t: Thread) => created.push(t.task.name));
    machine.events.on('task-exited', ({ task }) => exited.push(task.name));
    // Only the first program exists after boot: the script is suspended in a:wait().
    assert.deepStrictEqual(machine.tasks().map((t) => t.name).filter((n) => n === 'hello').length, 1);
    let result: SliceResult = { kind: 'budget' };
    let slices = 0;
    while (machine.instructions < 100_000_000) {
      result = machine.runSlice(1_000);
      slices++;
      if (result.kind !== 'budget') break;
    }
    assert.ok(slices > 2, `ran in ${slices} slices`);
    assert.deepStrictEqual(result, { kind: 'ended', exitCode: 0, reason: 'all tasks exited' });
    assert.strictEqual(output, ned('started\thello') + hello('first') + ned('first exited with\t0') + ned('script done') + hello('second'));
    // The second program was created while the machine ran, after the first had exited.
    assert.deepStrictEqual(created, ['hello']);
    assert.deepStrictEqual(exited, ['hello', 'hello']);
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
    assert.deepStrictEqual(run.result, { kind: 'ended', exitCode: 1, reason: 'all tasks exited' });
    assert.strictEqual(run.output, `${logLinePrefix('cli')}no capability named 'channel'\n` + ned('client exit code\t1\tinteger') + ned('again\t1') + hello('after'));
  });

  it('runs a loop of start-and-wait, one program at a time', () => {
    const conf = scriptWorkspace({
      'loop.lua': 'local L4 = require("L4")\nfor i = 1, 3 do\n  L4.default_loader:start({ log = { "run" .. i } }, "rom/hello"):wait()\n  print("done", i)\nend\n',
    });
    const run = runEntry(conf, 'loop', undefined, ROLES);
    assert.strictEqual(run.result.kind, 'ended');
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
    // The server waits for requests forever: the machine ends only because every thread is blocked.
    assert.strictEqual(run.result.kind, 'ended');
    assert.match((run.result as { reason: string }).reason, /every thread is blocked/);
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
      assert.deepStrictEqual(run.result, { kind: 'ended', exitCode: 0, reason: 'all tasks exited' });
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
      assert.match(run.output, new RegExp(`${logLinePrefix('ned').replace('|', '\\|')}ned: ${file.replace(/[.\\/]/g, '\\$&')}:6: start\\(\\): rom/nothere names no module of entry "missing"`));
      assert.ok(!run.output.includes('never'), run.output);
      assert.match(run.output, /^srv     \| server: ready\n/);
      assert.strictEqual(run.result.kind, 'ended');
    });
  });

  describe('waiting where the script cannot be suspended fails at boot with the line', () => {
    const cases: Array<{ what: string; script: string; line?: number; message: RegExp }> = [
      {
        what: 'wait() inside a coroutine of the script',
        script: 'local L4 = require("L4")\nlocal a = L4.default_loader:start({}, "rom/hello")\ncoroutine.wrap(function()\n  a:wait()\nend)()\n',
        // coroutine.wrap puts its own position (line 3) in front of the error raised inside (line 4).
        line: 3,
        message: /rom\/bad\.cfg:4: app:wait\(\): hello can be waited for only in the script's own code/,
      },
      {
        what: 'wait() inside a sort function',
        script: 'local L4 = require("L4")\nlocal a = L4.default_loader:start({}, "rom/hello")\ntable.sort({ 2, 1 }, function(x, y)\n  a:wait()\n  return x < y\nend)\n',
        line: 4,
        message: /cannot wait for hello here/,
      },
      { what: 'coroutine.yield() at the top level', script: 'require("L4").default_loader:start({}, "rom/hello")\ncoroutine.yield()\n', message: /coroutine\.yield\(\) outside a coroutine/ },
    ];
    for (const c of cases) {
      it(c.what, () => {
        const conf = scriptWorkspace({ 'bad.cfg': c.script });
        const file = path.join(path.dirname(conf), 'bad.cfg');
        assert.throws(
          () => Machine.boot({ modulesList: conf, entry: 'bad', roles: ROLES }),
          (e: Error & { line?: number }) => {
            assert.ok(e.message.startsWith(`${file}${c.line ? `:${c.line}` : ''}: ned: `), e.message);
            assert.match(e.message, c.message);
            assert.strictEqual(e.line, c.line);
            return true;
          },
        );
      });
    }
  });
});
