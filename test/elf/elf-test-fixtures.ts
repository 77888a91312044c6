// Test inputs for the ELF parser: a gcc -m32 build in a temp dir (when gcc works) and a hand-built minimal image.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ELF_TEST_PROGRAM = `int counter = 5;
static char buffer[64];
int add(int a, int b) { counter++; return a + b + buffer[a & 63]; }
void _start(void)
{
    int r = add(2, 3);
    buffer[r & 63] = 1;
    for (;;) __asm__ volatile("int $0x80" : : "a"(1), "b"(r));
}
`;

export interface GccBuild { dir: string; binary: string; object: string; binary64?: string }

/** Compiles the test program as a static i386 executable, an object file and (if possible) a 64-bit executable. */
export function buildWithGcc(): GccBuild | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-elf-'));
  const src = path.join(dir, 'prog.c');
  fs.writeFileSync(src, ELF_TEST_PROGRAM);
  const common = ['-O1', '-ffreestanding', '-nostdlib', '-static', '-fno-pie', '-no-pie', '-fno-stack-protector'];
  const binary = path.join(dir, 'prog');
  if (spawnSync('gcc', ['-m32', ...common, '-o', binary, src]).status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const object = path.join(dir, 'prog.o');
  spawnSync('gcc', ['-m32', '-c', '-O1', '-ffreestanding', '-o', object, src]);
  const binary64 = path.join(dir, 'prog64');
  const ok64 = spawnSync('gcc', [...common, '-o', binary64, src]).status === 0;
  return { dir, binary, object, binary64: ok64 ? binary64 : undefined };
}

export function tool(cmd: string, args: string[]): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

/**
 * A minimal valid ELF32 i386 executable: one PT_LOAD with 4 bytes of code at 0x08048000 + 0x74, a section header
 * table with .text, .symtab, .strtab and .shstrtab, and one global function symbol `entry_fn` of size 4.
 */
export function minimalElf(): Uint8Array {
  const shstr = Buffer.from('\0.text\0.symtab\0.strtab\0.shstrtab\0', 'latin1');
  const str = Buffer.from('\0entry_fn\0', 'latin1');
  const code = Buffer.from([0x90, 0x90, 0xeb, 0xfe]);
  const base = 0x08048000;
  const codeOff = 52 + 32;
  const symOff = codeOff + code.length;
  const strOff = symOff + 32;
  const shstrOff = strOff + str.length;
  const shOff = (shstrOff + shstr.length + 3) & ~3;
  const total = shOff + 5 * 40;
  const b = Buffer.alloc(total);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  b.writeUInt16LE(2, 16); b.writeUInt16LE(3, 18); b.writeUInt32LE(1, 20);
  b.writeUInt32LE(base + codeOff, 24); b.writeUInt32LE(52, 28); b.writeUInt32LE(shOff, 32);
  b.writeUInt16LE(52, 40); b.writeUInt16LE(32, 42); b.writeUInt16LE(1, 44);
  b.writeUInt16LE(40, 46); b.writeUInt16LE(5, 48); b.writeUInt16LE(4, 50);
  // PT_LOAD covering the headers and the code, R+X.
  const ph = 52;
  b.writeUInt32LE(1, ph); b.writeUInt32LE(0, ph + 4); b.writeUInt32LE(base, ph + 8); b.writeUInt32LE(base, ph + 12);
  b.writeUInt32LE(codeOff + code.length, ph + 16); b.writeUInt32LE(codeOff + code.length, ph + 20);
  b.writeUInt32LE(5, ph + 24); b.writeUInt32LE(0x1000, ph + 28);
  code.copy(b, codeOff);
  // Symbol 1: entry_fn, global func in section 1.
  b.writeUInt32LE(1, symOff + 16); b.writeUInt32LE(base + codeOff, symOff + 20); b.writeUInt32LE(4, symOff + 24);
  b[symOff + 28] = (1 << 4) | 2; b.writeUInt16LE(1, symOff + 30);
  str.copy(b, strOff);
  shstr.copy(b, shstrOff);
  const sh = (i: number, name: number, type: number, flags: number, addr: number, off: number, size: number, link: number, entsize: number): void => {
    const at = shOff + i * 40;
    b.writeUInt32LE(name, at); b.writeUInt32LE(type, at + 4); b.writeUInt32LE(flags, at + 8); b.writeUInt32LE(addr, at + 12);
    b.writeUInt32LE(off, at + 16); b.writeUInt32LE(size, at + 20); b.writeUInt32LE(link, at + 24);
    b.writeUInt32LE(1, at + 32); b.writeUInt32LE(entsize, at + 36);
  };
  sh(1, 1, 1, 6, base + codeOff, codeOff, code.length, 0, 0);
  sh(2, 7, 2, 0, 0, symOff, 32, 3, 16);
  sh(3, 15, 3, 0, 0, strOff, str.length, 0, 0);
  sh(4, 23, 3, 0, 0, shstrOff, shstr.length, 0, 0);
  return new Uint8Array(b);
}

/** Deterministic pseudo-random numbers for fuzzing (xorshift32), so failures reproduce. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}
