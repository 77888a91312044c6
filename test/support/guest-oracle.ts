// The reference CPU for differential tests and `npm run bench`: a static 32-bit Linux ELF runs natively when the
// host kernel executes i386 binaries, otherwise under qemu-i386 (Debian's qemu-user). The choice is made once per
// process, from a probe program written here (no compiler needed), and printed once.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type OracleKind = 'native' | 'qemu-i386';

export interface GuestOracle {
  kind: OracleKind;
  /** One line naming the oracle and its version, e.g. "qemu-i386 (qemu-i386 version 7.2.22 ...)". */
  description: string;
}

export interface OracleRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** Set when the program could not be started or was killed by the timeout. */
  error?: Error;
}

export interface OracleRunOptions {
  input?: Buffer;
  timeoutMs?: number;
  maxBuffer?: number;
}

/** FIASCO_GUEST_ORACLE=qemu-i386 forces qemu even where native execution works (to test this path there). */
const FORCE_ENV = 'FIASCO_GUEST_ORACLE';

let decided: { oracle?: GuestOracle; why: string } | undefined;

/** The oracle for this process, or undefined (see `guestOracleMissingReason`). Probes once, prints once. */
export function guestOracle(): GuestOracle | undefined {
  if (decided === undefined) {
    decided = decide();
    console.log(decided.oracle ? `oracle: ${decided.oracle.description}` : `oracle: none (${decided.why})`);
  }
  return decided.oracle;
}

/** Why no oracle is available ('' when there is one). */
export function guestOracleMissingReason(): string {
  guestOracle();
  return decided!.oracle ? '' : decided!.why;
}

/** The command line that runs `elf` (with `args`) on the oracle. */
export function oracleCommand(oracle: GuestOracle, elf: string, args: string[] = []): { command: string; args: string[] } {
  return oracle.kind === 'native' ? { command: elf, args } : { command: 'qemu-i386', args: [elf, ...args] };
}

/** Runs a static i386 Linux ELF on the oracle; throws when there is none. */
export function runOnOracle(elf: string, options: OracleRunOptions = {}): OracleRun {
  const oracle = guestOracle();
  if (oracle === undefined) throw new Error(`no oracle to run ${elf}: ${guestOracleMissingReason()}`);
  const { command, args } = oracleCommand(oracle, elf);
  const r = spawnSync(command, args, { input: options.input, timeout: options.timeoutMs ?? 60_000, maxBuffer: options.maxBuffer ?? 64 << 20 });
  return toRun(r);
}

function toRun(r: SpawnSyncReturns<Buffer>): OracleRun {
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8'), error: r.error };
}

function decide(): { oracle?: GuestOracle; why: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-oracle-'));
  try {
    const probe = path.join(dir, 'exit7');
    fs.writeFileSync(probe, exitSevenElf(), { mode: 0o755 });
    const forced = process.env[FORCE_ENV];
    if (forced !== undefined && forced !== 'qemu-i386' && forced !== 'native') {
      return { why: `${FORCE_ENV}=${forced} is neither "native" nor "qemu-i386"` };
    }
    let nativeWhy = `skipped: ${FORCE_ENV}=${forced}`;
    if (binfmtQemuEnabled()) {
      // The kernel would hand i386 files to qemu itself: say so, and run qemu explicitly (gdb needs its gdbstub).
      nativeWhy = 'i386 ELF files run through binfmt_misc qemu-i386 here, not natively';
      if (forced === 'native') return { why: `${FORCE_ENV}=native but ${nativeWhy}` };
    } else if (forced !== 'qemu-i386') {
      const native = spawnSync(probe, [], { timeout: 10_000 });
      if (native.status === 7) return { oracle: { kind: 'native', description: `native (${os.type()} ${os.arch()} runs i386 ELF files)` }, why: '' };
      nativeWhy = native.error ? native.error.message.replace(/^spawnSync \S+ /, '') : `the exit(7) probe did not run: status ${native.status ?? native.signal}`;
      if (forced === 'native') return { why: `${FORCE_ENV}=native but the host cannot run i386 ELF files (${nativeWhy})` };
    }
    const qemu = spawnSync('qemu-i386', [probe], { timeout: 10_000 });
    if (qemu.status === 7) {
      const version = spawnSync('qemu-i386', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
      return { oracle: { kind: 'qemu-i386', description: `qemu-i386 (${version})` }, why: '' };
    }
    const qemuWhy = qemu.error ? 'qemu-i386 not installed (apt-get install qemu-user)' : `qemu-i386 probe exited with ${qemu.status ?? qemu.signal}`;
    return { why: `host cannot run i386 ELF files (${nativeWhy}) and ${qemuWhy}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** True when Linux's binfmt_misc runs i386 ELF files through qemu (package qemu-user-binfmt). */
function binfmtQemuEnabled(): boolean {
  try {
    return fs.readFileSync('/proc/sys/fs/binfmt_misc/qemu-i386', 'utf8').startsWith('enabled');
  } catch {
    return false;
  }
}

/**
 * A minimal static ELF32 i386 executable (one PT_LOAD, no sections) whose code is
 * `mov $1,%eax; mov $7,%ebx; int $0x80`: Linux exit(7).
 */
export function exitSevenElf(): Buffer {
  const base = 0x08048000;
  const code = Buffer.from([0xb8, 1, 0, 0, 0, 0xbb, 7, 0, 0, 0, 0xcd, 0x80]);
  const codeOff = 52 + 32;
  const b = Buffer.alloc(codeOff + code.length);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0); // magic, ELFCLASS32, little-endian, version 1
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(3, 18); // EM_386
  b.writeUInt32LE(1, 20);
  b.writeUInt32LE(base + codeOff, 24); // e_entry
  b.writeUInt32LE(52, 28); // e_phoff
  b.writeUInt16LE(52, 40); b.writeUInt16LE(32, 42); b.writeUInt16LE(1, 44); // ehsize, phentsize, phnum
  b.writeUInt16LE(40, 46); // shentsize (no sections)
  const ph = 52;
  b.writeUInt32LE(1, ph); // PT_LOAD
  b.writeUInt32LE(0, ph + 4); b.writeUInt32LE(base, ph + 8); b.writeUInt32LE(base, ph + 12);
  b.writeUInt32LE(b.length, ph + 16); b.writeUInt32LE(b.length, ph + 20);
  b.writeUInt32LE(5, ph + 24); b.writeUInt32LE(0x1000, ph + 28); // R+X, page aligned
  code.copy(b, codeOff);
  return b;
}
