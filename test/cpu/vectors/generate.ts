// Instruction-level vector generator: assembles every template into a harness, runs it natively on the
// host with random and edge-case inputs (registers, EFLAGS, xmm0/xmm1, a 64-byte memory window) and
// records the resulting state into vectors.json, which the emulator replays (test/cpu/vectors.test.ts).
// Run: npx tsc -p . && node out/test/cpu/vectors/generate.js   (needs gcc -m32 and the i386 oracle: native or qemu-i386)
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { templates, Template, REG_NAMES } from './templates';
import { guestOracle, runOnOracle } from '../../support/guest-oracle';

export const IN_BYTES = 4 + 28 + 4 + 32 + 64; // template, regs, eflags, xmm0/1, window
export const STATE_BYTES = 28 + 4 + 32 + 64;
const VECTOR_FILE = path.resolve(__dirname, '../../../../test/cpu/vectors/vectors.json');
const REG_OFF = [0, 4, 8, 12, 16, 20, 24];

/** Deterministic xorshift PRNG (the generator is reproducible from its seed). */
class Rng {
  constructor(private s: number) {}
  next(): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number { return this.next() % n; }
}

const EDGES = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff];
const FLOATS = [0, -0, 1, -1, 1.5, 0.1, -2.5, 3.5, 1e30, -1e-30, 65536.75, 2147483647.5, -2147483648.4, 4294967296, 1e-40, Infinity, -Infinity, NaN, 0.5, 2.5];

function harnessAsm(ts: Template[]): string {
  const lines = ['.section .note.GNU-stack,"",@progbits', '.data', '.balign 64', '.globl win', 'win: .space 64', '.globl in_state, out_state',
    'in_state: .space 64', 'out_state: .space 64', '.text', '.globl case_fns, case_code'];
  ts.forEach((t, k) => {
    lines.push(`case_${k}:`, 'push %ebx', 'push %esi', 'push %edi', 'push %ebp',
      'movdqu in_state+32,%xmm0', 'movdqu in_state+48,%xmm1', 'pushl in_state+28', 'popf');
    REG_NAMES.forEach((r, j) => lines.push(`movl in_state+${REG_OFF[j]},%${r}`));
    lines.push(`ins_${k}:`, t.asm, `end_${k}:`);
    REG_NAMES.forEach((r, j) => lines.push(`movl %${r},out_state+${REG_OFF[j]}`));
    lines.push('pushf', 'popl out_state+28', 'movdqu %xmm0,out_state+32', 'movdqu %xmm1,out_state+48', 'cld',
      'pop %ebp', 'pop %edi', 'pop %esi', 'pop %ebx', 'ret');
  });
  lines.push('.data', 'case_fns:', ...ts.map((_, k) => `.long case_${k}`), 'case_code:', ...ts.map((_, k) => `.long ins_${k}, end_${k}`));
  return lines.join('\n') + '\n';
}

const HARNESS_C = `
#include "../guest/runtime.h"
extern unsigned char win[64], in_state[64], out_state[64];
extern void (*case_fns[])(void);
extern unsigned char *case_code[];
static unsigned char inbuf[${IN_BYTES} * 20000], outbuf[${STATE_BYTES} * 20000];
static void put32(unsigned char *p, u32 v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
int main(void) {
  int n = 0, r;
  while ((r = sys3(3, 0, (int)(inbuf + n), sizeof inbuf - n)) > 0) n += r;
  unsigned char hdr[24];
  put32(hdr, (u32)win);
  out((const char *)hdr, 4);
  int ntempl = *(u32 *)inbuf;
  for (int t = 0; t < ntempl; t++) {
    unsigned char rec[20] = {0};
    int len = case_code[2 * t + 1] - case_code[2 * t];
    put32(rec, len);
    for (int k = 0; k < len && k < 16; k++) rec[4 + k] = case_code[2 * t][k];
    out((const char *)rec, 20);
  }
  int cases = (n - 4) / ${IN_BYTES};
  for (int c = 0; c < cases; c++) {
    unsigned char *in = inbuf + 4 + c * ${IN_BYTES};
    u32 t = *(u32 *)in;
    for (int k = 0; k < 64; k++) in_state[k] = k < 64 ? in[4 + k] : 0;
    for (int k = 0; k < 64; k++) win[k] = in[4 + 64 + k];
    case_fns[t]();
    unsigned char *o = outbuf + c * ${STATE_BYTES};
    for (int k = 0; k < 64; k++) o[k] = out_state[k];
    for (int k = 0; k < 64; k++) o[64 + k] = win[k];
  }
  out((const char *)outbuf, cases * ${STATE_BYTES});
  return 0;
}
`;

function randomXmm(rng: Rng, out: Uint8Array, at: number): void {
  const dv = new DataView(out.buffer, out.byteOffset + at, 16);
  const mode = rng.below(4);
  for (let k = 0; k < 16; k += mode === 2 ? 8 : 4) {
    if (mode === 0 || mode === 3) dv.setUint32(k, mode === 0 ? rng.next() : EDGES[rng.below(EDGES.length)] * (rng.below(2) ? 1 : 0x10001) >>> 0, true);
    else {
      const f = rng.below(3) === 0 ? FLOATS[rng.below(FLOATS.length)] : ((rng.next() | 0) / (1 + rng.below(1000))) * (rng.below(2) ? 1 : 1e-3);
      if (mode === 1) dv.setFloat32(k, f, true);
      else dv.setFloat64(k, f, true);
    }
  }
}

