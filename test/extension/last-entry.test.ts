import * as assert from 'assert';
import { lastEntry, lastUsedFirst, rememberEntry, useEntryMemory } from '../../extension/last-entry';

class FakeMemento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('the entry picker remembers the last choice', () => {
  const entries = [{ name: 'hello' }, { name: 'counter-race' }, { name: 'client-server' }];

  it('offers the last-used entry first, the others in list order', () => {
    assert.deepStrictEqual(lastUsedFirst(entries, 'client-server').map((e) => e.name), ['client-server', 'hello', 'counter-race']);
  });

  it('keeps the list order without a last choice, or when that entry is gone', () => {
    assert.deepStrictEqual(lastUsedFirst(entries, undefined).map((e) => e.name), ['hello', 'counter-race', 'client-server']);
    assert.deepStrictEqual(lastUsedFirst(entries, 'renamed').map((e) => e.name), ['hello', 'counter-race', 'client-server']);
  });

  it('remembers per modules list, in the workspace state', async () => {
    const m = new FakeMemento();
    useEntryMemory(m);
    await rememberEntry('/w/a/conf/modules.lst', 'counter-race');
    await rememberEntry('/w/b/conf/modules.lst', 'hello');
    assert.strictEqual(lastEntry('/w/a/conf/modules.lst'), 'counter-race');
    assert.strictEqual(lastEntry('/w/b/conf/modules.lst'), 'hello');
    assert.strictEqual(lastEntry('/w/c/conf/modules.lst'), undefined);
    assert.deepStrictEqual(m.data.get('fiasco.lastEntryByModulesList'), { '/w/a/conf/modules.lst': 'counter-race', '/w/b/conf/modules.lst': 'hello' });
  });
});
