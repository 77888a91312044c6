// Regression vectors from the fuzzer: a divergent case is shrunk (fewer code bytes, fewer steps, simpler initial
// state) while it still diverges, then stored with qemu's trace in regressions.json, which fuzz.test.ts replays on
// every tier without needing qemu.
import * as fs from 'fs';
import * as path from 'path';
import { FuzzCase } from './fuzz-case';
import { isKnownDeviation } from './known-deviations';
import { lockstep } from './lockstep';
import { FuzzMachine } from './machine';
import { encodeRecord, OracleTrace, parseRecord, RECORD_BYTES, runOracle } from './oracle';

export const REGRESSION_FILE = path.resolve(__dirname, '../../../../test/cpu/fuzz/regressions.json');

export interface RegressionEntry {
  /** Where it came from and what was fixed. */
  note: string;
  /** The divergence as first seen. */
  divergence: string;
  case: FuzzCase;
  /** The oracle's records (hex, RECORD_BYTES each). */
  trace: string;
}

export function loadRegressions(): RegressionEntry[] {
  if (!fs.existsSync(REGRESSION_FILE)) return [];
  const data = JSON.parse(fs.readFileSync(REGRESSION_FILE, 'utf8')) as { regressions?: RegressionEntry[] };
  if (!Array.isArray(data.regressions)) throw new Error(`${REGRESSION_FILE}: field "regressions" must be an array`);
  return data.regressions;
}

export function traceOf(e: RegressionEntry): OracleTrace {
  const b = Buffer.from(e.trace, 'hex');
  if (b.length % RECORD_BYTES !== 0) throw new Error(`${REGRESSION_FILE}: trace of "${e.note}" is not a whole number of records`);
  const records = [];
  for (let at = 0; at < b.length; at += RECORD_BYTES) records.push(parseRecord(b, at));
  return { records };
}

const machine = new FuzzMachine();

function diverges(c: FuzzCase, t: OracleTrace): boolean {
  const r = lockstep(machine, c, t);
  return r.divergence !== undefined && isKnownDeviation(c, r) === undefined;
}

/** Candidate simplifications of `c`, most aggressive first. */
function candidates(c: FuzzCase): FuzzCase[] {
  const out: FuzzCase[] = [];
  const code = Buffer.from(c.code, 'hex');
  for (let chunk = code.length >> 1; chunk >= 1; chunk >>= 1) {
    for (let at = 0; at + chunk <= code.length; at += chunk) {
      const shorter = Buffer.concat([code.subarray(0, at), code.subarray(at + chunk)]);
      if (shorter.length > 0) out.push({ ...c, code: shorter.toString('hex') });
    }
  }
  if (c.maxSteps > 1) out.push({ ...c, maxSteps: Math.max(1, c.maxSteps >> 1) }, { ...c, maxSteps: c.maxSteps - 1 });
  for (let k = 0; k < 8; k++) if (k !== 4 && c.regs[k] !== 0) out.push({ ...c, regs: c.regs.map((v, j) => (j === k ? 0 : v)) });
  if (c.eflags !== 0x202) out.push({ ...c, eflags: 0x202 });
  if (c.x87.length > 0) out.push({ ...c, x87: c.x87.slice(0, -1) });
  const zeroXmm = '00'.repeat(128);
  if (c.xmm !== zeroXmm) {
    out.push({ ...c, xmm: zeroXmm });
    for (let k = 0; k < 8; k++) out.push({ ...c, xmm: c.xmm.slice(0, 32 * k) + '00'.repeat(16) + c.xmm.slice(32 * k + 32) });
  }
  if ((c.flags & 1) !== 0 && c.mm !== '00'.repeat(64)) out.push({ ...c, mm: '00'.repeat(64) });
  return out.filter((x) => JSON.stringify(x) !== JSON.stringify(c));
}

/** Shrinks a divergent case; each round runs all candidates in one oracle batch and keeps the first that still diverges. */
export function shrink(c: FuzzCase): { case: FuzzCase; trace: OracleTrace } {
  let best = c;
  let bestTrace = runOracle([c])[0];
  for (let round = 0; round < 200; round++) {
    const cands = candidates(best);
    if (cands.length === 0) break;
    const traces = runOracle(cands);
    const k = cands.findIndex((x, j) => diverges(x, traces[j]));
    if (k < 0) break;
    best = cands[k];
    bestTrace = traces[k];
  }
  return { case: best, trace: bestTrace };
}

/** Records `c` with its oracle trace as-is (for a hand-written reproducer of a fixed divergence). */
export function recordVector(c: FuzzCase, note: string): RegressionEntry {
  const trace = runOracle([c])[0];
  const r = lockstep(machine, c, trace);
  const entry: RegressionEntry = {
    note, divergence: r.divergence === undefined ? 'none (recorded after the fix)' : `${r.divergence.tier} step ${r.divergence.step}: ${r.divergence.problems.join('; ')}`,
    case: c, trace: Buffer.concat(trace.records.map(encodeRecord)).toString('hex'),
  };
  const all = loadRegressions().filter((e) => e.note !== note);
  all.push(entry);
  fs.writeFileSync(REGRESSION_FILE, JSON.stringify({ regressions: all }, null, 1) + '\n');
  return entry;
}

/** Shrinks `c` and appends it to regressions.json; returns the file, or undefined if it no longer diverges. */
export function recordRegression(c: FuzzCase, note: string): string | undefined {
  const first = runOracle([c])[0];
  const r0 = lockstep(machine, c, first);
  if (r0.divergence === undefined) return undefined;
  const { case: small, trace } = shrink(c);
  const r = lockstep(machine, small, trace);
  const v = r.divergence ?? r0.divergence;
  const entry: RegressionEntry = {
    note, divergence: `${v.tier} step ${v.step} [${small.code}]: ${v.problems.join('; ')}`, case: small,
    trace: Buffer.concat(trace.records.map(encodeRecord)).toString('hex'),
  };
  const all = loadRegressions();
  all.push(entry);
  fs.writeFileSync(REGRESSION_FILE, JSON.stringify({ regressions: all }, null, 1) + '\n');
  return REGRESSION_FILE;
}
