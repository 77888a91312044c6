// FSCALE's special cases (Intel SDM vol. 2 FSCALE, Table 3-46): a zero or infinite st(0), an infinite st(1), and a
// huge finite st(1) whose power of two alone is outside the double range.
import * as assert from 'assert';
import { fscale } from '../../emulator/cpu/x87';

describe('x87 fscale', () => {
  it('keeps a zero for any finite or -inf scale, with its sign', () => {
    assert.ok(Object.is(fscale(0, 1e300), 0));
    assert.ok(Object.is(fscale(-0, 5000), -0));
    assert.ok(Object.is(fscale(-0, -Infinity), -0));
  });

  it('0·2^+inf and inf·2^-inf are invalid (NaN)', () => {
    assert.ok(Number.isNaN(fscale(0, Infinity)));
    assert.ok(Number.isNaN(fscale(-Infinity, -Infinity)));
  });

  it('finite nonzero by ±inf gives ±inf or ±0; inf by a finite scale stays inf', () => {
    assert.strictEqual(fscale(-3, Infinity), -Infinity);
    assert.ok(Object.is(fscale(-3, -Infinity), -0));
    assert.strictEqual(fscale(Infinity, -5000), Infinity);
  });

  it('scales beyond the range of 2^n alone when the product fits, and truncates st(1)', () => {
    assert.strictEqual(fscale(1e-300, 1100), 1e-300 * 2 ** 550 * 2 ** 550);
    assert.strictEqual(fscale(2 ** 1000, -2050), 2 ** -1050);
    assert.strictEqual(fscale(1.5, 2.9), 6);
    assert.strictEqual(fscale(1.5, -1.9), 0.75);
    assert.strictEqual(fscale(1, 1e300), Infinity);
    assert.ok(Number.isNaN(fscale(NaN, 1)));
  });
});
