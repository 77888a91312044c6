// The SDK headers against the ABI facts of shared/spec/fiasco-abi.md: the
// values are printed by a native probe and compared here.
import * as assert from 'assert';
import * as path from 'path';
import { compileNative, native, requireNative32, runNative, tempDir } from './native-toolchain';

const TIMEOUT_INPUTS = [0n, 1n, 2n, 511n, 1000n, 1023n, 1024n, 1025n, 2047n, 2048n, 4095n, 123456n, 1000000n,
  60000000n, 0xffffffffn, 1n << 40n, (1n << 41n) - 1n, 1n << 41n, (1n << 64n) - 1n];

/** l4_timeout_from_us as spec section 5 describes it. */
function timeoutFromUs(us: bigint): number {
  if (us === 0n) return 0x400;
  if (us === (1n << 64n) - 1n || us > (1n << 41n) - 1n) return 0;
  const msb = us.toString(2).length - 1;
  let e = Math.max(0, msb - 9);
  let m = (us + (1n << BigInt(e)) - 1n) >> BigInt(e);
  if (m > 1023n) {
    e++;
    m >>= 1n;
  }
  if (e > 31) return 0;
  return (e << 10) | Number(m);
}

describe('sdk headers: ABI values', function () {
  let values: Map<string, bigint[]>;

  before(function () {
    requireNative32(this);
    const exe = compileNative(path.join(tempDir('abi'), 'abi'), [native('abi_probe.c')], 'start');
    const r = runNative(exe);
    assert.strictEqual(r.status, 0, r.stderr);
    values = new Map();
    for (const line of r.stdout.toString('latin1').trim().split('\n')) {
      const [name, v] = line.split(' ');
      values.set(name, [...(values.get(name) ?? []), BigInt(v)]);
    }
  });

  const one = (name: string): number => {
    const v = values.get(name);
    assert.ok(v, `probe printed no ${name}`);
    return Number(v[0]);
  };

  it('message tag encoding and protocols', () => {
    assert.strictEqual(one('msgtag'), 0xfff32044);
    assert.strictEqual(one('label'), Number(BigInt.asUintN(64, -13n)));
    assert.strictEqual(one('words'), 4);
    assert.strictEqual(one('items'), 1);
    assert.strictEqual(one('flags'), 0x2000);
    assert.strictEqual(one('proto_log') | 0, -13);
    assert.strictEqual(one('proto_parent'), 0x4002);
  });

  it('capability selectors and syscall flags', () => {
    assert.strictEqual(one('invalid_cap'), 0xfffff800);
    assert.strictEqual(one('cap_shift'), 12);
    assert.strictEqual(one('log_cap'), 0x5000);
    assert.strictEqual(one('debugger_cap'), 0xa000);
    assert.strictEqual(one('sysf_call'), 3);
    assert.strictEqual(one('sysf_wait'), 6);
    assert.strictEqual(one('sysf_send_and_wait'), 7);
    assert.strictEqual(one('sysf_reply_and_wait'), 0xf);
    assert.strictEqual(one('is_invalid'), 1);
  });

  it('UTCB layout', () => {
    assert.strictEqual(one('br_offset'), 0x100);
    assert.strictEqual(one('br0_offset'), 0x104);
    assert.strictEqual(one('tcr_offset'), 0x1ec);
    assert.strictEqual(one('tcr_user2_offset'), 0x1fc);
    assert.strictEqual(one('mr_size'), 63 * 4);
    assert.strictEqual(one('exc_size'), 19 * 4);
    assert.strictEqual(one('vcon_write_size'), 244);
  });

  it('l4re_env_t 2026 layout', () => {
    assert.strictEqual(one('env_log'), 0x0c);
    assert.strictEqual(one('env_itas'), 0x1c);
    assert.strictEqual(one('env_first_free_cap'), 0x24);
    assert.strictEqual(one('env_utcb_area'), 0x2c);
    assert.strictEqual(one('env_caps'), 0x34);
    assert.strictEqual(one('env_size'), 0x38);
    assert.strictEqual(one('cap_entry_size'), 24);
  });

  it('timeouts, fpages and error numbers', () => {
    assert.strictEqual(one('never'), 0);
    assert.strictEqual(one('recv0'), 0x400);
    assert.strictEqual(one('send0'), 0x04000000);
    assert.strictEqual(one('both0'), 0x04000400);
    assert.strictEqual(one('timeout_pair'), ((3 << 10 | 5) << 16 | 0x400) >>> 0);
    assert.strictEqual(one('fpage_all'), 0xfc0);
    assert.strictEqual(one('obj_fpage'), 0x5000 | 0x30 | 7);
    assert.strictEqual(one('ipc_error'), 3);
    assert.strictEqual(BigInt.asIntN(64, values.get('error_ipc')![0]), -2003n);
    assert.strictEqual(BigInt.asIntN(64, values.get('error_label')![0]), -39n);
  });

  it('l4_timeout_from_us follows the spec encoding', () => {
    const got = values.get('from_us')!.map(Number);
    assert.deepStrictEqual(got, TIMEOUT_INPUTS.map(timeoutFromUs));
    // Spot checks by hand: 1000 us = 1000 * 2^0; 1 s = 977 * 2^10 (rounded up).
    assert.strictEqual(got[4], 1000);
    assert.strictEqual(got[12], (10 << 10) | 977);
  });
});
