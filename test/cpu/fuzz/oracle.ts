// The qemu-i386 side of the lockstep fuzzer: builds harness.c once (gcc -m32, cached by content hash), feeds it a
// batch of cases on stdin and parses the per-instruction state records it writes.
import { execFileSync, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CODE_BYTES, DATA_BYTES, encodeCase, FLAG_DUMP_MEMORY, FuzzCase } from './fuzz-case';

export const enum RecordKind { Step = 0, Signal = 1, StepCap = 2, End = 3, Unsafe = 4 }

/** One harness record (struct step_out). */
export interface OracleRecord {
  kind: RecordKind;
  signo: number;
  /** siginfo si_code (qemu leaves sigcontext.trapno at -1, so the fault kind comes from signo and si_code). */
  code: number;
  err: number;
  cr2: number;
  eip: number;
  regs: number[];
  eflags: number;
  memsum: number;
  mxcsr: number;
  steps: number;
  /** fnsave image of the x87 state (108 bytes). */
  fsave: Buffer;
  /** xmm0..7 (128 bytes). */
  xmm: Buffer;
}

export const RECORD_BYTES = 18 * 4 + 108 + 128;

export interface OracleTrace {
  /** Records of kind Step (the first is the initial state) followed by one Signal/StepCap/Unsafe, if any. */
  records: OracleRecord[];
  /** Code, data and stack pages at the end (FLAG_DUMP_MEMORY). */
  memory?: Buffer;
  /** qemu-i386 aborted on this case (the reason); nothing to compare. */
  oracleCrash?: string;
}

const HARNESS_SOURCE = path.resolve(__dirname, '../../../../test/cpu/fuzz/harness.c');
/** The qemu CPU model: the features our CPUID reports (SSE2, no SSE3 or later). */
export const QEMU_CPU = 'pentium3,+sse2';

export function parseRecord(b: Buffer, at: number): OracleRecord {
  const u = (k: number): number => b.readUInt32LE(at + 4 * k);
  return {
    kind: u(0), signo: u(1), code: u(2), err: u(3), cr2: u(4), eip: u(5),
    regs: [u(6), u(7), u(8), u(9), u(10), u(11), u(12), u(13)],
    eflags: u(14), memsum: u(15), mxcsr: u(16), steps: u(17),
    fsave: Buffer.from(b.subarray(at + 72, at + 180)), xmm: Buffer.from(b.subarray(at + 180, at + 308)),
  };
}

export function encodeRecord(r: OracleRecord): Buffer {
  const b = Buffer.alloc(RECORD_BYTES);
  [r.kind, r.signo, r.code, r.err, r.cr2, r.eip, ...r.regs, r.eflags, r.memsum, r.mxcsr, r.steps].forEach((v, k) => b.writeUInt32LE(v >>> 0, 4 * k));
  r.fsave.copy(b, 72);
  r.xmm.copy(b, 180);
  return b;
}

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  for (const [tool, args] of [['qemu-i386', ['--version']], ['gcc', ['--version']]] as Array<[string, string[]]>) {
    const r = spawnSync(tool, args, { stdio: 'ignore' });
    if (r.error !== undefined || r.status !== 0) return `${tool} not found`;
  }
  return undefined;
}

let harnessPath: string | undefined;

/** Builds the harness (once per source version) and returns its path. */
export function buildHarness(): string {
  if (harnessPath !== undefined) return harnessPath;
  const src = fs.readFileSync(HARNESS_SOURCE);
  const hash = crypto.createHash('sha256').update(src).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), 'fiasco-cpu-fuzz');
  const exe = path.join(dir, `harness-${hash}`);
  if (!fs.existsSync(exe)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${exe}.${process.pid}`;
    execFileSync('gcc', ['-m32', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie', '-O2', '-mno-sse', '-mno-mmx',
      '-mno-80387', '-fno-stack-protector', '-fno-builtin', '-o', tmp, HARNESS_SOURCE], { stdio: 'inherit' });
    fs.renameSync(tmp, exe);
  }
  harnessPath = exe;
  return exe;
}

/** Address ranges [start, end) mapped in the harness process besides the test pages (its image, stack, qemu's pages). */
export let harnessMappings: Array<[number, number]> = [];

function parseMaps(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (m === null) continue;
    const start = parseInt(m[1], 16), end = parseInt(m[2], 16);
    if (start >= 0x10000000 && end <= 0x30001000) continue; // the test pages themselves
    out.push([start, end]);
  }
  return out;
}

export function inHarnessMapping(va: number): boolean {
  return harnessMappings.some(([s, e]) => va >= s && va < e);
}

/**
 * Runs the cases under qemu-i386 and returns one trace per case. qemu itself can abort on some streams (an internal
 * assertion); the batch is then split until the case that does it is alone, and that case gets `oracleCrash`.
 */
export function runOracle(cases: FuzzCase[]): OracleTrace[] {
  if (cases.length === 0) return [];
  const exe = buildHarness();
  const input = Buffer.concat(cases.map(encodeCase));
  // A stream whose single-step traps qemu drops (pause in a loop) could run forever: bounded by a timeout.
  const r = spawnSync('qemu-i386', ['-cpu', QEMU_CPU, exe], { input, maxBuffer: 1 << 30, timeout: 30000 + 100 * cases.length });
  if (r.error !== undefined && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  if (r.status !== 0) {
    const why = `qemu-i386 exited with status ${r.status} signal ${r.signal}: ${r.stderr.toString().split('\n').filter((l) => l.trim() !== '')[1] ?? r.stderr.toString()}`;
    if (cases.length === 1) return [{ records: [], oracleCrash: why }];
    const half = cases.length >> 1;
    return [...runOracle(cases.slice(0, half)), ...runOracle(cases.slice(half))];
  }
  const out = r.stdout;
  const traces: OracleTrace[] = [];
  const mapsLen = out.readUInt32LE(0);
  harnessMappings = parseMaps(out.subarray(4, 4 + mapsLen).toString('latin1'));
  let at = 4 + mapsLen;
  for (const c of cases) {
    const records: OracleRecord[] = [];
    for (;;) {
      if (at + RECORD_BYTES > out.length) throw new Error(`oracle output truncated in case ${traces.length}`);
      const rec = parseRecord(out, at);
      at += RECORD_BYTES;
      if (rec.kind === RecordKind.End) break;
      records.push(rec);
    }
    const trace: OracleTrace = { records };
    if ((c.flags & FLAG_DUMP_MEMORY) !== 0) {
      const n = CODE_BYTES + DATA_BYTES + 4096;
      trace.memory = Buffer.from(out.subarray(at, at + n));
      at += n;
    }
    traces.push(trace);
  }
  if (at !== out.length) throw new Error(`oracle output has ${out.length - at} stray bytes`);
  return traces;
}
