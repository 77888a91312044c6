import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { circlesIn, importGraph, isRuntimeCircle, stronglyConnected } from '../support/import-graph';

/** The repository root, from out/test/structure. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The one circle the kernel keeps, at the type level only: `Kobject.invoke` names the calling `Thread` and the
 * `KernelServices`, which name `Task` and `Thread`; a thread and a task run their protocols from
 * thread-object.ts and task-object.ts, which name them back. Cutting it would need interfaces copying Thread
 * and Task, so it is pinned instead: a new file joining it fails this test.
 */
const KERNEL_OBJECT_MODEL = [
  'identity-space.ts',
  'ipc-gate.ts',
  'irq.ts',
  'kernel-events.ts',
  'kernel-services.ts',
  'kobject.ts',
  'message-items.ts',
  'object-space.ts',
  'rights-table.ts',
  'task-object.ts',
  'task.ts',
  'thread-delete-irq.ts',
  'thread-object.ts',
  'thread.ts',
].map((f) => `emulator/kernel/${f}`);

describe('structure: import circles', () => {
  const graph = importGraph(ROOT);
  const components = stronglyConnected(graph.files, graph.edges);

  it('finds no circle in emulator/boot, emulator/machine.ts, cli/ or language-server/', () => {
    const inScope = (f: string): boolean => /^(emulator\/boot\/|emulator\/machine\.ts|emulator\/host-activity\.ts|cli\/|language-server\/)/.test(f);
    const hits = components.filter((c) => c.some(inScope));
    assert.deepStrictEqual(hits, []);
  });

  it('keeps the Kernel class and the system-call entry out of every circle', () => {
    const inCircles = new Set(components.flat());
    for (const f of ['emulator/kernel/kernel.ts', 'emulator/kernel/syscall-entry.ts', 'emulator/kernel/ipc.ts', 'emulator/kernel/fault-ipc.ts']) {
      assert.ok(!inCircles.has(f), `${f} is in an import circle`);
    }
  });

  it('lets no kernel object import kernel.ts (they get KernelServices)', () => {
    const importers = graph.edges.filter((e) => e.to === 'emulator/kernel/kernel.ts' && e.from.startsWith('emulator/kernel/')).map((e) => e.from);
    assert.deepStrictEqual(importers, []);
  });

  it('holds the kernel to its one type-level object-model circle', () => {
    const kernel = components.filter((c) => c.some((f) => f.startsWith('emulator/kernel/')));
    assert.deepStrictEqual(kernel, [KERNEL_OBJECT_MODEL]);
    for (const c of circlesIn(kernel[0], graph.edges)) assert.ok(!isRuntimeCircle(c, graph.edges), `runtime circle ${c.join(' -> ')}`);
  });
});

describe('structure: the circle finder', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
    fs.mkdirSync(path.join(dir, 'emulator'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string): void => fs.writeFileSync(path.join(dir, 'emulator', file), text);

  it('finds a runtime circle through three files', () => {
    write('a.ts', "import { b } from './b';\nexport const a = b;\n");
    write('b.ts', "import { c } from './c';\nexport const b = c;\n");
    write('c.ts', "import { a } from './a';\nexport const c = () => a;\n");
    write('d.ts', "import { a } from './a';\nexport const d = a;\n");
    const g = importGraph(dir);
    const comps = stronglyConnected(g.files, g.edges);
    assert.deepStrictEqual(comps, [['emulator/a.ts', 'emulator/b.ts', 'emulator/c.ts']]);
    const circles = circlesIn(comps[0], g.edges);
    assert.deepStrictEqual(circles, [['emulator/a.ts', 'emulator/b.ts', 'emulator/c.ts']]);
    assert.ok(isRuntimeCircle(circles[0], g.edges));
  });

  it('counts type-only imports (import type, import("x").T) as circles, marked as such', () => {
    write('a.ts', "import type { B } from './b';\nexport class A { b?: B }\n");
    write('b.ts', "export class B { a?: import('./a').A }\n");
    const g = importGraph(dir);
    const comps = stronglyConnected(g.files, g.edges);
    assert.deepStrictEqual(comps, [['emulator/a.ts', 'emulator/b.ts']]);
    assert.ok(!isRuntimeCircle(circlesIn(comps[0], g.edges)[0], g.edges));
  });

  it('finds nothing in a graph without circles, and ignores package imports', () => {
    write('a.ts', "import * as fs from 'fs';\nimport { b } from './b';\nexport const a = [b, fs];\n");
    write('b.ts', 'export const b = 1;\n');
    const g = importGraph(dir);
    assert.deepStrictEqual(g.edges.map((e) => [e.from, e.to]), [['emulator/a.ts', 'emulator/b.ts']]);
    assert.deepStrictEqual(stronglyConnected(g.files, g.edges), []);
  });
});
