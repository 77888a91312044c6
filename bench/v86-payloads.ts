// The same C payloads under the `v86` npm package (its wasm JIT), in this Node process: each payload is built
// a second time with bench/payloads/runtime.h's multiboot runtime (output on the serial port, exit halts) and
// booted by v86's multiboot loader without a BIOS. The time runs from creating the emulator (wasm compile and
// all) to the newline of the checksum line, as our own runs include JIT warm-up.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PAYLOAD_DIR = path.resolve(__dirname, '../../bench/payloads');

export interface V86Result {
  /** Host seconds per payload name. */
  seconds: Map<string, number>;
  /** Checksum lines per payload name, for comparison with the oracle. */
  output: Map<string, string>;
  /** Why v86 did not run, or what went wrong. */
  note?: string;
}

interface V86Instance {
  add_listener(event: string, listener: (value: number) => void): void;
  destroy(): Promise<void> | void;
}
type V86Constructor = new (options: Record<string, unknown>) => V86Instance;

// v86 ships as an ES module; a plain `import()` would be turned into `require` by our CommonJS build.
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ V86: V86Constructor }>;

function buildMultiboot(name: string, dir: string): Buffer {
  const elf = path.join(dir, `${name}.mb`);
  execFileSync('gcc', ['-m32', '-O2', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie', '-fno-stack-protector',
    '-fno-asynchronous-unwind-tables', '-DMULTIBOOT_RUNTIME', '-Wl,--build-id=none', '-Wl,-Ttext=0x200000',
    '-o', elf, path.join(PAYLOAD_DIR, `${name}.c`)]);
  const bytes = fs.readFileSync(elf);
  const at = bytes.indexOf(Buffer.from([0x02, 0xb0, 0xad, 0x1b]));
  if (at < 0 || at >= 8192) throw new Error(`${name}: the multiboot header is not in the first 8 KiB of the image (offset ${at})`);
  return bytes;
}

function runOne(V86: V86Constructor, wasmPath: string, image: Buffer, timeoutMs: number): Promise<{ seconds: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const emulator = new V86({
      wasm_path: wasmPath,
      memory_size: 64 * 1024 * 1024,
      multiboot: { buffer: image.buffer.slice(image.byteOffset, image.byteOffset + image.length) },
      autostart: true,
      disable_speaker: true,
    });
    let output = '';
    const timer = setTimeout(() => {
      void emulator.destroy();
      reject(new Error(`no output after ${timeoutMs} ms (printed so far: ${JSON.stringify(output)})`));
    }, timeoutMs);
    emulator.add_listener('serial0-output-byte', (byte) => {
      output += String.fromCharCode(byte);
      if (byte === 10) {
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        clearTimeout(timer);
        void Promise.resolve(emulator.destroy()).then(() => resolve({ seconds, output }));
      }
    });
  });
}

/** Runs each named payload under v86; never throws (a failure becomes `note`). */
export async function runV86Payloads(names: string[], log: (line: string) => void = console.log): Promise<V86Result> {
  const result: V86Result = { seconds: new Map(), output: new Map() };
  let V86: V86Constructor;
  let wasmPath: string;
  try {
    V86 = (await importModule('v86')).V86;
    wasmPath = path.join(path.dirname(require.resolve('v86/package.json')), 'build', 'v86.wasm');
  } catch (e) {
    result.note = `the v86 package could not be loaded: ${(e as Error).message}`;
    return result;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-bench-v86-'));
  try {
    for (const name of names) {
      try {
        const r = await runOne(V86, wasmPath, buildMultiboot(name, tmp), 300000);
        result.seconds.set(name, r.seconds);
        result.output.set(name, r.output);
        log(`${name.padEnd(8)} v86 ${r.seconds.toFixed(3)} s  ${r.output.trim()}`);
      } catch (e) {
        result.note = `${result.note ? `${result.note}; ` : ''}${name}: ${(e as Error).message}`;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return result;
}
