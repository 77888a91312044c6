// Our KIP and module table after a real boot, field by field against the real kernel's
// (reference/kip-runtime.bin, mbi-page.bin: dumped from the running Fiasco under QEMU). Every intended
// difference is named here and in docs/real-l4re.md.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { KIP_PHYSICAL, MBI_ADDRESS, decodeMemDesc } from '../../emulator/real-l4re/bootstrap-layout';
import { SYSCALL_PAGE_ADDRESS } from '../../emulator/kernel/abi';
import { requireFixture } from './fixture';

const u32 = (b: Uint8Array, off: number): number => new DataView(b.buffer, b.byteOffset).getUint32(off, true);
const strings = (b: Uint8Array, off: number): string[] => {
  const out: string[] = [];
  for (;;) {
    const end = b.indexOf(0, off);
    const s = new TextDecoder().decode(b.subarray(off, end));
    if (s === '') return out;
    out.push(s);
    off = end + 1;
  }
};

describe('real L4Re: our KIP against the real kernel\'s', function () {
  this.timeout(60_000);
  let ours: Uint8Array;
  let real: Uint8Array;
  let oursMbi: Uint8Array;
  let realMbi: Uint8Array;
  let machine: Machine;

  before(function () {
    const bin = requireFixture(this, 'bin');
    const reference = requireFixture(this, 'reference');
    machine = Machine.boot({ modulesList: requireFixture(this, 'conf/modules.list'), entry: 'hello', searchPath: [bin, reference] });
    const phys = machine.kernel.phys.bytes;
    ours = phys.slice(KIP_PHYSICAL, KIP_PHYSICAL + 4096);
    oursMbi = phys.slice(MBI_ADDRESS, MBI_ADDRESS + 4096);
    real = new Uint8Array(fs.readFileSync(path.join(reference, 'kip-runtime.bin')));
    realMbi = new Uint8Array(fs.readFileSync(path.join(reference, 'mbi-page.bin')));
  });

  it('the same fixed fields: magic, version, string offset, kip_sys_calls, sigma0_ip, root_ip, user_ptr, granularity, descriptor array', () => {
    const same: Array<[string, number]> = [['magic', 0x00], ['version', 0x04], ['offset_version_strings', 0x08], ['kip_sys_calls|node', 0x0c], ['sigma0_ip', 0x10], ['root_ip', 0x18], ['user_ptr', 0x40], ['scheduler_granularity', 0x50], ['mem_descs', 0x54], ['mem_descs_num', 0x58]];
    for (const [name, off] of same) assert.strictEqual(u32(ours, off).toString(16), u32(real, off).toString(16), name);
    assert.strictEqual(new TextDecoder().decode(ours.subarray(0x70, 0x72)), 'pc');
  });

  it('the same memory descriptors, in the same order', () => {
    const base = u32(real, 0x54);
    for (let i = 0; i < u32(real, 0x58); i++) {
      const r = [u32(real, base + 8 * i), u32(real, base + 8 * i + 4)];
      const o = [u32(ours, base + 8 * i), u32(ours, base + 8 * i + 4)];
      assert.deepStrictEqual(o.map((x) => x.toString(16)), r.map((x) => x.toString(16)), `md${i}: ${JSON.stringify(decodeMemDesc(r[0], r[1]))}`);
    }
  });

  it('features: the real ones except pf_tramp and jdb (intended: no page-fault trampoline, no in-kernel debugger)', () => {
    const off = u32(real, 0x08) * 16;
    const [, ...realFeatures] = strings(real, off);
    const [version, ...ourFeatures] = strings(ours, off);
    assert.match(version, /Fiasco Studio/); // intended: our own version text
    assert.deepStrictEqual(ourFeatures, realFeatures.filter((f) => f !== 'pf_tramp' && f !== 'jdb'));
  });

  it('the sysenter stub at KIP+0x800 and in the syscall page at 0xeacff000', () => {
    assert.deepStrictEqual([...ours.subarray(0x800, 0x808)], [...real.subarray(0x800, 0x808)]);
    const moe = machine.tasks().find((t) => t.name === 'moe');
    assert.ok(moe);
    assert.deepStrictEqual([...(moe.as.read(SYSCALL_PAGE_ADDRESS, 5) ?? [])], [0x5b, 0x89, 0xe5, 0x0f, 0x34]);
  });

  it('clock code at +0x900/+0x980 (intended: our own instructions; both are position independent and read the clock at +0x20)', () => {
    assert.notStrictEqual(ours[0x900], 0);
    assert.notStrictEqual(ours[0x980], 0);
    // Both start with push %ebx; call next; pop %ebx to find the KIP wherever it is mapped.
    assert.deepStrictEqual([...ours.subarray(0x900, 0x907)], [...real.subarray(0x900, 0x907)]);
    assert.deepStrictEqual([...ours.subarray(0x980, 0x987)], [...real.subarray(0x980, 0x987)]);
  });

  it('the module table at 0x1000: same header and module records (intended: the bootstrap command line string)', () => {
    for (const off of [0x00, 0x10, 0x18]) assert.strictEqual(u32(oursMbi, off), u32(realMbi, off), `header +0x${off.toString(16)}`);
    const n = u32(realMbi, 0x18);
    for (let i = 0; i < n; i++) {
      const r = 0x30 + 32 * i;
      for (const f of [0, 8, 16]) assert.strictEqual(u32(oursMbi, r + f).toString(16), u32(realMbi, r + f).toString(16), `module ${i} +${f}`);
      const cmd = (b: Uint8Array): string => strings(b, u32(b, r + 24) - MBI_ADDRESS)[0];
      assert.strictEqual(cmd(oursMbi), cmd(realMbi), `module ${i} cmdline`);
    }
  });
});
