// The problem matchers package.json contributes, applied (as VS Code does: JavaScript regular expressions, one
// line at a time) to what a real SDK build prints with each compiler: compile errors and warnings, a link
// error with its source line, and the builder's own Makefile error.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTree } from '../../sdk/builder';
import { requireTool } from '../support/require-tool';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Matcher { name: string; severity?: string; pattern: { regexp: string; file: number; line?: number; column?: number; severity?: number; message: number } }
interface Problem { matcher: string; file: string; line?: number; column?: number; severity: string; message: string }

const MATCHERS: Matcher[] = pkg.contributes.problemMatchers;

function problemsIn(output: string): Problem[] {
  const out: Problem[] = [];
  for (const line of output.split('\n')) {
    for (const m of MATCHERS) {
      const hit = new RegExp(m.pattern.regexp).exec(line);
      if (!hit) continue;
      const p = m.pattern;
      out.push({
        matcher: m.name, file: hit[p.file],
        line: p.line ? Number(hit[p.line]) : undefined, column: p.column ? Number(hit[p.column]) : undefined,
        severity: p.severity ? hit[p.severity] : (m.severity ?? 'error'), message: hit[p.message],
      });
    }
  }
  return out;
}

// Line 3 draws a warning from both compilers by default (a constant that does not fit), line 4 an error.
const BROKEN = 'int main(void)\n{\n  char c = 300;\n  return c + missing;\n}\n';
const UNRESOLVED = 'void not_defined_anywhere(void);\nint main(void)\n{\n  not_defined_anywhere();\n  return 0;\n}\n';

function build(files: Record<string, string>, compiler: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-matchers-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    let printed = '';
    const r = buildTree(dir, { compiler, log: (l) => { printed += l.endsWith('\n') ? l : `${l}\n`; } });
    assert.strictEqual(r.ok, false, 'the build should fail');
    return `${printed}${r.errors.join('\n')}\n`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('problem matchers of the build task', () => {
  it('the build task uses our matchers, not $gcc (defined only by the C/C++ extension)', () => {
    const tasks = fs.readFileSync(path.join(ROOT, 'extension', 'fiasco-tasks.ts'), 'utf8');
    assert.doesNotMatch(tasks, /'\$gcc'/);
    for (const m of MATCHERS) assert.match(tasks, new RegExp(`'\\$${m.name}'`));
  });

  for (const compiler of ['gcc', 'clang'] as const) {
    it(`${compiler}: an error and a warning, each with file, line and column`, function () {
      requireTool(this, compiler);
      const problems = problemsIn(build({ 'pkg/p/server/src/main.c': BROKEN, 'pkg/p/server/src/Makefile': 'TARGET = p\nSRC_C = main.c\n' }, compiler));
      const error = problems.find((p) => p.severity === 'error' && /missing/.test(p.message));
      assert.ok(error, JSON.stringify(problems));
      assert.deepStrictEqual([error.matcher, error.file, error.line], ['fiasco-cc', 'pkg/p/server/src/main.c', 4]);
      assert.ok(error.column !== undefined && error.column > 0);
      const warning = problems.find((p) => p.severity === 'warning' && /300/.test(p.message));
      assert.ok(warning, JSON.stringify(problems));
      assert.strictEqual(warning.line, 3);
    });
  }

  it('gcc: a link error names the source line of the call', function () {
    requireTool(this, 'gcc');
    const problems = problemsIn(build({ 'pkg/q/server/src/main.c': UNRESOLVED, 'pkg/q/server/src/Makefile': 'TARGET = q\nSRC_C = main.c\n' }, 'gcc'));
    const link = problems.find((p) => p.matcher === 'fiasco-ld');
    assert.ok(link, JSON.stringify(problems));
    assert.match(link.file, /pkg\/q\/server\/src\/main\.c$/);
    assert.strictEqual(link.line, 4);
    assert.match(link.message, /undefined reference to .not_defined_anywhere/);
  });

  it("the builder's own error names the Makefile", function () {
    requireTool(this, 'gcc');
    const threads = '#include <pthread.h>\nstatic void *run(void *a) { return a; }\nint main(void)\n{\n  pthread_t t;\n  return pthread_create(&t, 0, run, 0);\n}\n';
    const problems = problemsIn(build({ 'pkg/r/server/src/Makefile': 'TARGET = r\nSRC_C = main.c\n', 'pkg/r/server/src/main.c': threads }, 'gcc'));
    const own = problems.find((p) => p.matcher === 'fiasco-build');
    assert.ok(own, JSON.stringify(problems));
    assert.match(own.file, /pkg\/r\/server\/src\/Makefile$/);
    assert.strictEqual(own.severity, 'error');
    assert.match(own.message, /REQUIRES_LIBS = libpthread/);
  });
});
