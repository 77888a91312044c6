// ned's Lua script is bounded like a guest (issue 11, items 4 and 6): an endless loop is preempted and costs
// emulated time, a growing table ends in "not enough memory", and `require` reaches only the boot's rom.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { UNYIELDABLE_INSTRUCTIONS } from '../../emulator/lua-coprocessor/script-bounds';
import { INSTRUCTIONS_BEFORE_FIRST_PROGRAM } from '../../emulator/lua-coprocessor/lua-coprocessor';
import { LECTURE, nedScriptWorkspace, runEntry, writeFiles } from './l4re-helpers';

/** Boots and runs slices until `done(output)` or the instruction cap; returns what happened. */
function runUntil(conf: string, entry: string, done: (output: string) => boolean, cap = 400_000_000): { machine: Machine; output: string; slices: number } {
  const machine = Machine.boot({ modulesList: conf, entry });
  let output = '';
  machine.events.on('output', (e) => (output += e.text));
  let slices = 0;
  while (machine.retiredInstructions < cap && !done(output)) {
    const r = machine.runSlice(1_000_000);
    slices++;
    if (r.kind !== 'budget') break;
  }
  return { machine, output, slices };
}

describe('ned: bounded Lua scripts', function () {
  this.timeout(120_000);

  it('preempts an endless loop after the script started a program: the program runs, each slice returns', () => {
    const conf = nedScriptWorkspace({ 'spin.cfg': 'L4.default_loader:start({}, "rom/hello")\nwhile true do end\n' });
    const started = Date.now();
    const run = runUntil(conf, 'spin', () => false, 30_000_000);
    assert.match(run.output, /Hello World!/);
    assert.ok(run.slices >= 25, `the machine kept control: ${run.slices} slices`);
    assert.ok(run.machine.retiredInstructions >= 30_000_000, 'Lua instructions count as executed instructions');
    assert.ok(Date.now() - started < 60_000);
  });

  it('stops a script that loops forever before starting any program, naming its line; the boot fails', () => {
    const conf = nedScriptWorkspace({ 'forever.cfg': 'local n = 0\nwhile true do pcall(function() n = n + 1 end) end\n' });
    const run = runEntry(conf, 'forever', 1_000_000_000);
    const file = path.join(path.dirname(conf), 'forever.cfg');
    // A stop, not a Lua error: the script's pcall does not catch it.
    assert.ok(run.output.includes(`ned: ${file}:2: ned stopped the script: it ran ${INSTRUCTIONS_BEFORE_FIRST_PROGRAM} Lua instructions at boot without starting a program (an endless loop?)\n`), run.output);
    assert.strictEqual(run.result.kind === 'ended' && run.result.exitCode, 1, JSON.stringify(run.result));
    assert.ok(run.instructions < 2 * INSTRUCTIONS_BEFORE_FIRST_PROGRAM, `ended at ${run.instructions} instructions`);
  });

  it('charges the script\'s Lua instructions to the emulated clock', () => {
    const conf = nedScriptWorkspace({
      'count.cfg': 'for i = 1, 2000000 do end\nL4.default_loader:start({}, "rom/hello")\n',
      'none.cfg': 'L4.default_loader:start({}, "rom/hello")\n',
    });
    // The clock when hello has printed, with and without the loop before its start.
    const clockAtHello = (entry: string): number => runUntil(conf, entry, (o) => o.includes('Hello World!')).machine.instructions;
    const extra = clockAtHello('count') - clockAtHello('none');
    assert.ok(extra >= 1_900_000, `the loop cost ${extra} instructions of emulated time`);
  });

  it('ends a table that grows without end with the Lua error "not enough memory" at the script line', () => {
    const conf = nedScriptWorkspace({
      'grow.cfg': 'L4.default_loader:start({}, "rom/hello")\nlocal t, i = {}, 0\nwhile true do\n  i = i + 1\n  t[i] = string.rep("x", 20000) .. i\nend\n',
    });
    const before = process.memoryUsage().rss;
    // ned reports the script's error on its log, at the script's line; the program it started runs on.
    const run = runUntil(conf, 'grow', (o) => o.includes('not enough memory') && o.includes('Hello World!'));
    assert.match(run.output, /ned: \S*grow\.cfg:5: not enough memory \(the script holds about \d+\.\d MiB; ned allows 64\.0 MiB\)/);
    assert.ok(process.memoryUsage().rss - before < 1024 * 1024 * 1024, 'host memory stayed bounded');
  });

  it('reports "not enough memory" of a script that grows a table after boot on ned\'s log; the programs run on', () => {
    const conf = nedScriptWorkspace({
      'late.cfg': 'L4.default_loader:start({}, "rom/hello")\nfor i = 1, 6000000 do end\nlocal t, i = {}, 0\nwhile true do\n  i = i + 1\n  t[i] = string.rep("y", 20000) .. i\nend\n',
    });
    const run = runUntil(conf, 'late', (o) => o.includes('not enough memory'), 2_000_000_000);
    assert.match(run.output, /Hello World!/);
    assert.match(run.output, /ned: .*late\.cfg:\d: not enough memory/);
  });

  it('ends a string that doubles without end, and a huge string.rep, in "not enough memory"', () => {
    const conf = nedScriptWorkspace({
      'double.cfg': 'L4.default_loader:start({}, "rom/hello")\nlocal ok, e = pcall(string.rep, "x", 1e12)\nprint(ok, e)\nlocal s, keep = "x", {}\nwhile true do\n  s = s .. s\n  keep[#keep + 1] = s\nend\n',
    });
    const before = process.memoryUsage().rss;
    const run = runUntil(conf, 'double', (o) => /double\.cfg:\d: not enough memory/.test(o));
    assert.match(run.output, /(^|\n)false\tnot enough memory \(string\.rep of 1000000000000 bytes/);
    assert.match(run.output, /ned: \S*double\.cfg:\d: not enough memory/);
    assert.ok(process.memoryUsage().rss - before < 1024 * 1024 * 1024, 'host memory stayed bounded');
  });

  it('stops an endless loop inside a coroutine the script created, with an error naming the script', () => {
    const conf = nedScriptWorkspace({
      'inner.cfg': 'L4.default_loader:start({}, "rom/hello")\nlocal f = coroutine.wrap(function()\n  while true do end\nend)\nf()\n',
    });
    // The coroutine cannot be preempted (only the script's own level can), so it runs past its turn until
    // the hard bound, and ned reports the error with the script's position.
    const run = runUntil(conf, 'inner', (o) => o.includes('ned stopped the script'));
    assert.match(run.output, new RegExp(`inner\\.cfg:\\d+: .*ned stopped the script: it ran ${UNYIELDABLE_INSTRUCTIONS} Lua instructions inside a coroutine`));
  });

  it('require reaches rom modules only, never .lua or .js files of the host', () => {
    const dir = path.dirname(path.dirname(nedScriptWorkspace({ 'x.cfg': '' })));
    writeFiles(dir, {
      'conf/Makeconf.boot': `MODULE_SEARCH_PATH = ${path.join(LECTURE, 'bin')}:conf\n`,
      'conf/modules.lst': 'entry req\nroottask moe rom/req.cfg\nmodule l4re\nmodule ned\nmodule req.cfg\nmodule util.lua\nmodule hello\n',
      'conf/util.lua': 'return { answer = 42, name = ... }\n',
      'host/evil.lua': 'print("host Lua file ran")\nreturn {}\n',
      'host/evil.js': 'require("fs").writeFileSync(process.argv0 + ".pwned", "x"); module.exports = {};\n',
      'conf/req.cfg': [
        'local u = require("util")',
        'print("util", u.answer, u.name)',
        `package.path = "${dir}/host/?.lua"`,
        `package.cpath = "${dir}/host/?.js"`,
        'local ok, err = pcall(require, "evil")',
        'print("evil", ok, err)',
        'print("loadlib", package.loadlib, package.searchpath, #package.searchers)',
        'print("binary", load(string.dump(function() end)))',
        'L4.default_loader:start({}, "rom/hello")',
      ].join('\n'),
    });
    const run = runUntil(path.join(dir, 'conf', 'modules.lst'), 'req', (o) => o.includes('Hello World'));
    assert.match(run.output, /util\t42\tutil\n/);
    assert.match(run.output, /evil\tfalse\tmodule 'evil' not found:[\s\S]*no rom module 'evil\.lua' or 'evil' in this boot entry/);
    assert.doesNotMatch(run.output, /host Lua file ran/);
    assert.match(run.output, /loadlib\tnil\tnil\t2\n/);
    assert.match(run.output, /binary\tnil\t.*binary chunk/);
  });

  it('refuses a script that is not a regular file (a link to /dev/zero) at once, naming it', () => {
    const conf = nedScriptWorkspace({ 'ok.cfg': '' });
    fs.unlinkSync(path.join(path.dirname(conf), 'ok.cfg'));
    fs.symlinkSync('/dev/zero', path.join(path.dirname(conf), 'ok.cfg'));
    const started = Date.now();
    assert.throws(() => Machine.boot({ modulesList: conf, entry: 'ok' }), /module "ok\.cfg" not found/);
    assert.ok(Date.now() - started < 5000);
  });
});
