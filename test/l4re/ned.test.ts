// ned: Lua boot scripts run by our ned (servers/pkg/ned, its Lua in emulator/lua-coprocessor/), the L4 module,
// tagged logs, and errors that name the script's file and line. Uses the prebuilt lecture programs, so it
// needs no compiler.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { nedLine, nedScriptWorkspace, runEntry } from './l4re-helpers';

const scriptWorkspace = (scripts: Record<string, string>): string => nedScriptWorkspace(scripts, 'ned-test-');
/** How ned's log shows a script error. */
const NED_ERROR = 'ned: ';

describe('ned: Lua boot scripts', function () {
  this.timeout(60_000);

  it('runs a script that starts a program with a tagged log', () => {
    const conf = scriptWorkspace({
      'one.cfg': 'local L4 = require("L4")\nL4.default_loader:start({ log = { "greeter", "c" } }, "rom/hello")\n',
    });
    const run = runEntry(conf, 'one');
    assert.strictEqual(run.result.kind, 'ended', JSON.stringify(run.result));
    assert.strictEqual(run.output, 'greeter | Hello World!\ngreeter | I am rom/hello, started by moe.\n');
  });

  it('gives a program without log options its own name as tag', () => {
    const conf = scriptWorkspace({ 'plain.cfg': 'require("L4").default_loader:start({}, "rom/hello")\n' });
    assert.match(runEntry(conf, 'plain').output, /^hello   \| Hello World!\n/);
  });

  it('connects a client and a server through new_channel() and svr()', () => {
    const conf = scriptWorkspace({
      'cs.lua': [
        'local L4 = require("L4")',
        'local ld = L4.default_loader',
        'local ch = ld:new_channel()',
        'ld:start({ caps = { channel = ch:svr() }, log = { "srv", "b" } }, "rom/ipc-server")',
        'ld:start({ caps = { channel = ch }, log = { "cli", "g" } }, "rom/ipc-client")',
      ].join('\n'),
    });
    const run = runEntry(conf, 'cs');
    assert.match(run.output, /^srv     \| server: ready\n/);
    for (let x = 1; x <= 5; x++) assert.ok(run.output.includes(`cli     | client: ${x} squared is ${x * x}\n`), run.output);
    assert.ok(run.output.includes('srv     | server: request 3 (label 0x10)\n'), run.output);
    assert.ok(run.output.endsWith('cli     | client: done\n'), run.output);
  });

  it('a client without the channel capability gets an invalid cap', () => {
    const conf = scriptWorkspace({ 'nocap.cfg': 'require("L4").default_loader:start({ log = {"cli"} }, "rom/ipc-client")\n' });
    assert.strictEqual(runEntry(conf, 'nocap').output, "cli     | no capability named 'channel'\n");
  });

  /** The script of the API test; `kinds`: tostring of a capability names the object's kind (the built-in ned's does). */
  const apiScript = (kinds: boolean): string => [
    'local L4 = require("L4")',
    'assert(L4 == require("L4"))',
    'assert(L4.Proto.Ipc_gate == 0 and L4.Proto.Log == -13 and L4.Proto.Scheduler == -14)',
    'assert(L4.Proto.Factory == -15 and L4.Proto.Irq_sender == -18 and L4.Proto.Semaphore == -20)',
    'assert(L4.Proto.Dataspace == 0x4000 and L4.Proto.Namespace == 0x4001)',
    'assert(L4.Rights.r == 4 and L4.Rights.w == 1 and L4.Rights.s == 2 and L4.Rights.d == 8 and L4.Rights.rws == 7)',
    'for _, n in ipairs({"log", "factory", "mem_alloc", "scheduler", "rom"}) do assert(L4.Env[n], n) end',
    'local ch = L4.default_loader:new_channel()',
    `assert(tostring(ch:m("rw")):find("${kinds ? 'IpcGate' : 'L4::Cap<'}") and tostring(ch:m("rw")):find(", rw>"))`,
    'assert(tostring(ch:svr()):find(", rws>"))',
    ...[['Semaphore', 'Semaphore'], ['Irq_sender', 'Irq'], ['Ipc_gate', 'IpcGate'], ['Factory, 4096', 'Factory']]
      .map(([args, kind]) => `assert(tostring(L4.Env.factory:create(L4.Proto.${args})):find("${kinds ? kind : 'L4::Cap<'}"))`),
    // A log comes from moe's factory (mem_alloc) on the real system: the kernel's factory makes none.
    `assert(tostring(L4.Env.${kinds ? 'factory' : 'mem_alloc'}:create(L4.Proto.Log, "x", "r")):find("${kinds ? 'Log' : 'L4::Cap<'}"))`,
    'assert(io == nil and os == nil and dofile == nil)',
    'math.randomseed(7); local a = math.random(1, 1000); math.randomseed(7); assert(a == math.random(1, 1000))',
    'print("api ok", 1 + 1, nil, true)',
    'L4.default_loader:start({}, "rom/hello")',
  ].join('\n');

  it('provides L4.Proto, L4.Rights, L4.Env, cap:m(), factory:create() and a deterministic Lua', () => {
    const conf = scriptWorkspace({ 'api.cfg': apiScript(false) });
    const { output } = runEntry(conf, 'api');
    assert.ok(output.startsWith(nedLine('api ok\t2\tnil\ttrue')), output);
  });

  it('passes script arguments and program arguments', () => {
    const conf = scriptWorkspace({ 'args.cfg': 'local a, b = ...\nprint(a, b)\nrequire("L4").default_loader:startv({}, "rom/hello", "x y")\n' });
    const text = fs.readFileSync(conf, 'utf8').replace('roottask moe rom/args.cfg', 'roottask moe rom/args.cfg first second');
    fs.writeFileSync(conf, text);
    const { output } = runEntry(conf, 'args');
    assert.ok(output.startsWith(`${nedLine('first\tsecond')}hello   | Hello World!\n`), output);
  });

  describe('errors: ned prints them with the script\'s file and line, and the boot ends with status 1', () => {
    /** ned's error line ("ned: MESSAGE", with the workspace's directory as DIR) and the boot's exit status. */
    const nedError = (conf: string, entry: string): { line: string; status: number | false } => {
      const run = runEntry(conf, entry);
      const line = run.output.split('\n').find((l) => l.startsWith(NED_ERROR));
      assert.ok(line, `no error line of ned in:\n${run.output}`);
      return { line: line.slice(NED_ERROR.length).split(path.dirname(conf)).join('DIR'), status: run.result.kind === 'ended' && run.result.exitCode };
    };
    const MODULES = 'l4re, ned, bad.cfg, hello, ipc-server, ipc-client';
    const cases: Array<{ what: string; script: string; error: string }> = [
      { what: 'a Lua syntax error', script: 'local L4 = require("L4")\n\nlocal x = = 3\n', error: "DIR/bad.cfg:3: unexpected symbol near '='" },
      { what: 'a call of an undefined function', script: 'local L4 = require("L4")\n\n\nL4.default_loader:begin({}, "rom/hello")\n', error: "DIR/bad.cfg:4: attempt to call a nil value (method 'begin')" },
      { what: 'a program that is no module', script: 'local L4 = require("L4")\nL4.default_loader:start({}, "rom/nothere")\n', error: `DIR/bad.cfg:2: start(): rom/nothere names no module of entry "bad" (modules: ${MODULES}); add "module nothere" to it` },
      { what: 'a program without rom/', script: 'require("L4").default_loader:start({}, "hello")\n', error: 'DIR/bad.cfg:1: start(): program "hello" is not a rom/ name; write "rom/hello"' },
      { what: 'an unknown right', script: 'local ch = require("L4").default_loader:new_channel()\nlocal x = ch:m("rwx")\n', error: `DIR/bad.cfg:2: cap:m(): unknown right 'x' in "rwx" (use the letters r, w, s, d)` },
      { what: 'a cap that is not a capability', script: 'require("L4").default_loader:start({ caps = { a = 5 } }, "rom/hello")\n', error: 'DIR/bad.cfg:1: start(): caps.a is not a capability (got number)' },
      { what: 'start called with a dot', script: 'local L4 = require("L4")\nL4.default_loader.start({}, "rom/hello")\n', error: 'DIR/bad.cfg:2: call it as L4.default_loader:start(...) (with a colon)' },
      { what: 'error() in the script', script: 'local L4 = require("L4")\nerror("custom failure")\n', error: 'DIR/bad.cfg:2: custom failure' },
    ];
    for (const c of cases) {
      it(c.what, () => {
        const conf = scriptWorkspace({ 'bad.cfg': c.script });
        assert.deepStrictEqual(nedError(conf, 'bad'), { line: c.error, status: 1 });
      });
    }

    it('a script that is not a module of the entry', () => {
      const conf = scriptWorkspace({ 'x.cfg': '' });
      fs.writeFileSync(conf, 'entry x\nroottask moe rom/missing.cfg\nmodule l4re\nmodule ned\nmodule hello\n');
      assert.deepStrictEqual(nedError(conf, 'x'), { line: 'the script rom/missing.cfg is not in rom/ (error -2): add it as a module of the entry', status: 1 });
    });

    it('a script that starts nothing', () => {
      const conf = scriptWorkspace({ 'idle.cfg': 'print("nothing")\n' });
      assert.deepStrictEqual(nedError(conf, 'idle'), { line: 'the script rom/idle.cfg started no program; call L4.default_loader:start({}, "rom/PROGRAM")', status: 1 });
    });
  });
});