function randomReg(rng: Rng): number {
  switch (rng.below(5)) {
    case 0: case 1: return EDGES[rng.below(EDGES.length)];
    case 2: return rng.next() & 0xff;
    case 3: return rng.next() & 0xffff;
    default: return rng.next();
  }
}

export interface VectorFile {
  win: number;
  templates: Array<{ asm: string; code: string; defined: number }>;
  /** [template index, input state hex (regs, eflags, xmm0, xmm1, window), output state hex] */
  cases: Array<[number, string, string]>;
}

function main(): void {
  const ts = templates();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-vectors-'));
  try {
    fs.writeFileSync(path.join(tmp, 'cases.S'), harnessAsm(ts));
    const guestDir = path.resolve(__dirname, '../../../../test/cpu/guest');
    fs.mkdirSync(path.join(tmp, 'v'));
    fs.writeFileSync(path.join(tmp, 'v', 'harness.c'), HARNESS_C.replace('../guest/runtime.h', path.join(guestDir, 'runtime.h')));
    const exe = path.join(tmp, 'harness');
    execFileSync('gcc', ['-m32', '-msse2', '-O1', '-static', '-nostdlib', '-ffreestanding', '-fno-pie', '-no-pie', '-fno-stack-protector',
      '-o', exe, path.join(tmp, 'v', 'harness.c'), path.join(tmp, 'cases.S')], { stdio: 'inherit' });
    const rng = new Rng(0x9e3779b9);
    const inputs: Uint8Array[] = [];
    const tIndex: number[] = [];
    ts.forEach((t, k) => {
      const n = t.count ?? 10;
      for (let c = 0; c < n; c++) {
        const rec = new Uint8Array(IN_BYTES);
        const dv = new DataView(rec.buffer);
        dv.setUint32(0, k, true);
        const regs = REG_NAMES.map(() => randomReg(rng));
        const mem = new Uint8Array(64);
        for (let b = 0; b < 64; b++) mem[b] = rng.next() & 0xff;
        t.fix?.(regs, 0, mem);
        regs.forEach((v, j) => dv.setUint32(4 + REG_OFF[j], v >>> 0, true));
        dv.setUint32(4 + 28, 0x202 | (rng.next() & 0x8d5), true);
        randomXmm(rng, rec, 4 + 32);
        randomXmm(rng, rec, 4 + 48);
        rec.set(mem, 4 + 64);
        inputs.push(rec);
        tIndex.push(k);
      }
    });
    // The window address is only known after linking: run once to learn it, then fix string pointers.
    const probe = runOnOracle(exe, { input: Buffer.from(new Uint32Array([ts.length]).buffer) });
    const win = Buffer.from(probe.stdout).readUInt32LE(0);
    inputs.forEach((rec, c) => {
      const t = ts[tIndex[c]];
      if (t.fix === undefined) return;
      const dv = new DataView(rec.buffer);
      const regs = REG_NAMES.map((_, j) => dv.getUint32(4 + REG_OFF[j], true));
      const mem = rec.slice(4 + 64);
      // Re-apply with the real window address (deterministic for the same inputs).
      t.fix(regs, win, mem);
      regs.forEach((v, j) => dv.setUint32(4 + REG_OFF[j], v >>> 0, true));
      rec.set(mem, 4 + 64);
    });
    const all = Buffer.concat([Buffer.from(new Uint32Array([ts.length]).buffer), ...inputs.map((r) => Buffer.from(r))]);
    const run = runOnOracle(exe, { input: all, maxBuffer: 256 << 20, timeoutMs: 600_000 });
    if (run.status !== 0) throw new Error(`harness failed on ${guestOracle()?.description}: status ${run.status} signal ${run.signal} ${run.error?.message ?? ''}`);
    const outBuf = Buffer.from(run.stdout);
    const file: VectorFile = { win, templates: [], cases: [] };
    ts.forEach((t, k) => {
      const rec = outBuf.subarray(4 + 20 * k, 24 + 20 * k);
      const len = rec.readUInt32LE(0);
      file.templates.push({ asm: t.asm, code: rec.subarray(4, 4 + len).toString('hex'), defined: t.defined });
    });
    const base = 4 + 20 * ts.length;
    inputs.forEach((rec, c) => {
      const o = outBuf.subarray(base + c * STATE_BYTES, base + (c + 1) * STATE_BYTES);
      file.cases.push([tIndex[c], Buffer.from(rec.subarray(4)).toString('hex'), o.toString('hex')]);
    });
    fs.writeFileSync(VECTOR_FILE, JSON.stringify(file).replace(/\],\[/g, '],\n['));
    console.log(`${ts.length} templates, ${file.cases.length} vectors → ${VECTOR_FILE}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main();
