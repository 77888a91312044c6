// roles=user-level: every lecture example runs on our own sigma0, moe, l4re and ned in C (servers/bin), and
// the programs print exactly what they are written to print (below; until this session the same text the
// built-in TypeScript roles printed, which these tests compared with). Needs no real L4Re build.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');
/** The entries moe starts directly (--init=rom/NAME), and what their programs print. */
const MOE_ENTRIES: Record<string, string> = {
  'hello':
    'Hello World!\n' +
    'I am rom/hello, started by moe.\n',
  'hello-syscall':
    'hello\n',
  'counter-mutex':
    'counter = 2000000, expected 2000000\n' +
    'lost updates: 0\n',
  'serializer':
    'counter = 6000, expected 6000\n',
  'pager':
    'pager: read fault at 0x40000000, mapping frame 0\n' +
    'worker: reading page 0: 0x10ab\n' +
    'pager: read fault at 0x40001000, mapping frame 1\n' +
    'worker: reading page 1: 0x20ab\n' +
    'pager: write fault at 0x40002000, mapping frame 2\n' +
    'worker: wrote 0xcafe to page 2\n' +
    'pager: worker done after 3 page faults; page 2 holds 0xcafe\n',
  'exception-handler':
    'worker: computing 100 / 0\n' +
    'handler: exception 0 (divide error), ecx = 0\n' +
    'handler: set ecx to 4 and resume the worker\n' +
    'worker: 100 / divisor = 25\n' +
    'handler: worker done\n',
  'irq':
    'interrupt 1: label 0x42 after 10 ms\n' +
    'interrupt 2: label 0x42 after 20 ms\n' +
    'interrupt 3: label 0x42 after 30 ms\n' +
    'interrupt 4: label 0x42 after 40 ms\n' +
    'interrupt 5: label 0x42 after 50 ms\n' +
    '5 interrupts received\n',
  'sleep':
    'l4_sleep(100) returned after 100 ms\n' +
    'l4_sleep(200) returned after 200 ms\n' +
    'l4_sleep(300) returned after 300 ms\n' +
    'done sleeping\n',
  'capabilities':
    'capabilities mapped: main -> sandbox -> guest\n',
};
/** Colour sequences (SGR) of moe's tagged logs. */
const SGR = /\x1b\[[0-9;]*m/g;

/** Everything the boot prints, run to its end (bounded). */
function output(entry: string, roles: RolePolicy, limit = 400_000_000): { text: string; roles: string[] } {
  const m = Machine.boot({ modulesList: LECTURE, entry, roles });
  let text = '';
  m.events.on('output', (e) => { text += e.text; });
  while (m.retiredInstructions < limit && m.runSlice(2_000_000).kind !== 'ended') { /* run */ }
  return { text, roles: m.plan.roles.map((r) => `${r.role}=${path.basename(path.dirname(r.path))}/${path.basename(r.path)}`) };
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
  for (const [entry, expected] of Object.entries(MOE_ENTRIES)) {
    it(`${entry}: the program prints what it is written to print`, () => {
      assert.strictEqual(programLines(output(entry, 'user-level').text, entry), expected);
    });
  }

  // Every entry ned starts (a script in conf/*.cfg), with its tagged lines. Our moe's logs colour their lines
  // as the real moe's do (log = {"server", "b"}: ESC[34m ... ESC[0m): the text is compared without the
  // colour sequences, and the colours are checked on their own.
  const NED_ENTRIES: Record<string, { colours: Record<string, string>; text: string }> = {
    'client-server': {
      colours: { server: '\x1b[34m', client: '\x1b[32m' },
      text:
        'server  | server: ready\n' +
        'server  | server: request 1 (label 0x10)\n' +
        'client  | client: 1 squared is 1\n' +
        'server  | server: request 2 (label 0x10)\n' +
        'client  | client: 2 squared is 4\n' +
        'server  | server: request 3 (label 0x10)\n' +
        'client  | client: 3 squared is 9\n' +
        'server  | server: request 4 (label 0x10)\n' +
        'client  | client: 4 squared is 16\n' +
        'server  | server: request 5 (label 0x10)\n' +
        'client  | client: 5 squared is 25\n' +
        'client  | client: done\n',
    },
  };
  for (const [entry, { colours, text }] of Object.entries(NED_ENTRIES)) {
    it(`${entry}: ned, our own, starts the programs of its script and they print what they are written to print`, () => {
      const r = output(entry, 'user-level');
      assert.ok(r.roles.includes('ned=bin/ned'), r.roles.join(', '));
      const lines = programLines(r.text, 'ned');
      assert.strictEqual(lines.replace(SGR, ''), text);
      for (const line of lines.split('\n').filter((l) => l)) {
        const tag = line.replace(SGR, '').split(' ')[0];
        assert.ok(line.startsWith(colours[tag]), `${JSON.stringify(line)} is not coloured ${JSON.stringify(colours[tag])}`);
      }
    });
  }

  it('every entry of the lecture is covered here (moe-started or ned-started)', () => {
    const entries = [...fs.readFileSync(LECTURE, 'utf8').matchAll(/^entry\s+(\S+)/gm)].map((m) => m[1]);
    const covered = new Set([...Object.keys(MOE_ENTRIES), 'counter-race', ...Object.keys(NED_ENTRIES)]);
    assert.deepStrictEqual(entries.filter((e) => !covered.has(e)), []);
  });
});
