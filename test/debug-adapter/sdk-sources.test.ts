import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ElfFile } from '../../emulator/elf/elf-file';
import { DebugInfo } from '../../debug-adapter/debug-info/debug-info';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('debug-info: SDK sources', () => {
  it('maps the SDK runtime compiled as /fiasco-sdk/... to this installation\'s sdk/ folder', () => {
    const elf = ElfFile.load(path.join(REPO, 'examples', 'hello', 'bin', 'hello'));
    const info = DebugInfo.load(elf, path.join(REPO, 'examples', 'hello'));
    const puts = elf.symbolByName('puts');
    assert.ok(puts, 'the hello binary has puts');
    const where = info.addressToLine(puts!.value);
    assert.ok(where, 'puts has a source line');
    assert.ok(where!.file.startsWith(path.join(REPO, 'sdk') + path.sep), where!.file);
    assert.ok(fs.existsSync(where!.file), `${where!.file} exists`);
  });
});
