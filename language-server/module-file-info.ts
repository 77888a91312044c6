// What the language server knows about a module file on disk: size, whether it is an ELF file, whether it is a
// 32-bit x86 executable the emulator can run, and its entry point. Cached by path, size and modification time,
// because hover and diagnostics ask again on every keystroke.

import * as fs from 'fs';
import * as path from 'path';
import { ElfError, ElfFile } from '../emulator/elf/elf-file';

export interface ModuleFileInfo {
  path: string;
  size: number;
  /** Starts with the ELF magic. */
  isElf: boolean;
  /** A 32-bit x86 ET_EXEC file that parses cleanly. */
  runnable: boolean;
  /** Human-readable type, e.g. "ELF32 i386 executable" or "data (not an ELF file)". */
  description: string;
  entry?: number;
  /** Why the file cannot run (ElfFile's message), when it is an ELF file but not a runnable one. */
  problem?: string;
}

const cache = new Map<string, { key: string; info: ModuleFileInfo }>();
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

/** Describes a file; undefined when it does not exist or is not a regular file. */
export function moduleFileInfo(file: string): ModuleFileInfo | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    cache.delete(file);
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = cache.get(file);
  if (hit && hit.key === key) return hit.info;
  const info = describe(file, st.size);
  cache.set(file, { key, info });
  return info;
}

function describe(file: string, size: number): ModuleFileInfo {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { path: file, size, isElf: false, runnable: false, description: 'unreadable', problem: `${file}: ${(e as Error).message}` };
  }
  const isElf = bytes.length >= 4 && bytes.subarray(0, 4).equals(ELF_MAGIC);
  if (!isElf) return { path: file, size, isElf: false, runnable: false, description: 'data (not an ELF file)' };
  try {
    const elf = ElfFile.parse(bytes, file);
    elf.assertI386Executable();
    return { path: file, size, isElf: true, runnable: true, description: 'ELF32 i386 executable', entry: elf.entry };
  } catch (e) {
    const problem = e instanceof ElfError ? e.message : `${file}: ${(e as Error).message}`;
    return { path: file, size, isElf: true, runnable: false, description: 'ELF file that Fiasco Studio cannot run', problem };
  }
}

/** Regular files directly inside the directories (first directory wins for a name), for completion. */
export function listModuleFiles(dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      if (out.has(n) || n.startsWith('.')) continue;
      const p = path.join(dir, n);
      try {
        if (fs.statSync(p).isFile()) out.set(n, p);
      } catch {
        // vanished between readdir and stat
      }
    }
  }
  return out;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`;
}
