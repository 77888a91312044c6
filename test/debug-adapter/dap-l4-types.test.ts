// L4 types rendered as L4 types over DAP: Locals, hover, watch and the Debug Console show a message tag, a
// capability index, a timeout, flexpages and error numbers decoded, with the raw value as a child that
// setVariable can change. The guest (test/debug-adapter/workspace/pkg/l4-types) fills each from a system call.
import * as assert from 'assert';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Session, dapSessionFixture, launch, lineOf, named, scopeRefs, sourceOf, topFrame, vars } from './dap-test-helpers';

const PKG = 'l4-types';

async function stopAtAllSet(dc: DebugClient): Promise<{ frameId: number; locals: number }> {
  const stop = await launch(dc, PKG, async () => {
    await dc.setBreakpointsRequest({ source: { path: sourceOf(PKG) }, breakpoints: [{ line: lineOf(PKG, 'l4-types: all set') }] });
  });
  const frame = await topFrame(dc, stop!.body.threadId!);
  const refs = await scopeRefs(dc, frame.id);
  return { frameId: frame.id, locals: refs.get('Locals')! };
}

describe('L4 types in the debugger (DAP)', function () {
  this.timeout(60000);
  let s: Session;
  dapSessionFixture((x) => { s = x; });

  it('shows each L4-typed local decoded, with its raw value among the children', async () => {
    const { dc } = s;
    const { locals } = await stopAtAllSet(dc);
    const list = await vars(dc, locals);
    const value = (n: string) => named(list, n).value;

    // A send to an empty slot: the kernel answers with an empty tag that has the error flag.
    assert.strictEqual(value('tag'), 'proto 0, words 0, items 0, flags error');
    assert.strictEqual(named(list, 'tag').type, 'l4_msgtag_t');
    assert.match(value('empty'), /^slot 200 \(empty in /);
    assert.match(value('log'), /^slot 5 → \w+ .* r/);
    assert.strictEqual(value('timeout'), 'send zero, receive 5120 µs');
    assert.strictEqual(value('page'), 'memory 0x00200000 order 12 (4 KiB) rw-');
    assert.strictEqual(value('objects'), 'object slot 5 order 0 (1 caps) rws');
    assert.strictEqual(value('ipc_err'), '4 (L4_IPC_ENOT_EXISTENT, send phase)');
    assert.strictEqual(value('err'), '-2004 (IPC error L4_IPC_ENOT_EXISTENT)');
    // Not an L4 type: left alone.
    assert.match(value('bytes'), /^0x[0-9a-f]+ "fiasco"$/);

    const tagChildren = await vars(dc, named(list, 'tag').variablesReference);
    assert.deepStrictEqual(tagChildren.map((c) => c.name), ['raw', 'proto', 'words', 'items', 'flags']);
    assert.match(named(tagChildren, 'raw').value, /^0x00008000 \(32768\)$/);
    const capChildren = await vars(dc, named(list, 'log').variablesReference);
    assert.strictEqual(named(capChildren, 'slot').value, '5');
    assert.strictEqual(named(capChildren, 'raw').value, '0x00005000 (20480)');
    const timeoutChildren = await vars(dc, named(list, 'timeout').variablesReference);
    assert.strictEqual(named(timeoutChildren, 'send').value, 'zero (0x0400)');
  });

  it('renders the same in hover, watch and the Debug Console', async () => {
    const { dc } = s;
    const { frameId } = await stopAtAllSet(dc);
    const ask = async (expression: string, context: string) => (await dc.evaluateRequest({ expression, frameId, context })).body.result;
    assert.strictEqual(await ask('tag', 'hover'), 'proto 0, words 0, items 0, flags error');
    assert.strictEqual(await ask('timeout', 'watch'), 'send zero, receive 5120 µs');
    assert.strictEqual(await ask('err', 'repl'), '-2004 (IPC error L4_IPC_ENOT_EXISTENT)');
    assert.strictEqual(await ask('page', 'watch'), 'memory 0x00200000 order 12 (4 KiB) rw-');
  });

  it('expands an L4-typed watch or hover into its decoded parts', async () => {
    const { dc } = s;
    const { frameId } = await stopAtAllSet(dc);
    const expand = async (expression: string, context: string) => {
      const r = (await dc.evaluateRequest({ expression, frameId, context })).body;
      assert.ok(r.variablesReference > 0, `${expression} (${context}) cannot be expanded`);
      return vars(dc, r.variablesReference);
    };
    const tag = await expand('tag', 'watch');
    assert.deepStrictEqual(tag.map((c) => c.name), ['raw', 'proto', 'words', 'items', 'flags']);
    assert.strictEqual(named(tag, 'flags').value, 'error (0x8000)');
    const log = await expand('log', 'hover');
    assert.deepStrictEqual(log.map((c) => c.name), ['raw', 'slot', 'object', 'rights']);
    assert.strictEqual(named(log, 'slot').value, '5');
    const page = await expand(' page ', 'watch');
    assert.deepStrictEqual(page.map((c) => [c.name, c.value]).slice(1), [['type', 'memory'], ['address', '0x00200000'], ['order', '12 (4 KiB)'], ['rights', 'rw-']]);
    const timeout = await expand('timeout', 'repl');
    assert.strictEqual(named(timeout, 'receive').value, '5120 µs (0x2805)');
    // An expression that is more than a name stays a value.
    assert.strictEqual((await dc.evaluateRequest({ expression: 'ipc_err + 1', frameId, context: 'watch' })).body.variablesReference, 0);
  });

  it('sets an L4-typed local through its raw child and as a whole', async () => {
    const { dc } = s;
    const { locals, frameId } = await stopAtAllSet(dc);
    const list = await vars(dc, locals);
    const tagRef = named(list, 'tag').variablesReference;
    const set = await dc.setVariableRequest({ variablesReference: tagRef, name: 'raw', value: '0xfff30004' });
    assert.strictEqual(set.body.value, '0xfff30004 (-851964)');
    assert.strictEqual(named(await vars(dc, locals), 'tag').value, 'proto L4_PROTO_LOG (-13), words 4, items 0, flags none');
    const whole = await dc.setVariableRequest({ variablesReference: locals, name: 'empty', value: '0x5000' });
    assert.match(whole.body.value, /^slot 5 → /);
    await assert.rejects(dc.setVariableRequest({ variablesReference: tagRef, name: 'words', value: '2' }) as Promise<DebugProtocol.Response>, /raw value/);
    assert.match((await dc.evaluateRequest({ expression: 'tag', frameId, context: 'watch' })).body.result, /L4_PROTO_LOG/);
  });
});
