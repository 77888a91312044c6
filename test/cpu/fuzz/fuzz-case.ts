// One fuzz case: an instruction stream placed in the code pages plus the initial machine state. The same
// description drives the qemu-i386 harness (harness.c, wire format below) and our CPU (machine.ts).

/** Guest memory map shared by the harness and our CPU. */
export const CODE_VA = 0x10000000, CODE_BYTES = 8192; // RWX; the page after is unmapped
export const RO_VA = 0x1ffff000; // one read-only page
export const DATA_VA = 0x20000000, DATA_BYTES = 8192; // RW; the page after is unmapped
export const STACK_VA = 0x30000000; // one RW page

export const FLAG_MMX_INIT = 1, FLAG_DUMP_MEMORY = 2;

export interface FuzzCase {
  /** Offset of the stream in the code pages (near 8192 for fetch faults at the page end). */
  codeOff: number;
  /** The stream, hex. */
  code: string;
  /** Seeds the contents of the RO, data and stack pages (xorshift32, see fillWords). */
  memSeed: number;
  flags: number;
  maxSteps: number;
  /** eax ecx edx ebx esp ebp esi edi */
  regs: number[];
  eflags: number;
  mxcsr: number;
  fpuCw: number;
  /** x87 stack contents, st(0) first (empty when FLAG_MMX_INIT). */
  x87: number[];
  /** xmm0..7, hex (128 bytes). */
  xmm: string;
  /** mm0..7, hex (64 bytes), loaded when FLAG_MMX_INIT. */
  mm: string;
}

/** Size of struct case_in in harness.c. */
export const CASE_HEADER = 5 * 4 + 32 + 8 + 4 + 64 + 128 + 64;

export function encodeCase(c: FuzzCase): Buffer {
  const code = Buffer.from(c.code, 'hex');
  const b = Buffer.alloc(CASE_HEADER + code.length);
  let o = 0;
  for (const v of [c.codeOff, code.length, c.memSeed, c.flags, c.maxSteps, ...c.regs, c.eflags, c.mxcsr]) { b.writeUInt32LE(v >>> 0, o); o += 4; }
  b.writeUInt16LE(c.fpuCw, o); b.writeUInt16LE(c.x87.length, o + 2); o += 4;
  c.x87.forEach((v, k) => b.writeDoubleLE(v, o + 8 * k));
  o += 64;
  Buffer.from(c.xmm, 'hex').copy(b, o); o += 128;
  Buffer.from(c.mm, 'hex').copy(b, o); o += 64;
  code.copy(b, o);
  return b;
}

/** Fills `words` 32-bit words of `out` from the xorshift32 state; returns the new state (harness.c fill()). */
export function fillWords(state: number, out: Uint8Array, words: number): number {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let s = state >>> 0;
  for (let k = 0; k < words; k++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    dv.setUint32(4 * k, s, true);
  }
  return s;
}

/** The checksum the harness records after every step (harness.c memsum()), over code, data and stack pages. */
export function memoryChecksum(regions: Uint8Array[]): number {
  let h = 0x811c9dc5;
  for (const r of regions) {
    const dv = new DataView(r.buffer, r.byteOffset, r.byteLength);
    for (let k = 0; k < r.byteLength; k += 4) {
      h = Math.imul((h ^ dv.getUint32(k, true)) >>> 0, 0x01000193) >>> 0;
      h = (h ^ (h >>> 15)) >>> 0;
    }
  }
  return h;
}
