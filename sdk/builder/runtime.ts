// Compiles the SDK runtime (crt0, libc, 64-bit helpers, syscall stub) into
// a per-workspace cache, rebuilding only when the SDK or the flags change.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BASE_CFLAGS, Compiler, SDK_DEBUG_PREFIX } from './compiler';

/** Runtime sources relative to the SDK root, crt0 first. */
export function runtimeSources(sdk: string): string[] {
  const lib = path.join(sdk, 'lib');
  const files = fs.readdirSync(lib).filter((f) => /\.(c|S)$/.test(f)).sort();
  const crt0 = files.filter((f) => f === 'crt0.S');
  const rest = files.filter((f) => f !== 'crt0.S');
  return [...crt0, ...rest].map((f) => `lib/${f}`);
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** A fingerprint of everything the runtime objects depend on. */
function fingerprint(sdk: string, compiler: Compiler, flags: string[]): string {
  const files = [...listFiles(path.join(sdk, 'include')), ...listFiles(path.join(sdk, 'lib'))];
  const stamps = files.map((f) => {
    const st = fs.statSync(f);
    return `${path.relative(sdk, f)}:${st.size}:${Math.floor(st.mtimeMs)}`;
  });
  return JSON.stringify({ cc: compiler.command, flags, stamps });
}

export function runtimeCflags(sdk: string, compiler: Compiler): string[] {
  return [
    ...compiler.targetFlags, ...BASE_CFLAGS, '-Wall',
    `-I${path.join(sdk, 'include')}`,
    `-fdebug-prefix-map=${sdk}=${SDK_DEBUG_PREFIX}`,
  ];
}

/** Sources of the optional libraries (`sdk/lib/<name>/*.c`), by L4Re library name. */
export const OPTIONAL_LIBRARIES: Record<string, string> = { libpthread: 'pthread' };

export function librarySources(sdk: string, dir: string): string[] {
  const full = path.join(sdk, 'lib', dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full).filter((f) => /\.(c|S)$/.test(f)).sort().map((f) => `lib/${dir}/${f}`);
}

/** The runtime sources a freestanding program (`SDK_RUNTIME = freestanding`) links: the functions of
 * <string.h>, which the compiler itself may call (structure copies) and which need nothing else. */
export const FREESTANDING_SOURCES = ['lib/string.c'];

export interface RuntimeObjects {
  crt0: string;
  libs: string[];
  /** The objects of FREESTANDING_SOURCES (also part of libs). */
  freestanding: string[];
  /** Objects of the optional libraries, by L4Re name (e.g. libpthread), linked on REQUIRES_LIBS. */
  optional: Record<string, string[]>;
}

/**
 * Returns the runtime object files in `cacheDir`, compiling them first when
 * needed. Compiler output goes to `log`; throws with the diagnostics when a
 * runtime source fails to compile (an SDK bug, not a user error).
 */
export function buildRuntime(sdk: string, compiler: Compiler, cacheDir: string,
  log: (line: string) => void): RuntimeObjects {
  const flags = runtimeCflags(sdk, compiler);
  const base = runtimeSources(sdk);
  const optional = Object.entries(OPTIONAL_LIBRARIES).map(([lib, dir]) => ({ lib, dir, sources: librarySources(sdk, dir) }));
  const sources = [...base, ...optional.flatMap((o) => o.sources)];
  const objectOf = (s: string): string => {
    const dir = optional.find((o) => o.sources.includes(s))?.dir;
    return path.join(cacheDir, ...(dir ? [dir] : []), path.basename(s).replace(/\.(c|S)$/, '.o'));
  };
  const objects = sources.map(objectOf);
  const stampFile = path.join(cacheDir, 'stamp.json');
  const stamp = fingerprint(sdk, compiler, flags);
  const fresh = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp
    && objects.every((o) => fs.existsSync(o));
  if (!fresh) {
    for (const o of objects) fs.mkdirSync(path.dirname(o), { recursive: true });
    sources.forEach((src, i) => {
      const r = spawnSync(compiler.command, [...flags, '-c', src, '-o', objects[i]],
        { cwd: sdk, encoding: 'utf8' });
      const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      for (const line of text.split('\n')) if (line) log(line);
      if (r.error || r.status !== 0) {
        throw new Error(`SDK runtime ${src} failed to compile${r.error ? `: ${r.error.message}` : ''}\n${text}`);
      }
    });
    fs.writeFileSync(stampFile, stamp);
  }
  return {
    crt0: objects[0],
    libs: objects.slice(1, base.length),
    freestanding: FREESTANDING_SOURCES.map(objectOf),
    optional: Object.fromEntries(optional.map((o) => [o.lib, o.sources.map(objectOf)])),
  };
}
