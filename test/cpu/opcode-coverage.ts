// Opcode-form census: every (prefix, opcode, ModRM.reg, register/memory) combination of the one-byte and 0F
// maps (all ModRM values for the x87 escapes) is executed once; a form is implemented when it does not raise
// #UD. Forms are counted by their disassembly with registers and numbers abstracted ("addl $N,(R)").
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Cpu, Reg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { decode } from '../../emulator/cpu/decoder';
import { disassemble } from '../../emulator/cpu/disassembler';
import * as Ctl from '../../emulator/cpu/ops-control';
import { CODE, DATA, STACK_TOP, makeCpu } from './cpu-test-util';

const PREFIXES = [[], [0x66], [0xf3], [0xf2]];
const PREFIX_BYTES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x0f]);

export interface Candidate { bytes: number[]; }

export function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (const pfx of PREFIXES) {
    for (const map of [0, 1]) {
      for (let b = 0; b < 256; b++) {
        if (map === 0 && PREFIX_BYTES.has(b)) continue;
        if (map === 1 && (b === 0x38 || b === 0x3a)) continue; // three-byte maps (SSSE3 and later)
        const op = map === 0 ? [b] : [0x0f, b];
        const x87 = map === 0 && b >= 0xd8 && b <= 0xdf;
        const modrms: number[] = [];
        for (let reg = 0; reg < 8; reg++) {
          modrms.push(reg << 3); // memory (%eax)
          if (x87) for (let rm = 0; rm < 8; rm++) modrms.push(0xc0 | (reg << 3) | rm);
          else modrms.push(0xc0 | (reg << 3) | 1);
        }
        for (const m of modrms) out.push({ bytes: [...pfx, ...op, m, 0, 0, 0, 0, 0, 0] });
      }
    }
  }
  return out;
}

/** Abstracts registers and numbers so that encodings of one form share a key. */
export function shapeOf(text: string): string {
  let t = text.replace(/%st\(\d\)/g, 'ST').replace(/%(xmm|mm)\d/g, '$1')
    .replace(/%e[a-d]x|%e[sd]i|%e[sb]p|%eiz/g, 'R32').replace(/%[a-d]x|%[sd]i|%[sb]p/g, 'R16').replace(/%[a-d][lh]/g, 'R8')
    .replace(/\$?-?0x[0-9a-f]+|\b[0-9a-f]{4,}\b/g, 'N').replace(/,\d\)/g, ',S)').replace(/\s+/g, ' ').trim();
  // A repeat prefix on a non-string instruction is ignored by the CPU: same form.
  if (/^rep(n?z)? /.test(t) && !/^rep(n?z)? (movs|stos|lods|cmps|scas|ins|outs)/.test(t)) t = t.replace(/^rep(n?z)? /, '');
  // So are MPX's bnd (F2 on a branch) and a 66 the instruction ignores (data16): same form.
  t = t.replace(/^(bnd|data16) /, '');
  return t;
}

export interface Census { implemented: Set<string>; undefinedForms: Set<string>; privileged: Set<string>; }

/** Runs every candidate; returns the implemented form shapes (and those raising #UD or #GP as privileged). */
export function census(): Census {
  const { cpu, as } = makeCpu([]);
  const res: Census = { implemented: new Set(), undefinedForms: new Set(), privileged: new Set() };
  for (const c of candidates()) {
    as.write(CODE, Uint8Array.from([...c.bytes, 0xcc, 0xcc]));
    const text = disassemble(Uint8Array.from(c.bytes), 0, CODE).text;
    if (text === '(bad)') continue;
    const shape = shapeOf(text);
    const insn = decode(cpu, CODE);
    if (insn.fn === Ctl.privileged) { res.privileged.add(shape); continue; }
    for (let r = 0; r < 8; r++) cpu.regs[r] = DATA + 64;
    cpu.regs[Reg.ECX] = 2;
    cpu.regs[Reg.ESP] = STACK_TOP - 64;
    cpu.fpu.reset();
    cpu.setEflags(0x202);
    cpu.eip = CODE;
    const why = cpu.run(4);
    if (why === StopReason.Fault && cpu.vector === Vector.UD && cpu.eip === CODE) res.undefinedForms.add(shape);
    else res.implemented.add(shape);
  }
  return res;
}

/** objdump's view of the same candidates: the shapes GNU binutils accepts (for the cross-check). */
export function objdumpShapes(): Set<string> | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-census-'));
  try {
    const blob: number[] = [];
    const starts = new Set<number>();
    for (const c of candidates()) {
      starts.add(blob.length);
      blob.push(...c.bytes);
      for (let k = 0; k < 16; k++) blob.push(0x90);
    }
    const file = path.join(dir, 'blob.bin');
    fs.writeFileSync(file, Uint8Array.from(blob));
    const text = execFileSync('objdump', ['-D', '-b', 'binary', '-m', 'i386', '-w', file], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const shapes = new Set<string>();
    for (const line of text.split('\n')) {
      const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
      if (!m || !starts.has(parseInt(m[1], 16))) continue;
      const t = m[2].replace(/\s+<[^>]*>$/, '').trim();
      if (t.startsWith('(bad)') || t === '') continue;
      shapes.add(shapeOf(t));
    }
    return shapes;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void Cpu;
