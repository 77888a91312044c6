import * as fs from 'fs';
import * as path from 'path';
import { ElfFile } from './elf-file';

/**
 * ELF files read once per version of the file. A boot reads the same program from the boot layout, the image
 * announcements, the exception filter's l4re lookup and the debugger's program images: each read was a copy
 * and a parse of the whole file (~10 ms of a cold hello boot). An `ElfFile` never changes after its parse, so
 * the readers may share it. A file counts as the same while its inode, size, modification and change times
 * (ns) are: a rebuild replaces the entry.
 */
const MAX_CACHED_FILES = 64;

interface Cached {
  key: string;
  elf: ElfFile;
}

const cache = new Map<string, Cached>();

function versionKey(file: string): string | null {
  try {
    const s = fs.statSync(file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return null; // ElfFile.load names the problem
  }
}

/** `ElfFile.load`, answered from the cache while the file is unchanged. Errors are never cached. */
export function loadElfFile(file: string): ElfFile {
  const abs = path.resolve(file);
  const key = versionKey(abs);
  const hit = cache.get(abs);
  // The same spelling too, so that messages name the file as this caller named it.
  if (key !== null && hit && hit.key === key && hit.elf.fileName === file) {
    // Most recently used last, so the oldest entry is the one dropped.
    cache.delete(abs);
    cache.set(abs, hit);
    return hit.elf;
  }
  const elf = ElfFile.load(file);
  if (key === null) return elf;
  cache.delete(abs);
  cache.set(abs, { key, elf });
  if (cache.size > MAX_CACHED_FILES) cache.delete(cache.keys().next().value as string);
  return elf;
}
