// roles=user-level: every lecture example runs on our own sigma0, moe, l4re and ned in C (servers/bin), and
// the programs print exactly what they print on the built-in roles. Needs no real L4Re build.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');
/** The entries moe starts directly (--init=rom/NAME). */
const MOE_ENTRIES = ['hello', 'hello-syscall', 'counter-mutex', 'serializer', 'pager', 'exception-handler', 'irq', 'sleep', 'capabilities'];
/** Colour sequences (SGR) of moe's tagged logs. */
const SGR = /\x1b\[[0-9;]*m/g;

/** Everything the boot prints, run to its end (bounded). */
function output(entry: string, roles: RolePolicy, limit = 400_000_000): { text: string; roles: string[] } {
  const m = Machine.boot({ modulesList: LECTURE, entry, roles });
  let text = '';
  m.events.on('output', (e) => { text += e.text; });
  while (m.retiredInstructions < limit && m.runSlice(2_000_000).kind !== 'ended') { /* run */ }
  return { text, roles: m.plan.roles.map((r) => `${r.role}=${r.taken === 'file' ? path.basename(path.dirname(r.path ?? '')) + '/' + path.basename(r.path ?? '') : 'built-in'}`) };
}

/** The programs' own lines: what comes after our moe's "loading 'rom/NAME'" line (NAME = ned for ned's entries). */
function programLines(text: string, init: string): string {
  const marker = `MOE: loading 'rom/${init}'\n`;
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `no ${JSON.stringify(marker)} in:\n${text}`);
  return text.slice(at + marker.length);
}

describe('roles=user-level: our own sigma0, moe, l4re and ned run the lecture examples', function () {
  this.timeout(180_000);

  it('finds servers/bin with sigma0, moe, l4re and ned in this installation', () => {
    const dir = userLevelServersDir();
    assert.ok(dir && dir.endsWith(path.join('servers', 'bin')), String(dir));
  });

  it('takes every role from servers/bin and boots through our sigma0 and moe', () => {
    const r = output('hello', 'user-level');
    assert.deepStrictEqual(r.roles, ['sigma0=bin/sigma0', 'moe=bin/moe', 'l4re=bin/l4re']);
    assert.match(r.text, /^SIGMA0: Hello!\n/);
    assert.match(r.text, /\nMOE: Hello world\n/);
  });

  // counter-race is left out: how many updates it loses depends on the servers' timing by design.
  for (const entry of MOE_ENTRIES) {
    it(`${entry}: the program prints what it prints on the built-in roles`, () => {
      const builtin = output(entry, 'builtin').text;
      assert.strictEqual(programLines(output(entry, 'user-level').text, entry), builtin);
    });
  }

  // Every entry ned starts (a script in conf/*.cfg). Our moe's logs colour their lines as the real moe's do
  // (log = {"server", "b"}: ESC[34m ... ESC[0m); the built-in logs print no colours, so they are compared
  // without the colour sequences, and the colours are checked on their own.
  const NED_ENTRIES: Record<string, Record<string, string>> = { 'client-server': { server: '\x1b[34m', client: '\x1b[32m' } };
  for (const [entry, colours] of Object.entries(NED_ENTRIES)) {
    it(`${entry}: ned, our own, starts the programs of its script and they print what they print on the built-in roles`, () => {
      const r = output(entry, 'user-level');
      assert.ok(r.roles.includes('ned=bin/ned'), r.roles.join(', '));
      const lines = programLines(r.text, 'ned');
      assert.strictEqual(lines.replace(SGR, ''), output(entry, 'builtin').text);
      for (const line of lines.split('\n').filter((l) => l)) {
        const tag = line.replace(SGR, '').split(' ')[0];
        assert.ok(line.startsWith(colours[tag]), `${JSON.stringify(line)} is not coloured ${JSON.stringify(colours[tag])}`);
      }
    });
  }

  it('every entry of the lecture is covered here (moe-started or ned-started)', () => {
    const entries = [...fs.readFileSync(LECTURE, 'utf8').matchAll(/^entry\s+(\S+)/gm)].map((m) => m[1]);
    const covered = new Set([...MOE_ENTRIES, 'counter-race', ...Object.keys(NED_ENTRIES)]);
    assert.deepStrictEqual(entries.filter((e) => !covered.has(e)), []);
  });
});
