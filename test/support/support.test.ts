// The test infrastructure itself: the i386 oracle, gdb on the oracle and the no-silent-skip rules.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exitSevenElf, guestOracle, runOnOracle } from './guest-oracle';
import { gdbOnOracle } from './oracle-gdb';
import { countingSkipsSeparately, requireCapability, requireFixture, requireTool } from './require-tool';
import { runLinuxElf } from '../cpu/linux-elf-harness';

describe('test support: the i386 oracle', function () {
  this.timeout(60_000);
  let dir: string;
  let probe: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-support-'));
    probe = path.join(dir, 'exit7');
    fs.writeFileSync(probe, exitSevenElf(), { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the hand-made exit(7) ELF with status 7, as the emulator does', function () {
    requireTool(this, 'oracle');
    assert.match(guestOracle()!.description, /^(native|qemu-i386) \(/);
    const r = runOnOracle(probe);
    assert.strictEqual(r.error, undefined);
    assert.strictEqual(r.status, 7);
    assert.strictEqual(runLinuxElf(probe).exitCode, 7);
  });

  it('stops gdb at a breakpoint with the registers of that point', function () {
    requireTool(this, 'oracle');
    requireTool(this, 'gdb');
    // exit7: mov $1,%eax (5 bytes) at the entry 0x08048054, then mov $7,%ebx, then int $0x80.
    const out = gdbOnOracle(probe, { setup: ['break *0x8048059'], atStop: ['info registers eax eip'] });
    assert.match(out, /^eax\s+0x1\s/m);
    assert.match(out, /^eip\s+0x8048059\s/m);
  });
});

describe('test support: no silent skips', () => {
  const fakeContext = (): { ctx: Mocha.Context; skips: () => number } => {
    let n = 0;
    const ctx = { test: undefined, skip: () => { n++; throw new Error('skipped'); } } as unknown as Mocha.Context;
    return { ctx, skips: () => n };
  };
  const withCi = (value: string | undefined, fn: () => void): void => {
    const saved = process.env.CI;
    if (value === undefined) delete process.env.CI;
    else process.env.CI = value;
    try { fn(); } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  };

  it('a missing tool fails under CI=true and names what is missing and why', () => {
    const { ctx, skips } = fakeContext();
    const counts = countingSkipsSeparately(() => withCi('true', () => {
      assert.throws(() => requireCapability(ctx, 'a frobnicator', 'not installed'), /a frobnicator is required under CI=true but missing: not installed/);
    }));
    assert.strictEqual(skips(), 0);
    assert.deepStrictEqual([...counts], []);
  });

  it('elsewhere a missing tool skips and is counted with its reason', () => {
    const { ctx, skips } = fakeContext();
    const counts = countingSkipsSeparately(() => withCi(undefined, () => {
      assert.throws(() => requireCapability(ctx, 'a frobnicator', 'not installed'), /skipped/);
      assert.throws(() => requireCapability(ctx, 'a frobnicator', 'not installed'), /skipped/);
      requireCapability(ctx, 'a present tool', undefined);
    }));
    assert.strictEqual(skips(), 2);
    assert.deepStrictEqual([...counts], [['a frobnicator missing (not installed)', 2]]);
  });

  it('an absent external fixture is a counted skip even under CI', () => {
    const { ctx, skips } = fakeContext();
    const counts = countingSkipsSeparately(() => withCi('true', () => {
      assert.throws(() => requireFixture(ctx, '/nonexistent/l4re-x86', 'real L4Re build'), /skipped/);
      requireFixture(ctx, os.tmpdir(), 'present');
    }));
    assert.strictEqual(skips(), 1);
    assert.deepStrictEqual([...counts], [['fixture /nonexistent/l4re-x86 absent (real L4Re build)', 1]]);
  });
});
