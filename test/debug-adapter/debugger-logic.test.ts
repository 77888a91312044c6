// Unit tests of the debugger's pure logic: the C-like expression language, hit conditions and logpoint
// interpolation, data-breakpoint ids and memory-operand decoding, and console completions.
import * as assert from 'assert';
import { evaluateExpression, ExpressionEnvironment, formatExpressionValue, isTrue } from '../../debug-adapter/c-expression';
import { decideHit, interpolateLogMessage, parseHitCondition, UserBreakpoint } from '../../debug-adapter/user-breakpoints';
import { accessMatches, cpuWatchKind, decodeDataId, encodeDataId } from '../../debug-adapter/data-watchpoints';
import { completeConsole } from '../../debug-adapter/console-commands';

const memory = new Uint8Array(64).map((_, i) => i);
const env: ExpressionEnvironment = {
  identifier: (n) => {
    if (n === 'eax') return { kind: 'number', n: 0x42 };
    if (n === 'esp') return { kind: 'number', n: 8 };
    if (n === 'dest') return { kind: 'number', n: 7, names: ['srv:main', 'main', 'srv'] };
    if (n === 'proto') return { kind: 'number', n: -13, names: ['LOG', 'L4_PROTO_LOG'] };
    return undefined;
  },
  addressOf: (n) => (n === 'buf' ? 16 : undefined),
  readMemory: (a, size) => (a + size <= memory.length ? memory.slice(a, a + size) : undefined),
};
const num = (text: string): number => {
  const v = evaluateExpression(text, env);
  assert.strictEqual(v.kind, 'number', text);
  return (v as { n: number }).n;
};

describe('debugger logic', () => {
  it('evaluates C expressions with precedence, casts and memory reads', () => {
    assert.strictEqual(num('1 + 2 * 3'), 7);
    assert.strictEqual(num('(1 + 2) * 3'), 9);
    assert.strictEqual(num('eax == 0x42 && !(eax < 3)'), 1);
    assert.strictEqual(num('eax >> 4 | 1 << 8'), 0x104);
    assert.strictEqual(num('*(char*)(esp + 1)'), 9);
    assert.strictEqual(num('*(unsigned short*)&buf'), 16 | (17 << 8));
    assert.strictEqual(num('*(int*)4'), 0x07060504);
    assert.strictEqual(num('(unsigned char)0x1ff'), 0xff);
    assert.strictEqual(num('(char)0xff'), -1);
    assert.strictEqual(num("'A' + 1"), 66);
    assert.strictEqual(num('eax > 1 ? 10 : 20'), 10);
    assert.strictEqual(num('-1 == 0xffffffff'), 1, 'numbers compare as 32-bit words');
    assert.throws(() => evaluateExpression('1 +', env), /unexpected end/);
    assert.throws(() => evaluateExpression('*(int*)1000', env), /cannot read 4 bytes at 0x3e8/);
    assert.throws(() => evaluateExpression('nosuch + 1', env), /"nosuch" is not a register/);
    assert.throws(() => evaluateExpression('1 / 0', env), /division by zero/);
  });

  it('compares objects and protocols by name', () => {
    assert.strictEqual(isTrue(evaluateExpression('dest == srv', env)), true);
    assert.strictEqual(isTrue(evaluateExpression('dest == main', env)), true);
    assert.strictEqual(isTrue(evaluateExpression('dest == "srv:main"', env)), true);
    assert.strictEqual(isTrue(evaluateExpression('dest == other', env)), false);
    assert.strictEqual(isTrue(evaluateExpression('proto == LOG', env)), true);
    assert.strictEqual(isTrue(evaluateExpression('proto == L4_PROTO_LOG && proto == -13', env)), true);
    assert.strictEqual(isTrue(evaluateExpression('proto != FACTORY', env)), true);
    assert.strictEqual(formatExpressionValue(evaluateExpression('dest', env), true), '0x7 (srv:main)');
  });

  it('decides hits: conditions, hit counts, logpoints', () => {
    const bp: UserBreakpoint = { id: 1, kind: 'line', verified: true, hits: 0, hitCondition: '% 2', condition: 'eax == 0x42' };
    assert.deepStrictEqual([1, 2, 3, 4].map(() => decideHit(bp, env, true).kind), ['skip', 'stop', 'skip', 'stop']);
    const never: UserBreakpoint = { id: 2, kind: 'line', verified: true, hits: 0, condition: 'eax == 1' };
    assert.strictEqual(decideHit(never, env, true).kind, 'skip');
    assert.strictEqual(never.hits, 0, 'a false condition is not a hit');
    const broken: UserBreakpoint = { id: 3, kind: 'line', verified: true, hits: 0, condition: 'nosuch == 1 +' };
    assert.strictEqual(decideHit(broken, env, true).kind, 'error');
    const log: UserBreakpoint = { id: 4, kind: 'line', verified: true, hits: 0, logMessage: 'eax={eax} bad={nosuch+}' };
    const out = decideHit(log, env, false);
    assert.strictEqual(out.kind, 'log');
    assert.match((out as { text: string }).text, /^eax=66 bad=<.*>$/);
    assert.strictEqual(interpolateLogMessage('{eax}', env, true), '0x42');
    assert.strictEqual(parseHitCondition('>= 3')(2), false);
    assert.strictEqual(parseHitCondition('3')(3), true);
    assert.strictEqual(parseHitCondition('== 3')(4), false);
    assert.throws(() => parseHitCondition('often'), /not understood/);
  });

  it('encodes data breakpoint targets and maps access types to CPU watches', () => {
    const id = encodeDataId({ kind: 'memory', taskId: 3, address: 0x804a000, size: 4 });
    assert.strictEqual(id, 'mem:3:0x0804a000:4');
    assert.deepStrictEqual(decodeDataId(id), { kind: 'memory', taskId: 3, address: 0x804a000, size: 4 });
    assert.deepStrictEqual(decodeDataId('cap:3:17'), { kind: 'cap', taskId: 3, slot: 17 });
    assert.strictEqual(decodeDataId('nonsense'), undefined);
    assert.strictEqual(cpuWatchKind('readWrite'), 'access');
    assert.strictEqual(cpuWatchKind('read'), 'read');
    assert.deepStrictEqual([accessMatches('read', true), accessMatches('read', false), accessMatches('write', true), accessMatches('readWrite', true)], [false, true, true, true]);
  });

  it('completes console commands, thread names and symbols', () => {
    const extra = { threads: ['a:main', 'a:thread1'], tasks: ['a'], symbols: ['main', 'counter'], registers: ['eax'] };
    assert.deepStrictEqual(completeConsole('ut', 3, extra).map((c) => c.label), ['utcb']);
    assert.deepStrictEqual(completeConsole('utcb a:t', 9, extra).map((c) => c.label), ['a:thread1']);
    assert.deepStrictEqual(completeConsole('caps ', 6, extra).map((c) => c.label), ['a']);
    assert.deepStrictEqual(completeConsole('*(int*)&cou', 12, extra).map((c) => c.label), ['counter']);
    assert.deepStrictEqual(completeConsole('ipclog o', 9, extra).map((c) => c.label), ['on', 'off']);
  });
});
