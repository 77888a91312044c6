// No silent skips: a test that needs an external tool (compiler, objdump, gdb, the i386 oracle) FAILS when it is
// missing under CI (CI=true), and elsewhere skips with a reason that is counted and printed at the end of the run
// (see skip-report.ts). Skips for other reasons (e.g. the real-L4Re fixtures, which may be absent even in CI) go
// through the same counter.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { guestOracleMissingReason } from './guest-oracle';

/** Tools the tests probe by name. 'gcc'/'clang' mean "can compile 32-bit (-m32) code". */
export type ToolName = 'gcc' | 'clang' | 'objdump' | 'readelf' | 'nm' | 'gdb' | 'oracle';

const INSTALL_HINT: Record<ToolName, string> = {
  gcc: 'apt-get install gcc gcc-multilib',
  clang: 'apt-get install clang lld',
  objdump: 'apt-get install binutils',
  readelf: 'apt-get install binutils',
  nm: 'apt-get install binutils',
  gdb: 'apt-get install gdb',
  oracle: 'apt-get install qemu-user',
};

const probed = new Map<ToolName, string | undefined>();
/** Skip reason -> number of tests it skipped. */
let skipped = new Map<string, number>();

/** True when the run is a CI run (CI set and not "false"/"0"). */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** Why `tool` is not usable here, or undefined when it is. Probed once per process. */
export function toolMissingReason(tool: ToolName): string | undefined {
  if (!probed.has(tool)) probed.set(tool, probe(tool));
  return probed.get(tool);
}

export function haveTool(tool: ToolName): boolean {
  return toolMissingReason(tool) === undefined;
}

function probe(tool: ToolName): string | undefined {
  switch (tool) {
    case 'gcc':
    case 'clang': {
      const r = spawnSync(tool, ['-m32', '-ffreestanding', '-nostdlib', '-c', '-x', 'c', '-o', '/dev/null', '-'], { input: 'int x;', encoding: 'utf8' });
      if (r.error) return `${tool} not installed`;
      return r.status === 0 ? undefined : `${tool} -m32 cannot compile: ${r.stderr.trim().split('\n')[0]}`;
    }
    case 'oracle': {
      const why = guestOracleMissingReason();
      return why === '' ? undefined : why;
    }
    default: {
      const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
      return r.error || r.status !== 0 ? `${tool} not installed` : undefined;
    }
  }
}

/** Fails (CI) or skips with a counted reason (elsewhere) unless `tool` is usable. */
export function requireTool(ctx: Mocha.Context, tool: ToolName): void {
  const why = toolMissingReason(tool);
  if (why !== undefined) missing(ctx, tool === 'oracle' ? 'the i386 oracle' : tool, `${why}; ${INSTALL_HINT[tool]}`);
}

/**
 * Like requireTool for a capability that is not a single tool: `missingReason` undefined means present.
 * Fails under CI, counted skip elsewhere.
 */
export function requireCapability(ctx: Mocha.Context, what: string, missingReason: string | undefined): void {
  if (missingReason !== undefined) missing(ctx, what, missingReason);
}

function missing(ctx: Mocha.Context, what: string, why: string): never {
  if (inCi()) throw new Error(`${what} is required under CI=true but missing: ${why}`);
  return skipCounted(ctx, `${what} missing (${why})`);
}

/** A fixture outside the repository (e.g. /work/shared/l4re-x86): absent -> counted skip, also under CI. */
export function requireFixture(ctx: Mocha.Context, fixturePath: string, why: string): void {
  if (!fs.existsSync(fixturePath)) skipCounted(ctx, `fixture ${fixturePath} absent (${why})`);
}

/** Skips the current test (or, from a hook, its whole suite) and counts it under `why`. */
export function skipCounted(ctx: Mocha.Context, why: string): never {
  const runnable = ctx.test;
  let n = 1;
  // From a before() hook the skip covers every test of the suite.
  if (runnable !== undefined && (runnable as { type?: string }).type === 'hook' && runnable.parent !== undefined) n = runnable.parent.total();
  skipped.set(why, (skipped.get(why) ?? 0) + n);
  ctx.skip();
  throw new Error('unreachable: ctx.skip() returned');
}

/** Counted skips so far: reason -> tests. */
export function skipCounts(): ReadonlyMap<string, number> {
  return skipped;
}

/** Runs `fn` with a fresh, separate skip counter (for testing this module); returns what it counted. */
export function countingSkipsSeparately(fn: () => void): Map<string, number> {
  const saved = skipped;
  skipped = new Map();
  try {
    fn();
    return skipped;
  } finally {
    skipped = saved;
  }
}
