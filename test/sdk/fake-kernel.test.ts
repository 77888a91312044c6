// Runs SDK programs natively against a fake L4 kernel (native/
// fake_kernel_harness.c) to check the IPC binding, crt0's aux-vector
// handling, stdout over vcon and exit over the parent protocol.
import * as assert from 'assert';
import * as path from 'path';
import { REPO, compileNative, native, requireNative32, runNative, sdkLib, tempDir } from './native-toolchain';

// Everything of the runtime except the absolute syscall address, which the
// harness replaces with its fake kernel entry.
const RUNTIME = ['crt0.S', 'libc_start.c', 'printf.c', 'stdout_buffer.c', 'stdout_vcon.c', 'exit.c',
  'string.c', 'int64_division.c'].map(sdkLib);

function runWithFakeKernel(mainC: string): ReturnType<typeof runNative> {
  const exe = path.join(tempDir('fk'), 'prog');
  compileNative(exe, [native('fake_kernel_harness.c'), mainC, ...RUNTIME], 'harness_start');
  return runNative(exe);
}

interface Ipc { tag: number; timeout: number; dest: number; slabel: number }

function ipcs(stderr: string): Ipc[] {
  return [...stderr.matchAll(/^ipc tag=(\S+) timeout=(\S+) dest=(\S+) slabel=(\S+)$/gm)]
    .map((m) => ({ tag: Number(m[1]), timeout: Number(m[2]), dest: Number(m[3]), slabel: Number(m[4]) }));
}

const msgtag = (label: number, words: number, items: number, flags: number): number =>
  (((label << 16) | (words & 0x3f) | ((items & 0x3f) << 6) | (flags & 0xf000)) >>> 0);

describe('sdk runtime on a fake kernel', function () {
  before(function () {
    requireNative32(this);
  });

  it('hello: puts goes to the log as one vcon write, then exit(0) via the parent', () => {
    const r = runWithFakeKernel(path.join(REPO, 'examples/hello/pkg/hello/server/src/main.c'));
    assert.strictEqual(r.stdout.toString('latin1'), 'hello\n');
    assert.strictEqual(r.status, 0, r.stderr);
    const calls = ipcs(r.stderr);
    assert.deepStrictEqual(calls, [
      // send-only to log cap 0x5000, PROTO_LOG, 2 + 2 words, SCHEDULE flag
      { tag: msgtag(-13, 4, 0, 0x2000), timeout: 0, dest: 0x5000 | 1, slabel: 0 },
      // call to parent: L4RE_PROTO_PARENT, 3 words
      { tag: msgtag(0x4002, 3, 0, 0), timeout: 0, dest: 0x13000 | 3, slabel: 0 },
    ]);
    assert.match(r.stderr, /^exit status=0x0$/m);
  });

  it('hello-syscall: the hand-made IPC sends 4 words with 7 characters', () => {
    const r = runWithFakeKernel(path.join(REPO, 'examples/hello/pkg/hello-syscall/server/src/main.c'));
    assert.strictEqual(r.stdout.toString('latin1'), 'hello\n\0');
    assert.strictEqual(r.status, 0, r.stderr);
    const calls = ipcs(r.stderr);
    assert.strictEqual(calls.length, 2);
    assert.deepStrictEqual(calls[0], { tag: msgtag(-13, 4, 0, 0), timeout: 0, dest: 0x5001, slabel: 0 });
    assert.match(r.stderr, /^vcon len=0x7 words=0x4$/m);
  });

  it('crt0 finds argv, envp, the env and the KIP; stdout is chunked; exit status arrives', () => {
    const r = runWithFakeKernel(native('env_probe.c'));
    const out = r.stdout.toString('latin1');
    const lines = out.split('\n');
    assert.strictEqual(lines[0], 'argc=2 argv0=rom/probe argv1=second argv2=(nil) envp0=HOME=/ envp1=(nil)');
    assert.strictEqual(lines[1], 'env=ok log=0x5000 parent=0x13000 kip=0xb0000000');
    assert.strictEqual(lines[2], 'rom=0x16000 long=0x17000 missing=0xfffff800');
    assert.strictEqual(lines[3], 'a'.repeat(300));
    assert.strictEqual(lines[4], 'u64=18446744073709551615 s64=-9223372036854775808');
    // Flushed by exit() although it has no newline.
    assert.strictEqual(lines[5], 'unterminated');
    assert.strictEqual(r.status, 42);
    const lens = [...r.stderr.matchAll(/^vcon len=(\S+) words=(\S+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [len, words] of lens) {
      assert.ok(len <= 244, `chunk of ${len} bytes exceeds L4_VCON_WRITE_SIZE`);
      assert.strictEqual(words, 2 + Math.ceil(len / 4));
    }
    // The 301-byte line: one full 244-byte message, then the rest with '\n'.
    assert.deepStrictEqual(lens.slice(3, 5).map((l) => l[0]), [244, 57]);
    // The exit IPC is the last one and carries status 42.
    const calls = ipcs(r.stderr);
    assert.deepStrictEqual(calls[calls.length - 1], { tag: msgtag(0x4002, 3, 0, 0), timeout: 0, dest: 0x13003, slabel: 0 });
    assert.match(r.stderr, /^exit status=0x2a$/m);
  });
});
