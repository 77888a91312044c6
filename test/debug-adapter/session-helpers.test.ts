// Unit tests of the session's helpers: launch-argument validation, memory references, the breakpoint table,
// the UTCB tag text and the expression evaluator's parsing (on a fake thread).
import * as assert from 'assert';
import * as path from 'path';
import { validateLaunchArguments } from '../../debug-adapter/launch-arguments';
import { decodeMemoryReference, encodeMemoryReference } from '../../debug-adapter/memory-reference';
import { BreakpointTable } from '../../debug-adapter/breakpoint-table';
import { memoryRightsString, rightsString, rightsWithHex } from '../../debug-adapter/capability-rights';
import { describeTag } from '../../debug-adapter/variable-views';
import { eflagsText } from '../../debug-adapter/register-names';
import { disassembleAround } from '../../debug-adapter/disassembly-view';
import { ExpressionEvaluator } from '../../debug-adapter/expression-evaluator';
import type { Thread } from '../../emulator/kernel/thread';

const MODULES = path.resolve(__dirname, '..', '..', '..', 'examples', 'hello', 'conf', 'modules.lst');

describe('session helpers', () => {
  it('validates launch arguments and names the bad field', () => {
    const ok = validateLaunchArguments({ modulesList: MODULES, entry: 'hello', searchPath: ['bin'] });
    assert.strictEqual(ok.modulesList, MODULES);
    assert.strictEqual(ok.stopOnEntry, true, 'stopOnEntry defaults to true');
    assert.strictEqual(ok.breakOnIpc, false);
    assert.deepStrictEqual(ok.searchPath, [path.resolve('bin')]);
    assert.throws(() => validateLaunchArguments({}), /"modulesList" is missing/);
    assert.throws(() => validateLaunchArguments({ modulesList: 42 }), /"modulesList" must be a string/);
    assert.throws(() => validateLaunchArguments({ modulesList: '/nonexistent/modules.lst' }), /"modulesList" file .* does not exist/);
    assert.throws(() => validateLaunchArguments({ modulesList: MODULES, entry: 3 }), /"entry"/);
    assert.throws(() => validateLaunchArguments({ modulesList: MODULES, searchPath: 'bin' }), /"searchPath" must be an array/);
    assert.throws(() => validateLaunchArguments({ modulesList: MODULES, stopOnEntry: 'yes' }), /"stopOnEntry" must be true or false/);
    assert.throws(() => validateLaunchArguments({ modulesList: MODULES, breakOnIpc: 1 }), /"breakOnIpc"/);
    assert.strictEqual(ok.stopInServers, false, 'filters stop only in programs by default');
    assert.strictEqual(ok.roles, undefined, 'no roles: the boot takes auto');
  });

  it('encodes the task in memory references', () => {
    const ref = encodeMemoryReference(3, 0x8048000);
    assert.strictEqual(ref, 'task:3:0x08048000');
    assert.deepStrictEqual(decodeMemoryReference(ref), { taskId: 3, address: 0x8048000 });
    assert.deepStrictEqual(decodeMemoryReference('0x10', 7), { taskId: 7, address: 0x10 });
    assert.strictEqual(decodeMemoryReference('0x10'), undefined);
    assert.strictEqual(decodeMemoryReference('garbage', 1), undefined);
  });

  it('keeps a CPU breakpoint armed while any reason remains', () => {
    const armed = new Set<number>();
    const space = { addBreakpoint: (a: number) => armed.add(a), removeBreakpoint: (a: number) => armed.delete(a) };
    const t = new BreakpointTable();
    t.add(space, 0x1000, { kind: 'user', id: 1 });
    t.add(space, 0x1000, { kind: 'temp', threadId: 5, tag: 'over-call' });
    t.add(space, 0x2000, { kind: 'entry' });
    assert.deepStrictEqual([...armed].sort(), [0x1000, 0x2000]);
    t.removeWhere((r) => r.kind === 'temp');
    assert.ok(armed.has(0x1000));
    assert.strictEqual(t.reasonsAt(space, 0x1000).length, 1);
    t.removeWhere((r) => r.kind === 'user' && r.id === 1);
    assert.ok(!armed.has(0x1000));
    t.removeWhere((r) => r.kind === 'entry');
    assert.strictEqual(armed.size, 0);
  });

  it('describes message tags, rights and flags', () => {
    // l4_msgtag(L4_PROTO_LOG = -13, 4 words, 0 items, 0 flags)
    const tag = ((-13 << 16) | 4) >>> 0;
    assert.strictEqual(describeTag(tag), 'label=-13 (LOG) words=4 items=0 [0xfff30004]');
    assert.strictEqual(rightsString(7), 'rws');
    assert.strictEqual(rightsString(4), 'r--');
    assert.strictEqual(rightsString(0xf), 'rwsd');
    assert.strictEqual(rightsString(0x17), 'rwsn', 'the no-reference-count flag');
    assert.strictEqual(rightsWithHex(5), 'rw- (0x5)');
    assert.strictEqual(memoryRightsString(6), 'rw-', 'memory flexpages: R 4, W 2, X 1');
    assert.strictEqual(eflagsText(0x246), '[ PF ZF IF ]');
  });

  it('evaluates registers, numbers, symbols and memory reads', () => {
    const mem = new Map<number, number>([[0x2000, 0x41], [0x2001, 0], [0x2002, 0], [0x2003, 0x80]]);
    const regs = Uint32Array.of(1, 2, 3, 4, 0x7fff0000, 0x7fff0010, 7, 8);
    const thread = {
      cpu: { regs, eip: 0x8049000, getEflags: () => 0x202 },
      task: { name: 't', as: { read: (a: number, n: number) => {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const b = mem.get(a + i);
          if (b === undefined) return undefined;
          out[i] = b;
        }
        return out;
      } } },
    } as unknown as Thread;
    const ev = new ExpressionEvaluator(thread, undefined, undefined, [{ name: 'buffer', value: 0x2000 }], (n) => (n === 'local' ? '42' : undefined));
    assert.strictEqual(ev.evaluate('$eax').text, '0x00000001 (1)');
    assert.strictEqual(ev.evaluate('esp').text, '0x7fff0000 (2147418112)');
    assert.strictEqual(ev.evaluate('eip').text, '0x08049000 (134516736)');
    assert.strictEqual(ev.evaluate('0x10 + 6').text, '0x00000016 (22)');
    assert.strictEqual(ev.evaluate('&buffer').text, '0x00002000 (8192)');
    assert.strictEqual(ev.evaluate('*(int*)0x2000').text, `${0x80000041 | 0} (0x80000041)`);
    assert.strictEqual(ev.evaluate('*(unsigned*)&buffer').text, `${0x80000041} (0x80000041)`);
    assert.strictEqual(ev.evaluate('*(char*)buffer').text, "65 'A'");
    assert.strictEqual(ev.evaluate('local').text, '42');
    assert.throws(() => ev.evaluate('*(int*)0x3000'), /not mapped/);
    assert.throws(() => ev.evaluate('nonsense'), /cannot evaluate/);
    assert.throws(() => ev.evaluate('*(float*)0x2000'), /unknown type "float"/);
  });

  it('marks a function start from the ELF symbols when there is no debug info, and names branch targets', () => {
    // 0x1000 f: call g (0x1010); jmp g+2; ret   ...   0x1010 g: nop; nop; nop; ret
    const code = new Uint8Array(0x20).fill(0x90);
    code.set([0xe8, 0x0b, 0x00, 0x00, 0x00, 0xeb, 0x0b, 0xc3], 0);
    code[0x13] = 0xc3;
    const read = (a: number, n: number) => (a >= 0x1000 && a < 0x1020 ? code.subarray(a - 0x1000, Math.min(0x20, a - 0x1000 + n)) : undefined);
    const symbolAt = (a: number) => (a >= 0x1010 ? { name: 'g', offset: a - 0x1010 } : a >= 0x1000 ? { name: 'f', offset: a - 0x1000 } : undefined);
    const rows = disassembleAround(read, undefined, 0x1000, 0, 3, { source: () => ({}), symbolAt });
    assert.deepStrictEqual(rows.map((r) => [r.instruction.replace(/\s+/g, ' '), r.symbol]), [
      ['call 1010 <g>', 'f'], ['jmp 1012 <g+0x2>', undefined], ['ret', undefined],
    ]);
  });
});
