// rom/NAME references with exact columns: in command lines, and in Lua string literals only (not comments).

import * as assert from 'assert';
import { romReferencesInLua, romReferencesInText } from '../../emulator/boot/rom-references';

describe('rom/ references', () => {
  it('finds --init=rom/X and plain rom/X in a command line, with 1-based columns', () => {
    const refs = romReferencesInText('moe --init=rom/hello rom/x.cfg from/no', 3, 10);
    assert.deepStrictEqual(refs.map((r) => [r.name, r.line, r.column, r.nameColumn, r.endColumn, r.init]), [
      ['hello', 3, 21, 25, 30, true],
      ['x.cfg', 3, 31, 35, 40, false],
    ]);
  });

  it('reads Lua strings of every kind and skips comments', () => {
    const lua = [
      'local L4 = require("L4") -- rom/in_comment',
      'start({}, "rom/a arg") start({}, \'rom/b\')',
      '--[[ rom/block_comment',
      'still comment rom/c2 ]] start({}, [[rom/long]])',
      'x = [==[ first',
      'rom/second_line ]==]',
      's = "esc \\" rom/after_escape"',
    ].join('\n');
    const got = romReferencesInLua(lua).map((r) => `${r.name}@${r.line}:${r.column}`);
    assert.deepStrictEqual(got, ['a@2:12', 'b@2:35', 'long@4:37', 'second_line@6:1', 'after_escape@7:13']);
  });
});
