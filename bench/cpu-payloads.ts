// The CPU part of `npm run bench`: builds the C payloads in bench/payloads with gcc -m32 -O2, runs each on the
// i386 oracle (natively where the host runs i386 ELF files, else under qemu-i386; see test/support/guest-oracle.ts),
// under each tier of our emulator and under qemu-i386, and checks that every run prints the oracle's checksum.
// Speeds are MIPS: instructions counted by our CPU / host seconds (for the others: our count / their time).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runLinuxElf } from '../test/cpu/linux-elf-harness';
import { Cpu } from '../emulator/cpu/cpu';
import { tiers } from '../emulator/cpu/basic-block';
import { GuestOracle, oracleCommand } from '../test/support/guest-oracle';
import { ElfFile } from '../emulator/elf/elf-file';
import type { AddressSpace } from '../emulator/cpu/address-space';

const PAYLOAD_DIR = path.resolve(__dirname, '../../bench/payloads');

/** The execution tiers of our CPU, slowest first: how each is switched on for a run. */
export const CPU_TIERS = {
  /** One decoded instruction per dispatch: the reference tier. */
  interpreter: { blocks: false, hotThreshold: Infinity },
  /** Decoded basic blocks, never compiled. */
  blocks: { blocks: true, hotThreshold: Infinity },
  /** The default: hot blocks compiled to JavaScript functions. */
  compiled: { blocks: true, hotThreshold: tiers.hotThreshold },
  /**
   * The default tier with a breakpoint set but never hit, in the page of the hot code (the payloads' .text is one
   * page): at `bench_breakpoint_never_hit` (bench/payloads/runtime.h), as a line breakpoint in unrun code would be.
   */
  'compiled, breakpoint set': { blocks: true, hotThreshold: tiers.hotThreshold },
} as const;
export type CpuTier = keyof typeof CPU_TIERS;

export interface PayloadRow {
  name: string;
  instructions: number;
  /** Host seconds of one emulator run per tier. */
  tierSeconds: Partial<Record<CpuTier, number>>;
  /** Only when the oracle is native: the host runs i386 ELF files itself. */
  nativeSeconds?: number;
  qemuSeconds?: number;
  /** What the oracle printed (the checksum line). */
  reference: string;
  ok: boolean;
}

export function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p !== '' ? p : undefined;
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Best of `reps` wall-clock runs of a host command; returns seconds and its stdout. */
function timeHost(cmd: string, args: string[], reps: number): { s: number; out: string } {
  let best = Infinity, out = '';
  for (let k = 0; k < reps; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'latin1' });
    const s = seconds(t0);
    out = r.stdout;
    if (s < best) best = s;
  }
  return { s: best, out };
}

export function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

function withTier<T>(tier: CpuTier, run: () => T): T {
  const saved = { blocks: Cpu.blocks, hotThreshold: tiers.hotThreshold };
  Cpu.blocks = CPU_TIERS[tier].blocks;
  tiers.hotThreshold = CPU_TIERS[tier].hotThreshold;
  try {
    return run();
  } finally {
    Cpu.blocks = saved.blocks;
    tiers.hotThreshold = saved.hotThreshold;
  }
}

/** Sets the never-hit breakpoint of a payload (a hit would end the run with an error: "stopped: Breakpoint"). */
function breakpointSetter(elf: string): (as: AddressSpace) => void {
  const symbol = ElfFile.load(elf).symbolByName('bench_breakpoint_never_hit');
  if (!symbol) throw new Error(`${elf}: no symbol bench_breakpoint_never_hit (bench/payloads/runtime.h)`);
  return (as) => as.addBreakpoint(symbol.value);
}

/** Builds and runs every payload (or those named in `only`) on the oracle, qemu-i386 and each of `tierList`. */
export function runCpuPayloads(oracle: GuestOracle, tierList: CpuTier[], only: string[] = [], log: (line: string) => void = console.log): PayloadRow[] {
  const names = fs.readdirSync(PAYLOAD_DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort()
    .filter((n) => only.length === 0 || only.includes(n));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-bench-'));
  const qemu = which('qemu-i386');
  const native = oracle.kind === 'native';
  const rows: PayloadRow[] = [];
  try {
    for (const name of names) {
      const elf = path.join(tmp, name);
      execFileSync('gcc', ['-m32', '-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie',
        '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-o', elf, path.join(PAYLOAD_DIR, `${name}.c`)]);
      const cmd = oracleCommand(oracle, elf);
      const reference = timeHost(cmd.command, cmd.args, native ? 5 : 3);
      let ok = true;
      let instructions = 0;
      const tierSeconds: Partial<Record<CpuTier, number>> = {};
      for (const tier of tierList) {
        // One run per tier; the JIT warms up inside it, as it would for a user.
        const t0 = process.hrtime.bigint();
        const emu = withTier(tier, () => runLinuxElf(elf, undefined, undefined, tier === 'compiled, breakpoint set' ? breakpointSetter(elf) : undefined));
        tierSeconds[tier] = seconds(t0);
        instructions = emu.instructions;
        if (emu.error !== undefined || emu.output !== reference.out) {
          ok = false;
          log(`${name}: ${tier} tier ${emu.error ?? `printed ${JSON.stringify(emu.output)}, expected ${JSON.stringify(reference.out)}`}`);
        }
      }
      let qemuSeconds: number | undefined;
      if (!native) qemuSeconds = reference.s;
      else if (qemu !== undefined) {
        const q = timeHost(qemu, [elf], 3);
        qemuSeconds = q.s;
        ok = ok && q.out === reference.out;
      }
      const nativeSeconds = native ? reference.s : undefined;
      rows.push({ name, instructions, tierSeconds, nativeSeconds, qemuSeconds, reference: reference.out, ok });
      const mips = (s: number | undefined) => (s === undefined ? '-' : (instructions / s / 1e6).toFixed(1));
      log(`${name.padEnd(8)} ${ok ? 'checksum ok ' : 'MISMATCH    '} ${(instructions / 1e6).toFixed(1).padStart(7)} M insns  ` +
        tierList.map((t) => `${t} ${mips(tierSeconds[t])}`).join('  ') +
        `  native ${mips(nativeSeconds)}  qemu-i386 ${mips(qemuSeconds)} MIPS`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
