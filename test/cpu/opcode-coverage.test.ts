// Counts the implemented opcode forms and pins the few ring-3 forms that deliberately raise #UD.
import * as assert from 'assert';
import { census } from './opcode-coverage';

/**
 * Forms the emulator treats as undefined on purpose (not in its CPUID, or undefined by definition). clrssbsy:
 * CET shadow-stack instructions raise #UD while CR4.CET is clear (the hint forms endbr32/rdsspd are NOPs).
 */
const EXPECTED_UD = new Set(['arpl', 'clrssbsy', 'fbld', 'fbstp', 'syscall', 'ud0', 'ud1', 'ud2', 'xsave', 'xrstor', 'xsaveopt']);

describe('cpu: opcode form census', () => {
  it('executes every decodable one-byte/0F/x87/SIMD form except a pinned list', () => {
    const r = census();
    const mnemonics = new Set([...r.implemented].map((s) => s.split(' ')[0]));
    console.log(`      ${r.implemented.size} opcode forms implemented (${mnemonics.size} mnemonics); ${r.privileged.size} privileged forms raise #GP; ` +
      `${r.undefinedForms.size} forms raise #UD by design`);
    const unexpected = [...r.undefinedForms].filter((s) => !EXPECTED_UD.has(s.split(' ')[0]));
    assert.deepStrictEqual(unexpected, []);
    assert.ok(r.implemented.size > 1200, `only ${r.implemented.size} forms`);
    for (const m of ['addsd', 'cvttsd2si', 'pshufd', 'fxsave', 'cmpxchg8b', 'fucomip', 'movdqu', 'pmaddwd', 'shld', 'daa']) {
      assert.ok(mnemonics.has(m), `${m} missing`);
    }
  });
});
