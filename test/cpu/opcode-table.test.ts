// The opcode table is the single source of the decoder, the disassembler, block boundaries and the ALU tiers:
// these tests check the table's own consistency and that its consumers agree with each other.
import * as assert from 'assert';
import { Cpu } from '../../emulator/cpu/cpu';
import { decode } from '../../emulator/cpu/decoder';
import { disassemble } from '../../emulator/cpu/disassembler';
import { ALU32_EG_RR, ALU32_EI_R, ALU32_GE_RR, ALU_OPS, alu, cmp32MI, cmp32RM, dec32, inc32, incdec, test32RR } from '../../emulator/cpu/alu-semantics';
import { Insn } from '../../emulator/cpu/decoded-instruction';
import * as Ctl from '../../emulator/cpu/ops-control';
import { ONE_BYTE_MAP, OPCODES, TWO_BYTE_MAP } from '../../emulator/cpu/opcode-table';
import { CODE, DATA, makeCpu } from './cpu-test-util';

/** ModRM bytes covering every reg field with SIB, disp32, disp8, disp32+base and register operands. */
const MODRMS: number[] = [];
for (let reg = 0; reg < 8; reg++) for (const x of [0x04, 0x05, 0x45, 0x84, 0xc1]) MODRMS.push((reg << 3) | x);
const PREFIXES = [[], [0x66], [0xf3], [0xf2], [0x67], [0x2e]];
const TAIL = [0x24, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];

