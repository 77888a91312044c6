import * as assert from 'assert';
import { BootError } from '../../emulator/boot/boot-errors';
import { describeEntryProblems } from '../../extension/entry-problems';

describe('the message for an entry that cannot boot', () => {
  const problems = [
    new BootError('/w/conf/modules.lst:10: invalid type "modul" (unknown keyword) — did you mean \'module\'?', { file: '/w/conf/modules.lst', line: 10, column: 1, code: 'unknown-keyword' }),
    new BootError('/w/conf/modules.lst:11: module "nothere" not found (searched: /w/bin)', { file: '/w/conf/modules.lst', line: 11, column: 8, code: 'module-not-found' }),
  ];

  it('names every problem with its file and line, not only the first', () => {
    const m = describeEntryProblems('broken', problems);
    assert.strictEqual(m.text, 'Fiasco: entry "broken" cannot boot (2 problems). '
      + 'modules.lst:10: invalid type "modul" (unknown keyword) — did you mean \'module\'? · modules.lst:11: module "nothere" not found (searched: /w/bin)');
  });

  it('leads "Go to Problem" to the first problem with a line', () => {
    assert.deepStrictEqual(describeEntryProblems('broken', problems).first, { file: '/w/conf/modules.lst', line: 10, column: 1 });
  });

  it('has nowhere to go for a problem without a place', () => {
    const m = describeEntryProblems('x', [new BootError('something without a place')]);
    assert.strictEqual(m.first, undefined);
    assert.strictEqual(m.text, 'Fiasco: entry "x" cannot boot (a problem). something without a place');
  });
});
