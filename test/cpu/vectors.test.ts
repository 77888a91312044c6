// Replays the committed instruction vectors (recorded on the host CPU by vectors/generate.ts): each
// vector's instruction runs once in the emulator from the recorded input state, and the registers,
// defined EFLAGS bits, xmm0/xmm1 and the memory window must equal the host's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { Cpu, Reg, StopReason } from '../../emulator/cpu/cpu';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';
import { HOT_THRESHOLD, tiers } from '../../emulator/cpu/basic-block';
import type { VectorFile } from './vectors/generate';

const FILE = path.resolve(__dirname, '../../../test/cpu/vectors/vectors.json');
const CODE_VA = 0x00400000;
const STACK_VA = 0x00800000;
/** Vector register order EAX ECX EDX EBX EBP ESI EDI → emulator register numbers. */
const REGS = [Reg.EAX, Reg.ECX, Reg.EDX, Reg.EBX, Reg.EBP, Reg.ESI, Reg.EDI];
const NAMES = ['eax', 'ecx', 'edx', 'ebx', 'ebp', 'esi', 'edi'];

/** The three execution tiers: single-step dispatch, interpreted blocks, compiled blocks. */
const TIERS: Array<[string, boolean, number]> = [['single-step', false, HOT_THRESHOLD], ['block', true, 1e9], ['compiled', true, 1]];

describe('cpu: instruction vectors recorded on the host CPU', function () {
  this.timeout(120000);
  afterEach(() => { Cpu.blocks = true; tiers.hotThreshold = HOT_THRESHOLD; });
  for (const [tier, blocks, threshold] of TIERS) it(`replays every vector (${tier} tier)`, function () {
    Cpu.blocks = blocks;
    tiers.hotThreshold = threshold;
    const file = JSON.parse(fs.readFileSync(FILE, 'utf8')) as VectorFile;
    const phys = new PhysicalMemory(8 * 1024 * 1024);
    const as = new AddressSpace(phys);
    as.map(CODE_VA, phys.allocFrame(), PROT_R | PROT_X);
    const winPage = file.win & ~0xfff;
    as.map(winPage, phys.allocFrame(), PROT_R | PROT_W);
    if (((file.win + 64 - 1) & ~0xfff) !== winPage) as.map(winPage + 4096, phys.allocFrame(), PROT_R | PROT_W);
    as.map(STACK_VA - 4096, phys.allocFrame(), PROT_R | PROT_W);
    const cpu = new Cpu(as);
    const failures: string[] = [];
    const forms = new Set<string>();
    let checked = 0;
    for (const [t, inHex, outHex] of file.cases) {
      const tmpl = file.templates[t];
      const code = Buffer.from(tmpl.code, 'hex');
      const input = Buffer.from(inHex, 'hex'), want = Buffer.from(outHex, 'hex');
      // Trailing int3 so a block never runs into stale bytes.
      as.write(CODE_VA, Uint8Array.from([...code, 0xcc]));
      REGS.forEach((r, j) => { cpu.regs[r] = input.readUInt32LE(4 * j); });
      cpu.regs[Reg.ESP] = STACK_VA - 16;
      cpu.setEflags(input.readUInt32LE(28));
      cpu.simd.u8.set(input.subarray(32, 64), 0);
      as.write(file.win, input.subarray(64, 128));
      cpu.eip = CODE_VA;
      // Runs to the int3 (rep string instructions retire one iteration per step).
      const stop = cpu.run(64);
      const problems: string[] = [];
      if (stop !== StopReason.Interrupt || cpu.vector !== 3 || cpu.eip !== CODE_VA + code.length + 1) {
        problems.push(`stopped ${StopReason[stop]} vector ${cpu.vector} eip 0x${cpu.eip.toString(16)}`);
      } else {
        REGS.forEach((r, j) => {
          const w = want.readUInt32LE(4 * j);
          if (cpu.regs[r] !== w) problems.push(`${NAMES[j]} ${cpu.regs[r].toString(16)} ≠ ${w.toString(16)}`);
        });
        const mask = tmpl.defined;
        const gotF = cpu.getEflags() & mask, wantF = want.readUInt32LE(28) & mask;
        if (gotF !== wantF) problems.push(`eflags ${gotF.toString(16)} ≠ ${wantF.toString(16)} (mask ${mask.toString(16)})`);
        const xmm = Buffer.from(cpu.simd.u8.subarray(0, 32));
        if (!xmm.equals(want.subarray(32, 64))) problems.push(`xmm0:1 ${xmm.toString('hex')} ≠ ${want.subarray(32, 64).toString('hex')}`);
        const mem = Buffer.from(as.read(file.win, 64) as Uint8Array);
        if (!mem.equals(want.subarray(64, 128))) problems.push(`window ${mem.toString('hex')} ≠ ${want.subarray(64, 128).toString('hex')}`);
      }
      checked++;
      forms.add(tmpl.asm);
      if (problems.length > 0) failures.push(`${tmpl.asm} [${tmpl.code}] in ${inHex.slice(0, 64)}…: ${problems.join('; ')}`);
    }
    console.log(`      ${tier}: ${checked} vectors over ${forms.size} instruction forms; ${failures.length} mismatches`);
    assert.ok(checked > 1000, 'vector file too small');
    assert.deepStrictEqual(failures.slice(0, 25), [], `${failures.length} vectors differ`);
  });
});
