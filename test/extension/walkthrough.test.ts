// The Getting Started walkthrough (package.json "walkthroughs"): its media ship in the package and every
// completion event can fire — a contributed command, or a context key the extension really sets.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const progress = fs.readFileSync(path.join(ROOT, 'extension', 'walkthrough-progress.ts'), 'utf8');
const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
/** VS Code's own context keys the steps use. */
const BUILTIN_KEYS = new Set(['resourceLangId', 'inDebugMode', 'debugType']);

interface Step { id: string; title: string; description: string; media: { markdown?: string; image?: string; svg?: string }; completionEvents: string[] }

describe('the Getting Started walkthrough', () => {
  const walk = pkg.contributes.walkthroughs?.[0];
  const steps: Step[] = walk?.steps ?? [];

  it('leads from a project to a stop on an IPC', () => {
    assert.deepStrictEqual(steps.map((s) => s.id), ['openProject', 'build', 'openModulesList', 'debugEntry', 'ipcFilter', 'ipcStop']);
  });

  it('every step has media that exists and that .vscodeignore ships', () => {
    assert.match(ignore, /^!media\/\*\*$/m);
    for (const s of steps) {
      const file = s.media.markdown ?? s.media.image ?? s.media.svg;
      assert.ok(file, `${s.id}: no media`);
      assert.ok(fs.existsSync(path.join(ROOT, file)), `${s.id}: ${file} is missing`);
    }
  });

  it('every completion event is a contributed command or a context key that is set', () => {
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const s of steps) {
      assert.ok(s.completionEvents.length > 0, `${s.id}: no completion event`);
      for (const ev of s.completionEvents) {
        const [kind, what] = [ev.slice(0, ev.indexOf(':')), ev.slice(ev.indexOf(':') + 1)];
        if (kind === 'onCommand') {
          assert.ok(commands.has(what), `${s.id}: ${what} is not contributed`);
        } else {
          assert.strictEqual(kind, 'onContext', `${s.id}: ${ev}`);
          // The key of each clause: "a && b == 'x'" names a and b.
          for (const key of what.split('&&').map((c) => c.trim().split(/\s|==|!=/)[0])) {
            if (BUILTIN_KEYS.has(key)) continue;
            assert.ok(progress.includes(`'${key}'`), `${s.id}: context key ${key} is never set by walkthrough-progress.ts`);
          }
        }
      }
    }
  });

  it('every command link of a step names a known command', () => {
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const s of steps) {
      for (const m of s.description.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(!m[1].startsWith('fiasco.') || commands.has(m[1]), `${s.id}: ${m[1]}`);
      }
    }
  });
});