describe('cpu: opcode table', () => {
  it('describes every opcode once, with a handler or an explicit "not implemented"', () => {
    const seen = new Set<string>();
    for (const e of OPCODES) {
      const key = `${e.opcode.toString(16)}/${e.reg ?? '-'}`;
      assert.ok(!seen.has(key), `duplicate entry ${key}`);
      seen.add(key);
      assert.ok(e.opcode < 0x100 || (e.opcode & 0xff00) === 0x0f00, `${key}: not in the one-byte or 0F map`);
      assert.ok(e.exec !== undefined || e.alu !== undefined || e.unimplemented === true, `${key}: nothing executes it`);
      assert.ok(e.reg === undefined || e.modrm === true, `${key}: a group entry needs ModRM`);
      if (e.text === undefined && e.mnemonic !== '') assert.ok(!/[A-Z]/.test(e.mnemonic), `${key}: mnemonic ${e.mnemonic}`);
    }
    // Prefix bytes and the 0F escape are not opcodes.
    for (const b of [0x0f, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]) {
      assert.strictEqual(ONE_BYTE_MAP[b].entry, undefined, `prefix ${b.toString(16)} has an entry`);
    }
    assert.strictEqual(ONE_BYTE_MAP.length, 256);
    assert.strictEqual(TWO_BYTE_MAP.length, 256);
  });

  it('decoder and disassembler read the same length for every implemented form', () => {
    const { cpu, as } = makeCpu([]);
    let compared = 0;
    for (const pfx of PREFIXES) {
      for (const map of [0, 1]) {
        for (let b = 0; b < 256; b++) {
          if (map === 1 && (b === 0x38 || b === 0x3a)) continue; // three-byte maps: not in the table
          for (const m of MODRMS) {
            const bytes = [...pfx, ...(map === 1 ? [0x0f, b] : [b]), m, ...TAIL];
            const text = disassemble(Uint8Array.from(bytes), 0, CODE);
            if (text.text === '(bad)') continue;
            as.write(CODE, Uint8Array.from([...bytes, 0x90, 0x90, 0x90, 0x90]));
            const i = decode(cpu, CODE);
            if (i.fn === Ctl.undefinedOpcode) continue;
            assert.strictEqual(i.len, text.length, `${bytes.map((x) => x.toString(16)).join(' ')}: decoder ${i.len}, "${text.text}" ${text.length}`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 20000, `only ${compared} forms compared`);
  });

  it('ends a block exactly at the table\'s boundaries', () => {
    const { cpu, as } = makeCpu([]);
    const ends = (bytes: number[]): boolean => {
      as.write(CODE, Uint8Array.from([...bytes, 0, 0, 0, 0, 0, 0]));
      return decode(cpu, CODE).ends;
    };
    assert.strictEqual(ends([0x01, 0xc8]), false); // add %ecx,%eax
    assert.strictEqual(ends([0x74, 0x00]), true); // je
    assert.strictEqual(ends([0xff, 0xd0]), true); // call *%eax
    assert.strictEqual(ends([0xff, 0xc0]), false); // inc %eax
    assert.strictEqual(ends([0xa5]), false); // movsl
    assert.strictEqual(ends([0xf3, 0xa5]), true); // rep movsl
    assert.strictEqual(ends([0x0f, 0x0b]), true); // ud2
    assert.strictEqual(ends([0xf4]), true); // hlt (privileged)
  });

  it('marks pure (no fault, no memory) only register forms of pure entries', () => {
    const { cpu, as } = makeCpu([]);
    const pure = (bytes: number[]): boolean => {
      as.write(CODE, Uint8Array.from([...bytes, 0, 0, 0, 0, 0, 0]));
      return decode(cpu, CODE).pure;
    };
    assert.strictEqual(pure([0x01, 0xc8]), true); // add %ecx,%eax
    assert.strictEqual(pure([0x01, 0x08]), false); // add %ecx,(%eax)
    assert.strictEqual(pure([0xf0, 0x01, 0xc8]), false); // lock on a register: #UD
    assert.strictEqual(pure([0xf7, 0xf1]), false); // div %ecx: #DE
    assert.strictEqual(pure([0x50]), false); // push: writes memory
    assert.strictEqual(pure([0x0f, 0xae, 0xe8]), true); // lfence
    assert.strictEqual(pure([0x0f, 0xae, 0xc0]), false); // 0F AE /0 with a register: #UD
  });
});

describe('cpu: ALU family from one definition', () => {
  const VALUES = [0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000, -1, 0x12345678, -0x6543210f];

  let shared: Cpu | undefined;
  /** Runs `fn` with eax=a, ecx=b (and CF=cf); returns eax and the materialised flags. */
  function run(fn: (c: Cpu, i: Insn) => void, i: Insn, a: number, b: number, cf: number): [number, number] {
    const cpu = (shared ??= makeCpu([]).cpu);
    cpu.regs[0] = a;
    cpu.regs[1] = b;
    cpu.setEflags(0x202 | cf);
    fn(cpu, i);
    return [cpu.regs[0], cpu.getEflags()];
  }

  it('fast 32-bit handlers agree with the sized interpreter op on every op, operand and carry-in', () => {
    for (let op = 0; op < 8; op++) {
      for (const a of VALUES) for (const b of VALUES) for (const cf of [0, 1]) {
        const reference = (c: Cpu): void => {
          const r = alu(c, op, c.r[0], c.r[1], 4);
          if (!ALU_OPS[op].discard) c.r[0] = r;
        };
        const want = run(reference, new Insn(Ctl.nop), a, b, cf);
        const rr = new Insn(Ctl.nop);
        rr.rm = 0; rr.reg = 1;
        const eg = ALU32_EG_RR[op];
        if (eg !== undefined) assert.deepStrictEqual(run(eg, rr, a, b, cf), want, `${ALU_OPS[op].name} EG ${a},${b}`);
        const ge = ALU32_GE_RR[op];
        const gr = new Insn(Ctl.nop);
        gr.reg = 0; gr.rm = 1;
        if (ge !== undefined) assert.deepStrictEqual(run(ge, gr, a, b, cf), want, `${ALU_OPS[op].name} GE ${a},${b}`);
        const ei = ALU32_EI_R[op];
        const ir = new Insn(Ctl.nop);
        ir.rm = 0; ir.imm = b;
        if (ei !== undefined) assert.deepStrictEqual(run(ei, ir, a, 0, cf), run(reference, ir, a, b, cf), `${ALU_OPS[op].name} EI ${a},${b}`);
      }
    }
  });

  it('inc and dec keep CF in the fast tier as in the interpreter', () => {
    for (const a of VALUES) for (const cf of [0, 1]) for (const dec of [false, true]) {
      const i = new Insn(Ctl.nop);
      i.reg = 0;
      const want = run((c) => { c.r[0] = incdec(c, c.r[0], dec, 4); }, i, a, 0, cf);
      assert.deepStrictEqual(run(dec ? dec32 : inc32, i, a, 0, cf), want, `${dec ? 'dec' : 'inc'} ${a} cf=${cf}`);
      assert.strictEqual(want[1] & 1, cf, 'CF kept');
    }
  });

  it('the memory-operand and test shapes agree with the interpreter', () => {
    const { cpu, as } = makeCpu([]);
    for (const a of VALUES) for (const b of VALUES) {
      as.write(DATA, Uint8Array.from([b & 0xff, (b >> 8) & 0xff, (b >> 16) & 0xff, (b >>> 24) & 0xff]));
      const i = new Insn(Ctl.nop);
      i.mem = true; i.disp = DATA; i.reg = 0; i.imm = a;
      cpu.regs[0] = a;
      cmp32RM(cpu, i);
      const fromMem = cpu.getEflags();
      alu(cpu, 7, a, b, 4);
      assert.strictEqual(fromMem, cpu.getEflags(), `cmp ${a},[${b}]`);
      cmp32MI(cpu, i); // cmp [b], a
      const mi = cpu.getEflags();
      alu(cpu, 7, b, a, 4);
      assert.strictEqual(mi, cpu.getEflags(), `cmp [${b}],${a}`);
      const t = new Insn(Ctl.nop);
      t.rm = 0; t.reg = 1;
      cpu.regs[1] = b;
      test32RR(cpu, t);
      const tested = cpu.getEflags();
      alu(cpu, 4, a, b, 4);
      assert.strictEqual(tested, cpu.getEflags(), `test ${a},${b}`);
    }
  });
});
