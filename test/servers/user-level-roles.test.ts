// roles=user-level: the lecture's examples that moe starts directly run on our own sigma0, moe and l4re in C
// (servers/bin), and the program prints exactly what it prints on the built-in roles. Needs no real L4Re build.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import type { RolePolicy } from '../../emulator/boot/role-resolution';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');

/** Everything the boot prints, run to its end (bounded). */
function output(entry: string, roles: RolePolicy, limit = 400_000_000): { text: string; roles: string[] } {
  const m = Machine.boot({ modulesList: LECTURE, entry, roles });
  let text = '';
  m.events.on('output', (e) => { text += e.text; });
  while (m.retiredInstructions < limit && m.runSlice(2_000_000).kind !== 'ended') { /* run */ }
  return { text, roles: m.plan.roles.map((r) => `${r.role}=${r.taken === 'file' ? path.basename(path.dirname(r.path ?? '')) + '/' + path.basename(r.path ?? '') : 'built-in'}`) };
}

/** The program's own lines: what comes after our moe's "loading 'rom/NAME'" line. */
function programLines(text: string, entry: string): string {
  const marker = `MOE: loading 'rom/${entry}'\n`;
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `no ${JSON.stringify(marker)} in:\n${text}`);
  return text.slice(at + marker.length);
}

describe('roles=user-level: our own sigma0, moe and l4re run the lecture examples', function () {
  this.timeout(180_000);

  it('finds servers/bin with sigma0, moe and l4re in this installation', () => {
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
  for (const entry of ['hello', 'hello-syscall', 'counter-mutex', 'serializer', 'pager', 'exception-handler', 'irq', 'sleep']) {
    it(`${entry}: the program prints what it prints on the built-in roles`, () => {
      const builtin = output(entry, 'builtin').text;
      assert.strictEqual(programLines(output(entry, 'user-level').text, entry), builtin);
    });
  }

  it('an entry started by ned is a clear error while ned is not one of our servers', () => {
    assert.throws(() => Machine.boot({ modulesList: LECTURE, entry: 'client-server', roles: 'user-level' }),
      /modules\.lst:\d+: ned: roles=user-level, but ned is not one of our user-level servers yet/);
  });
});
