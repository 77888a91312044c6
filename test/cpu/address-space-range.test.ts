// AddressSpace.mapRange (one loop over the page table for a map item of many pages) against `map` page by page:
// the same entries, page index, frame references and written-chunk marks, over existing mappings too.
import * as assert from 'assert';
import fc from 'fast-check';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';

const PAGE = 4096;
const RAM_PAGES = 4096;

const op = fc.record({
  vpn: fc.integer({ min: 0, max: 3000 }),
  frame: fc.integer({ min: 0, max: RAM_PAGES - 1 }),
  pages: fc.integer({ min: 1, max: 1100 }),
  prot: fc.constantFrom(PROT_R, PROT_R | PROT_W, PROT_R | PROT_X, PROT_R | PROT_W | PROT_X),
  unmap: fc.boolean(),
});

function assertSame(a: AddressSpace, physA: PhysicalMemory, b: AddressSpace, physB: PhysicalMemory): void {
  assert.ok(Buffer.from(a.pt.buffer).equals(Buffer.from(b.pt.buffer)), 'page-table entries');
  assert.ok(Buffer.from(a.ptWritten).equals(Buffer.from(b.ptWritten)), 'written chunks');
  assert.deepStrictEqual(a.mappedPages(), b.mappedPages());
  assert.strictEqual(a.mappedCount, b.mappedCount);
  for (let f = 0; f < RAM_PAGES; f++) assert.strictEqual(physA.references(f * PAGE), physB.references(f * PAGE), `frame ${f}`);
}

describe('cpu: AddressSpace.mapRange', () => {
  it('leaves the space as mapping page by page does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), (ops) => {
        const physA = new PhysicalMemory(RAM_PAGES * PAGE), physB = new PhysicalMemory(RAM_PAGES * PAGE);
        const a = new AddressSpace(physA), b = new AddressSpace(physB);
        for (const o of ops) {
          const pages = Math.min(o.pages, RAM_PAGES - o.frame);
          if (o.unmap) {
            // Some pages unmapped in between, so that later ranges cover both mapped and empty entries.
            for (let i = 0; i < pages; i += 3) {
              a.unmap((o.vpn + i) * PAGE);
              b.unmap((o.vpn + i) * PAGE);
            }
            continue;
          }
          a.mapRange(o.vpn * PAGE, o.frame * PAGE, pages, o.prot);
          for (let i = 0; i < pages; i++) b.map((o.vpn + i) * PAGE, (o.frame + i) * PAGE, o.prot);
          assertSame(a, physA, b, physB);
        }
      }),
      { numRuns: 25, seed: 5 },
    );
  });

  it('refuses a range past the end of RAM as `map` does', () => {
    const as = new AddressSpace(new PhysicalMemory(16 * PAGE));
    assert.throws(() => as.mapRange(0x10000, 14 * PAGE, 4, PROT_R), RangeError);
  });
});
