// `npm run bench`: builds the C payloads in bench/payloads with gcc -m32 -O2, runs each on the i386 oracle
// (natively where the host runs i386 ELF files, else under qemu-i386; see test/support/guest-oracle.ts), under our
// emulator and (when installed) under qemu-i386, checks that every run prints the oracle's checksum, and
// reports emulator MIPS (instructions counted by our CPU / host seconds) with ratios from this one run.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runLinuxElf } from '../test/cpu/linux-elf-harness';
import { guestOracle, guestOracleMissingReason, oracleCommand } from '../test/support/guest-oracle';

const PAYLOAD_DIR = path.resolve(__dirname, '../../bench/payloads');

interface Row {
  name: string;
  instructions: number;
  emuSeconds: number;
  /** Only when the oracle is native: the host runs i386 ELF files itself. */
  nativeSeconds?: number;
  qemuSeconds?: number;
  ok: boolean;
}

function which(cmd: string): string | undefined {
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

function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

function main(): void {
  const only = process.argv.slice(2);
  const names = fs.readdirSync(PAYLOAD_DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort()
    .filter((n) => only.length === 0 || only.includes(n));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-bench-'));
  const qemu = which('qemu-i386');
  const v86 = process.env.V86_DIR;
  const oracle = guestOracle();
  if (oracle === undefined) {
    console.log(`no i386 oracle: ${guestOracleMissingReason()}`);
    process.exitCode = 1;
    return;
  }
  const native = oracle.kind === 'native';
  const rows: Row[] = [];
  try {
    for (const name of names) {
      const elf = path.join(tmp, name);
      execFileSync('gcc', ['-m32', '-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie',
        '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-o', elf, path.join(PAYLOAD_DIR, `${name}.c`)]);
      const cmd = oracleCommand(oracle, elf);
      const reference = timeHost(cmd.command, cmd.args, native ? 5 : 3);
      // The emulator: one run; the JIT warms up inside it, as it would for a user.
      const t0 = process.hrtime.bigint();
      const emu = runLinuxElf(elf);
      const emuSeconds = seconds(t0);
      let ok = emu.error === undefined && emu.output === reference.out;
      let qemuSeconds: number | undefined;
      if (!native) qemuSeconds = reference.s;
      else if (qemu !== undefined) {
        const q = timeHost(qemu, [elf], 3);
        qemuSeconds = q.s;
        ok = ok && q.out === reference.out;
      }
      const nativeSeconds = native ? reference.s : undefined;
      rows.push({ name, instructions: emu.instructions, emuSeconds, nativeSeconds, qemuSeconds, ok });
      const mips = emu.instructions / emuSeconds / 1e6;
      console.log(`${name.padEnd(8)} ${ok ? 'checksum ok ' : 'MISMATCH    '} ${reference.out.trim().padEnd(18)} ` +
        [`${(emu.instructions / 1e6).toFixed(1).padStart(7)} M insns`, `emu ${emuSeconds.toFixed(3)} s = ${mips.toFixed(1)} MIPS`,
          ...(nativeSeconds !== undefined ? [`native ${nativeSeconds.toFixed(4)} s (${(emu.instructions / nativeSeconds / 1e6).toFixed(0)} MIPS-eq)`] : []),
          ...(qemuSeconds !== undefined ? [`qemu ${qemuSeconds.toFixed(3)} s (${(emu.instructions / qemuSeconds / 1e6).toFixed(0)} MIPS-eq)`] : []),
        ].join('  '));
      if (!ok && emu.error !== undefined) console.log(`         ${emu.error}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const emuMips = rows.map((r) => r.instructions / r.emuSeconds / 1e6);
  console.log('');
  if (native) {
    const nativeMips = rows.map((r) => r.instructions / (r.nativeSeconds as number) / 1e6);
    console.log(`geomean: emulator ${geomean(emuMips).toFixed(1)} MIPS; native ${geomean(nativeMips).toFixed(0)} MIPS-eq ` +
      `(native/emulator ${geomean(nativeMips.map((n, k) => n / emuMips[k])).toFixed(1)}x; native times include process start)`);
  } else {
    console.log(`geomean: emulator ${geomean(emuMips).toFixed(1)} MIPS; native: this host cannot run i386 ELF files, not measured`);
  }
  if (rows.every((r) => r.qemuSeconds !== undefined) && rows.length > 0) {
    const q = rows.map((r) => r.instructions / (r.qemuSeconds as number) / 1e6);
    console.log(`          qemu-i386 ${geomean(q).toFixed(0)} MIPS-eq (qemu/emulator ${geomean(q.map((x, k) => x / emuMips[k])).toFixed(1)}x)`);
  } else console.log('          qemu-i386: not installed (apt-get install qemu-user), skipped');
  if (v86 === undefined) console.log('          v86: V86_DIR not set, skipped');
  else console.log(`          v86: V86_DIR=${v86} set, but v86 runs whole PCs (BIOS + OS image) and cannot run a bare Linux ELF; skipped`);
  const failed = rows.filter((r) => !r.ok).map((r) => r.name);
  if (failed.length > 0) {
    console.log(`checksum mismatch: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main();
