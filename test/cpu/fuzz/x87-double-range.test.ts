// The fuzzer's classification of oracle x87 values that a double cannot hold (docs/cpu-fuzzing.md).
import * as assert from 'assert';
import { doubleToF80 } from '../../../emulator/cpu/x87';
import { notDoubleRepresentable } from './x87-double-range';

function f80(mantissa: bigint, biasedExponent: number, negative = false): Uint8Array {
  const b = new Uint8Array(10);
  for (let k = 0; k < 8; k++) b[k] = Number((mantissa >> BigInt(8 * k)) & 0xffn);
  const se = biasedExponent | (negative ? 0x8000 : 0);
  b[8] = se & 0xff;
  b[9] = se >> 8;
  return b;
}

describe('CPU fuzz: x87 values outside double precision', () => {
  it('every double converted to 80 bits is representable', () => {
    for (const v of [0, -0, 1.5, -3, 1e-310, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2, Infinity, -Infinity]) {
      const b = new Uint8Array(10);
      doubleToF80(v, b);
      assert.strictEqual(notDoubleRepresentable(b), false, String(v));
    }
  });

  it('flags 64-bit integers beyond 2^53, values above the double range and below its smallest denormal', () => {
    assert.strictEqual(notDoubleRepresentable(f80((1n << 63n) | 1n, 16383 + 63)), true); // 2^63 + 1 (fild m64)
    assert.strictEqual(notDoubleRepresentable(f80(1n << 63n, 16383 + 1024)), true); // 2^1024
    assert.strictEqual(notDoubleRepresentable(f80(1n << 63n, 16383 - 1075, true)), true); // -2^-1075
    assert.strictEqual(notDoubleRepresentable(f80(1n << 63n, 16383 - 1074)), false); // the smallest denormal
    assert.strictEqual(notDoubleRepresentable(f80((1n << 63n) | (1n << 10n), 16383)), true); // 54 significant bits
  });
});
