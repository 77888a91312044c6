// The Getting Started walkthrough (package.json "walkthroughs"): its media ship in the package and every
// completion event can fire — a contributed command, or a context key the extension pulses when the step is done.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { stepDoneContextKey, WALKTHROUGH_STEPS, WalkthroughProgress, WalkthroughStep } from '../../extension/walkthrough-steps';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const progress = fs.readFileSync(path.join(ROOT, 'extension', 'walkthrough-progress.ts'), 'utf8');
const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');

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

  it('every step ticks on its own pulsed context key (and on its command where it has one)', () => {
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    assert.deepStrictEqual(steps.map((s) => s.id), [...WALKTHROUGH_STEPS]);
    for (const s of steps) {
      // VS Code's own keys (resourceLangId, inDebugMode…) are no use: a condition that already holds when the
      // walkthrough service starts never ticks, and scoped keys (the editor's) are not seen by it at all.
      assert.ok(s.completionEvents.includes(`onContext:${stepDoneContextKey(s.id as WalkthroughStep)}`), `${s.id}: ${s.completionEvents}`);
      for (const ev of s.completionEvents) {
        const [kind, what] = [ev.slice(0, ev.indexOf(':')), ev.slice(ev.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(commands.has(what), `${s.id}: ${what} is not contributed`);
        else assert.strictEqual(ev, `onContext:${stepDoneContextKey(s.id as WalkthroughStep)}`, `${s.id}: ${ev}`);
      }
      assert.ok(progress.includes(`'${s.id}'`), `${s.id}: walkthrough-progress.ts never marks it done`);
    }
  });

  describe('WalkthroughProgress', () => {
    const make = (stored: string[] = []) => {
      const calls: string[] = [];
      let memory = stored;
      const p = new WalkthroughProgress(async (key, value) => { await Promise.resolve(); calls.push(`${key}=${value}`); }, { get: () => memory, set: (s) => { memory = [...s]; } });
      return { p, calls, memory: () => memory };
    };

    it('pulses the key of a step when it is done: true, then false again (a key left true would never tick later)', async () => {
      const { p, calls, memory } = make();
      await p.done('debugEntry');
      assert.deepStrictEqual(calls, ['fiasco.walkthrough.debugEntryDone=true', 'fiasco.walkthrough.debugEntryDone=false']);
      assert.deepStrictEqual(memory(), ['debugEntry']);
    });

    it('announces every step done so far again, in order, each true before its false', async () => {
      const { p, calls } = make(['ipcStop', 'openProject']);
      void p.done('build');
      await p.announce();
      assert.deepStrictEqual(calls, [
        'fiasco.walkthrough.buildDone=true', 'fiasco.walkthrough.buildDone=false',
        'fiasco.walkthrough.openProjectDone=true', 'fiasco.walkthrough.openProjectDone=false',
        'fiasco.walkthrough.buildDone=true', 'fiasco.walkthrough.buildDone=false',
        'fiasco.walkthrough.ipcStopDone=true', 'fiasco.walkthrough.ipcStopDone=false',
      ]);
    });

    it('remembers a step once, and a failing setContext does not stop later pulses', async () => {
      let fail = true;
      let memory: string[] = [];
      const calls: string[] = [];
      const p = new WalkthroughProgress(async (key, value) => {
        if (fail) { fail = false; throw new Error('no window'); }
        calls.push(`${key}=${value}`);
      }, { get: () => memory, set: (s) => { memory = [...s]; } });
      await p.done('ipcFilter');
      await p.done('ipcFilter');
      assert.deepStrictEqual(memory, ['ipcFilter']);
      assert.deepStrictEqual(calls, ['fiasco.walkthrough.ipcFilterDone=true', 'fiasco.walkthrough.ipcFilterDone=false']);
    });
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
