// `rep stos`/`rep movs` run many iterations per dispatch in the block tiers (rep-string-block.ts): each tier must
// stop where one iteration per dispatch stops, for any budget, fault, watch, direction, overlap or store into
// decoded code, with the same memory and registers.
import * as assert from 'assert';
import fc from 'fast-check';
import { PROT_R, PROT_W } from '../../emulator/cpu/address-space';
import { Cpu, Reg, StopReason } from '../../emulator/cpu/cpu';
import { tiers } from '../../emulator/cpu/basic-block';
import { CODE, TEST_TIERS, TestTier, makeCpu } from './cpu-test-util';

const DATA = 0x08060000;
const PAGES = 4;
/** A writable second mapping of the code's own frame: stores there hit decoded code. */
const ALIAS = 0x08070000;

interface Case {
  movs: boolean;
  size: 1 | 2 | 4;
  count: number;
  eax: number;
  src: number;
  dst: number;
  backwards: boolean;
  /** Data page left unmapped (-1: none), watched byte offset in the data (-1: none). */
  hole: number;
  watch: number;
  watchKind: 'read' | 'write';
  budgets: number[];
  fill: number;
}

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

function program(c: Case): number[] {
  const op = (c.movs ? 0xa4 : 0xaa) + (c.size === 1 ? 0 : 1);
  return [0xb8, ...le32(c.eax), 0xb9, ...le32(c.count), 0xbe, ...le32(c.src), 0xbf, ...le32(c.dst),
    c.backwards ? 0xfd : 0xfc, 0xf3, ...(c.size === 2 ? [0x66] : []), op, 0xcd, 0x30];
}

function run(c: Case, tier: TestTier): unknown {
  Cpu.blocks = tier.blocks;
  tiers.hotThreshold = tier.threshold;
  const { cpu, as, phys } = makeCpu(program(c));
  for (let p = 0; p < PAGES; p++) if (p !== c.hole) as.map(DATA + p * 4096, phys.allocFrame(), PROT_R | PROT_W);
  as.map(ALIAS, as.pt[CODE >>> 12] & -4096, PROT_R | PROT_W);
  for (let p = 0; p < PAGES; p++) {
    if (p !== c.hole) as.write(DATA + p * 4096, Uint8Array.from({ length: 4096 }, (_, k) => (k * 7 + p + c.fill) & 0xff));
  }
  if (c.watch >= 0) as.addWatch(DATA + c.watch, 1, c.watchKind);
  const stops: unknown[] = [];
  for (let k = 0; k < 200; k++) {
    const r = cpu.run(c.budgets[k % c.budgets.length]);
    stops.push([StopReason[r], cpu.retired, cpu.eip, cpu.regs[Reg.ECX], cpu.regs[Reg.ESI], cpu.regs[Reg.EDI], r === StopReason.Fault ? cpu.faultAddress : 0]);
    if (r === StopReason.Fault || r === StopReason.Interrupt) break;
  }
  const mem = [DATA, DATA + 4096, DATA + 8192, DATA + 12288, ALIAS].map((va) => Buffer.from(as.read(va, 4096) ?? []).toString('hex'));
  return { stops, mem };
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  movs: fc.boolean(),
  size: fc.constantFrom(1 as const, 2 as const, 4 as const),
  count: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })),
  eax: fc.oneof(fc.constant(0), fc.constant(0x41414141), fc.integer({ min: 0, max: 0xffffffff })),
  // Sources and destinations anywhere in the data pages, near each other (overlaps) or in the code's alias.
  src: fc.integer({ min: 0, max: PAGES * 4096 - 1 }).map((o) => DATA + o),
  dst: fc.oneof(fc.integer({ min: 0, max: PAGES * 4096 - 1 }).map((o) => DATA + o), fc.integer({ min: 0x100, max: 0xfff }).map((o) => ALIAS + o)),
  backwards: fc.boolean(),
  hole: fc.integer({ min: -1, max: PAGES - 1 }),
  watch: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: PAGES * 4096 - 1 })),
  watchKind: fc.constantFrom('read' as const, 'write' as const),
  budgets: fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3000 })), { minLength: 1, maxLength: 6 }),
  fill: fc.integer({ min: 0, max: 255 }),
});

describe('rep stos / rep movs in bulk', () => {
  afterEach(() => {
    Cpu.blocks = true;
    tiers.hotThreshold = TEST_TIERS[TEST_TIERS.length - 1].threshold;
  });

  it('every block tier stops where single-stepping stops, with the same memory and registers', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const want = run(c, TEST_TIERS[0]);
      for (const tier of TEST_TIERS.slice(1)) assert.deepStrictEqual(run(c, tier), want, tier.name);
    }), { numRuns: 150 });
  });

  it('an overlapping copy a few bytes up repeats a pattern, as the iterations do', () => {
    for (const size of [1, 2, 4] as const) {
      for (let up = 1; up <= 9; up++) {
        const c: Case = { movs: true, size, count: 300, eax: 0, src: DATA + 10, dst: DATA + 10 + up, backwards: false, hole: -1, watch: -1, watchKind: 'write', budgets: [1000], fill: 3 };
        const want = run(c, TEST_TIERS[0]);
        assert.deepStrictEqual(run(c, TEST_TIERS[TEST_TIERS.length - 1]), want, `size ${size}, ${up} up`);
      }
    }
  });
});
