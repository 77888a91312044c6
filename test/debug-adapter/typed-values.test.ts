// The numbers conditions compare for C variables (scalarNumber): typed by DWARF, never read back from the text
// the Variables view shows ("120 'x'", "true", "0x8049000 \"hi\"").
import * as assert from 'assert';
import type { Die } from '../../debug-adapter/debug-info/debug-info-entries';
import { DW_AT, DW_ATE, DW_TAG } from '../../debug-adapter/debug-info/dwarf-constants';
import { formatScalar, scalarNumber } from '../../debug-adapter/debug-info/variable-values';

let nextOffset = 1;
function die(tag: number, attrs: Array<[number, number]>, children: Die[] = []): Die {
  return { offset: nextOffset++, tag, attrs: new Map(attrs.map(([at, value]) => [at, { kind: 'number', value }])), children } as Die;
}
const base = (encoding: number, size: number) => die(DW_TAG.base_type, [[DW_AT.encoding, encoding], [DW_AT.byte_size, size]]);
const dies = new Map<number, Die>();
const lookup = (o: number) => dies.get(o);
const bytes = (...b: number[]) => Uint8Array.from(b);

describe('typed values of C variables', () => {
  it('reads signed, unsigned and character types by their encoding and size', () => {
    assert.strictEqual(scalarNumber(base(DW_ATE.signed, 4), bytes(0xfe, 0xff, 0xff, 0xff), lookup), -2);
    assert.strictEqual(scalarNumber(base(DW_ATE.unsigned, 4), bytes(0xfe, 0xff, 0xff, 0xff), lookup), 0xfffffffe);
    assert.strictEqual(scalarNumber(base(DW_ATE.signed, 2), bytes(0x00, 0x80), lookup), -32768);
    const ch = base(DW_ATE.signed_char, 1);
    assert.strictEqual(formatScalar(ch, bytes(0x78), () => undefined, lookup), "120 'x'", 'the view shows the character too');
    assert.strictEqual(scalarNumber(ch, bytes(0x78), lookup), 120);
  });

  it('gives booleans, floats and pointers a number where the view shows words', () => {
    const bool = base(DW_ATE.boolean, 1);
    assert.strictEqual(formatScalar(bool, bytes(1), () => undefined, lookup), 'true');
    assert.strictEqual(scalarNumber(bool, bytes(1), lookup), 1);
    const f = new Uint8Array(new Float32Array([2.5]).buffer);
    assert.strictEqual(scalarNumber(base(DW_ATE.float, 4), f, lookup), 2.5);
    const charType = base(DW_ATE.signed_char, 1);
    dies.set(charType.offset, charType);
    const pointer = die(DW_TAG.pointer_type, [[DW_AT.type, charType.offset], [DW_AT.byte_size, 4]]);
    assert.strictEqual(scalarNumber(pointer, bytes(0x00, 0x90, 0x04, 0x08), lookup), 0x8049000);
  });

  it('has no number for a structure', () => {
    const s = die(DW_TAG.structure_type, [[DW_AT.byte_size, 8]]);
    assert.strictEqual(scalarNumber(s, new Uint8Array(8), lookup), undefined);
  });
});
