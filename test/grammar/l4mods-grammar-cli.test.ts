// Runs the TextMate grammar tests (test/grammar/*.test.l4mods, vscode-tmgrammar-test's assertion syntax) through
// the tool's CLI, so `npm test` checks the grammar scope by scope.

import * as assert from 'assert';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
const GRAMMAR = path.join(ROOT, 'syntaxes/l4mods.tmLanguage.json');

function runTool(args: string[]): { status: number | null; output: string } {
  const r = cp.spawnSync(process.execPath, [CLI, '--compact', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('l4mods grammar (vscode-tmgrammar-test)', function () {
  this.timeout(60000);

  it('the tool is installed', () => {
    assert.ok(fs.existsSync(CLI), `${CLI} missing (devDependency vscode-tmgrammar-test)`);
  });

  it('passes every assertion of test/grammar/*.test.l4mods', () => {
    const files = fs.readdirSync(path.join(ROOT, 'test/grammar')).filter((f) => f.endsWith('.test.l4mods'));
    assert.ok(files.length > 0, 'grammar test files exist');
    const r = runTool(['-g', 'syntaxes/l4mods.tmLanguage.json', 'test/grammar/*.test.l4mods']);
    assert.strictEqual(r.status, 0, r.output);
    for (const f of files) assert.ok(r.output.includes(f), `${f} was run:\n${r.output}`);
  });

  it('fails when the grammar gives a wrong scope (the assertions are really checked)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-grammar-'));
    try {
      // A configuration without contributed grammars, so that only the broken copy is loaded.
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ contributes: { languages: [{ id: 'l4mods' }], grammars: [] } }));
      const broken = fs.readFileSync(GRAMMAR, 'utf8').replace(/entity\.name\.module\.l4mods/g, 'entity.name.wrong.l4mods');
      fs.writeFileSync(path.join(dir, 'broken.json'), broken);
      const r = runTool(['--config', path.join(dir, 'package.json'), '-g', path.join(dir, 'broken.json'), 'test/grammar/*.test.l4mods']);
      assert.notStrictEqual(r.status, 0, r.output);
      assert.match(r.output, /Missing required scopes: \[ entity\.name\.module\.l4mods \]/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
