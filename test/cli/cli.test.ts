import * as assert from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { spawnSync } from 'child_process';
import { REPO, HELLO_CONF } from '../guest/boot-helpers';
import { requireCapability, requireTool } from '../support/require-tool';

const CLI = path.join(REPO, 'dist', 'cli.js');

function fiasco(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO, timeout: 60000, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** dist/cli.js is built by `npm test`'s pretest (webpack); a targeted mocha run without it skips, counted. */
function requireBundledCli(ctx: Mocha.Context): void {
  requireCapability(ctx, 'the bundled CLI dist/cli.js', fs.existsSync(CLI) ? undefined : 'not built yet: npm test builds it (pretest)');
}

/** The serial console as on the real system: sigma0's and moe's boot log, then the program's one line. */
const SERIAL_WITH_HELLO = (program: string): RegExp => new RegExp(`^SIGMA0: Hello!\\n[\\s\\S]*\\nMOE: loading 'rom/${program}'\\nhello\\n$`);

describe('cli: fiasco run', function () {
  before(function () {
    requireBundledCli(this);
  });

  it('boots hello and prints its output, exit status 0', () => {
    const r = fiasco('run', '--conf', HELLO_CONF, '--entry', 'hello');
    assert.match(r.stdout, SERIAL_WITH_HELLO('hello'));
    assert.strictEqual(r.status, 0, r.stderr);
  });

  it('accepts the lecture\'s E=NAME spelling of the entry', () => {
    const r = fiasco('run', '--conf', HELLO_CONF, 'E=hello-syscall');
    assert.match(r.stdout, SERIAL_WITH_HELLO('hello-syscall'));
    assert.strictEqual(r.status, 0, r.stderr);
  });

  it('traces IPC to stderr with --trace ipc', () => {
    const r = fiasco('run', '--conf', HELLO_CONF, '--entry', 'hello-syscall', '--trace', 'ipc');
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stderr, /ipc send hello-syscall:main → Vlog "log": tag 0xfff30004 \(label LOG, 4 words/);
  });

  it('fails with a one-line message naming file and line for a broken modules.lst', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-cli-'));
    const conf = path.join(dir, 'modules.lst');
    fs.writeFileSync(conf, 'entry broken\nroottask moe --init=rom/missing\nmodule missing\n');
    const r = fiasco('run', '--conf', conf, '--entry', 'broken');
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, /modules\.lst:3/);
    assert.strictEqual(r.stderr.trim().split('\n').length, 1);
  });

  it('stops at --max-instructions with a non-zero status', () => {
    const r = fiasco('run', '--conf', HELLO_CONF, '--entry', 'hello', '--max-instructions', '10');
    assert.strictEqual(r.status, 3);
    assert.match(r.stderr, /--max-instructions/);
  });

  it('rejects unknown options', () => {
    const r = fiasco('run', '--confx', HELLO_CONF);
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /unknown option --confx/);
  });
});

describe('cli: fiasco disasm', function () {
  before(function () {
    requireBundledCli(this);
    requireTool(this, 'objdump');
  });

  for (const bin of ['examples/hello/bin/hello', 'examples/lecture/bin/pager']) {
    it(`prints exactly what objdump -d -j .text prints for ${bin}`, () => {
      const ours = fiasco('disasm', bin);
      assert.strictEqual(ours.status, 0, ours.stderr);
      const theirs = spawnSync('objdump', ['-d', '-j', '.text', bin], { encoding: 'utf8', cwd: REPO, maxBuffer: 64 << 20 });
      assert.strictEqual(ours.stdout, theirs.stdout);
    });
  }
});

