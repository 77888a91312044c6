// "Fiasco: New Project from Example" (extension/example-projects.ts): every project it can make boots on its own
// with the CLI and prints what its example prints in the shipped workspace, and rebuilds its programs from pkg/.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listExamples, createExampleProject, ExampleChoice } from '../../extension/example-projects';
import { listEntries } from '../../emulator/boot/boot-config';
import { buildTree } from '../../sdk/builder/build-tree';
import { REPO } from '../guest/boot-helpers';
import { requireCapability, requireTool } from '../support/require-tool';

const CLI = path.join(REPO, 'dist', 'cli.js');
const EXAMPLES = path.join(REPO, 'examples');

/** `fiasco run` to the end (async: a test runs the example and its project side by side). */
function run(modulesList: string, entry?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const args = [CLI, 'run', '--conf', modulesList, ...(entry ? ['--entry', entry] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { encoding: 'utf8', timeout: 170000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

describe('New Project from Example', function () {
  this.timeout(180000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-new-project-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const choices = listExamples(EXAMPLES);

  it('offers examples/hello whole and every lecture program as its own project', () => {
    const names = choices.map((c) => `${path.basename(c.source)}:${c.entry ?? '*'}`);
    assert.ok(names.includes('hello:*'), names.join(', '));
    const lecture = listEntries(path.join(EXAMPLES, 'lecture', 'conf', 'modules.lst')).map((e) => `lecture:${e.name}`);
    assert.ok(lecture.length >= 10);
    for (const l of lecture) assert.ok(names.includes(l), `${l} missing from ${names.join(', ')}`);
    for (const c of choices) assert.ok(c.description.trim(), `${c.name} has no description`);
  });

  for (const choice of choices) {
    const label = `${path.basename(choice.source)}${choice.entry ? ` entry ${choice.entry}` : ''}`;
    it(`${label}: the new project boots alone and prints what the example prints`, async function () {
      requireCapability(this, 'the bundled CLI dist/cli.js', fs.existsSync(CLI) ? undefined : 'not built yet: npm test builds it (pretest)');
      const dest = path.join(tmp, `${path.basename(choice.source)}-${choice.entry ?? 'all'}`);
      createExampleProject(choice, dest);
      const list = path.join(dest, 'conf', 'modules.lst');
      const entries = choice.entry ? [choice.entry] : listEntries(list).map((e) => e.name);
      if (choice.entry) assert.deepStrictEqual(listEntries(list).map((e) => e.name), [choice.entry], 'one entry in the new modules.lst');
      for (const entry of entries) {
        // A single-entry project needs no --entry: that is how a user runs it.
        const [expected, got] = await Promise.all([run(path.join(choice.source, 'conf', 'modules.lst'), entry), run(list, choice.entry ? undefined : entry)]);
        assert.strictEqual(got.status, expected.status, `${entry}: exit ${got.status}, stderr:\n${got.stderr}`);
        assert.ok(expected.stdout.trim(), `${entry}: the example itself prints something`);
        assert.strictEqual(got.stdout, expected.stdout, `${entry}: output`);
      }
    });
  }

  it('every extracted program comes with its package sources', () => {
    for (const choice of choices.filter((c) => c.entry)) {
      const files = createExampleProject(choice, path.join(tmp, `pkg-${choice.entry}`));
      for (const p of files.filter((f) => f.startsWith('bin/'))) {
        assert.ok(files.includes(`pkg/${path.basename(p)}/server/src/main.c`), `${choice.entry}: no sources for ${p} in ${files.join(', ')}`);
      }
    }
  });

  // One build (each compiles the SDK's libraries): client-server, the project with two packages and a ned script.
  it('an extracted project rebuilds its programs from its own pkg/, byte for byte', function () {
    requireTool(this, 'gcc');
    for (const choice of choices.filter((c) => c.entry === 'client-server')) {
      const dest = path.join(tmp, `build-${choice.entry}`);
      const files = createExampleProject(choice, dest);
      const programs = files.filter((f) => f.startsWith('bin/'));
      assert.ok(programs.length > 0, `${choice.entry}: no program in bin/`);
      for (const p of programs) fs.rmSync(path.join(dest, p));
      const r = buildTree(dest);
      assert.ok(r.ok, `${choice.entry}: ${r.errors.join('\n')}`);
      for (const p of programs) {
        assert.ok(fs.readFileSync(path.join(dest, p)).equals(fs.readFileSync(path.join(choice.source, p))), `${choice.entry}: ${p} differs from the prebuilt one`);
      }
    }
  });

  it('refuses a destination that is not empty, naming it', () => {
    const dest = path.join(tmp, 'occupied');
    fs.mkdirSync(dest);
    fs.writeFileSync(path.join(dest, 'keep.txt'), 'mine');
    assert.throws(() => createExampleProject(choices[0], dest), /occupied: the folder exists and is not empty/);
    assert.strictEqual(fs.readFileSync(path.join(dest, 'keep.txt'), 'utf8'), 'mine');
  });

  it('a broken examples.json is an error naming the file and field', () => {
    const dir = path.join(tmp, 'bad-examples');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'examples.json'), '{ "x": { "offer": "some" } }');
    assert.throws(() => listExamples(dir), /examples\.json: "x"\.offer must be "folder" or "entries"/);
  });
});
