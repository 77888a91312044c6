import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ElfError } from '../../emulator/elf/elf-file';
import { loadElfFile } from '../../emulator/elf/elf-file-cache';
import { minimalElf } from './elf-test-fixtures';

describe('ELF files read once per version (elf-file-cache)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elf-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a second read of an unchanged file with the same parse', () => {
    const file = path.join(dir, 'prog');
    fs.writeFileSync(file, minimalElf());
    const a = loadElfFile(file);
    assert.strictEqual(loadElfFile(file), a);
  });

  it('reads the file again once it was rebuilt, even to the same size', () => {
    const file = path.join(dir, 'prog');
    const bytes = minimalElf();
    fs.writeFileSync(file, bytes);
    const a = loadElfFile(file);
    const changed = Uint8Array.from(bytes);
    const entry = new DataView(changed.buffer).getUint32(24, true);
    new DataView(changed.buffer).setUint32(24, entry + 1, true);
    // A new inode (as a linker's write-then-rename gives) and a new time: the entry must not be reused.
    fs.writeFileSync(file + '.new', changed);
    fs.renameSync(file + '.new', file);
    const b = loadElfFile(file);
    assert.notStrictEqual(b, a);
    assert.strictEqual(b.entry, entry + 1);
  });

  it('names the file as each caller spelled it', () => {
    const file = path.join(dir, 'prog');
    fs.writeFileSync(file, minimalElf());
    const viaAbsolute = loadElfFile(file);
    const relative = path.relative(process.cwd(), file);
    assert.strictEqual(loadElfFile(relative).fileName, relative);
    assert.strictEqual(viaAbsolute.fileName, file);
  });

  it('never caches a failure', () => {
    const file = path.join(dir, 'prog');
    assert.throws(() => loadElfFile(file), (e: unknown) => e instanceof ElfError && /file not found/.test(e.message));
    fs.writeFileSync(file, minimalElf());
    assert.ok(loadElfFile(file).entry > 0);
    fs.writeFileSync(file, 'not an elf');
    assert.throws(() => loadElfFile(file), ElfError);
  });
});
