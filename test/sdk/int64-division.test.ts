// The SDK's own 64-bit division helpers (__udivdi3 & co.), run natively as
// 32-bit code and compared with JavaScript BigInt arithmetic.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileNative, native, requireNative32, runNative, sdkLib, tempDir } from './native-toolchain';

const M64 = (1n << 64n) - 1n;
const toS64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const hex = (v: bigint): string => `0x${BigInt.asUintN(64, v).toString(16)}`;

/** Deterministic operands: edge cases plus a xorshift sequence. */
function operands(): Array<[bigint, bigint]> {
  const edges = [0n, 1n, 2n, 3n, 7n, 10n, 0xffffffffn, 0x100000000n, 0x100000001n, 0x7fffffffffffffffn,
    0x8000000000000000n, M64, M64 - 1n, 0x123456789abcdef0n, 1000000007n, 0xfedcba9876543210n];
  const pairs: Array<[bigint, bigint]> = [];
  for (const a of edges) for (const b of edges) if (b !== 0n) pairs.push([a, b]);
  let x = 0x9e3779b97f4a7c15n;
  const next = (): bigint => {
    x ^= (x << 13n) & M64; x ^= x >> 7n; x ^= (x << 17n) & M64;
    return x;
  };
  for (let i = 0; i < 300; i++) {
    const a = next();
    let b = next() >> BigInt(i % 64);
    if (b === 0n) b = 3n;
    pairs.push([a, b]);
  }
  // Signed division of INT64_MIN by -1 overflows in C: leave it out.
  return pairs.filter(([a, b]) => !(a === 0x8000000000000000n && b === M64));
}

function cProgram(pairs: Array<[bigint, bigint]>): string {
  const rows = pairs.map(([a, b]) => `  { ${hex(a)}ULL, ${hex(b)}ULL },`).join('\n');
  return `#include "linux_syscalls.h"
typedef unsigned long long u64;
typedef long long s64;
u64 __udivmoddi4(u64, u64, u64 *);
s64 __divmoddi4(s64, s64, s64 *);
static const u64 cases[][2] = {
${rows}
};
static void out(u64 v) { lx_hex(1, v); lx_write(1, " ", 1); }
void start(void)
{
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    volatile u64 a = cases[i][0], b = cases[i][1];
    volatile s64 sa = (s64)a, sb = (s64)b;
    u64 r; s64 sr;
    out(a / b); out(a % b); out((u64)(sa / sb)); out((u64)(sa % sb));
    out(__udivmoddi4(a, b, &r)); out(r);
    out((u64)__divmoddi4(sa, sb, &sr)); out((u64)sr);
    lx_write(1, "\\n", 1);
  }
  lx_exit(0);
}
`;
}

describe('sdk 64-bit division helpers', function () {
  before(function () {
    requireNative32(this);
  });

  it('match BigInt for unsigned and signed quotient and remainder', () => {
    const pairs = operands();
    const dir = tempDir('div');
    const src = path.join(dir, 'div.c');
    fs.writeFileSync(src, cProgram(pairs));
    const exe = compileNative(path.join(dir, 'div'), [src, sdkLib('int64_division.c')], 'start');
    const r = runNative(exe);
    assert.strictEqual(r.status, 0, r.stderr);
    const lines = r.stdout.toString('latin1').trim().split('\n');
    assert.strictEqual(lines.length, pairs.length);
    pairs.forEach(([a, b], i) => {
      const sa = toS64(a);
      const sb = toS64(b);
      const uq = a / b;
      const ur = a % b;
      const sq = sa / sb; // BigInt division truncates toward zero like C
      const srem = sa % sb; // and the remainder takes the dividend's sign
      const expected = [uq, ur, sq, srem, uq, ur, sq, srem].map(hex).join(' ');
      assert.strictEqual(lines[i].trim(), expected, `case ${hex(a)} / ${hex(b)}`);
    });
  });

  it('are what gcc calls for 64-bit / and % on ia32', () => {
    const dir = tempDir('div-sym');
    const src = path.join(dir, 'uses.c');
    fs.writeFileSync(src, cProgram([[100n, 7n]]));
    // Linking without the helpers must fail: the operators really call them.
    assert.throws(() => compileNative(path.join(dir, 'x'), [src], 'start'),
      /__udivdi3|__umoddi3|__divdi3|__moddi3|__udivmoddi4/);
  });
});
