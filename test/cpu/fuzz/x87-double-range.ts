// Our x87 keeps registers as doubles (emulator/cpu/README.md "x87 precision"): a value that needs more than 53
// significand bits (fild m64 beyond 2^53, fldt) or lies outside the double range (a product chain beyond 1.8e308)
// is rounded or overflows here while qemu keeps the 80-bit value. A difference where the oracle holds such a value
// is that documented deviation, counted with this reason rather than reported.
import { OracleRecord } from './oracle';

export const X87_DOUBLE_DEVIATION = 'x87 operand/result not representable as a double (double-precision x87, documented)';

/** True when the 80-bit extended value in `b` (10 bytes) is finite and not exactly a double. */
export function notDoubleRepresentable(b: Uint8Array): boolean {
  const se = b[8] | (b[9] << 8);
  const e = se & 0x7fff;
  let mant = 0n;
  for (let k = 7; k >= 0; k--) mant = (mant << 8n) | BigInt(b[k]);
  if (e === 0x7fff || mant === 0n) return false; // inf/NaN and zero exist in double
  const exp = (e === 0 ? -16382 : e - 16383) - 63; // value = mant · 2^exp
  let low = 0;
  while (((mant >> BigInt(low)) & 1n) === 0n) low++;
  const high = mant.toString(2).length - 1;
  const top = exp + high, bottom = exp + low;
  return top > 1023 || bottom < -1074 || high - low + 1 > 53;
}

/** The oracle record holds a valid x87 register that is not a double. */
export function oracleHoldsNonDouble(rec: OracleRecord): boolean {
  const fs = rec.fsave;
  const tagWord = fs.readUInt16LE(8), top = (fs.readUInt16LE(4) >> 11) & 7;
  for (let st = 0; st < 8; st++) {
    const phys = (st + top) & 7;
    if (((tagWord >> (2 * phys)) & 3) === 3) continue;
    if (notDoubleRepresentable(fs.subarray(28 + 10 * st, 38 + 10 * st))) return true;
  }
  return false;
}

/**
 * Why a difference in an x87 result is our documented precision model rather than a divergence, or undefined:
 * the control word (before the instruction) selects single or extended precision (we always round to double), or
 * a rounding mode other than nearest (honoured here only by integer conversions: open, docs/cpu-fuzzing.md), or
 * the oracle holds a value a double cannot.
 */
export function x87PrecisionDeviation(before: OracleRecord, after: OracleRecord): string | undefined {
  const cw = before.fsave.readUInt16LE(0);
  if (((cw >> 8) & 3) !== 2) return 'x87 precision control single/extended: our x87 rounds to double (documented)';
  if (((cw >> 10) & 3) !== 0) return 'x87 rounding control ≠ nearest on arithmetic/stores: not modelled (open, docs/cpu-fuzzing.md)';
  if (oracleHoldsNonDouble(before) || oracleHoldsNonDouble(after)) return X87_DOUBLE_DEVIATION;
  return undefined;
}
