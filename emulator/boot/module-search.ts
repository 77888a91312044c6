// Finding boot module files on the search path, including `module[glob]` patterns.

import * as fs from 'fs';
import * as path from 'path';

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first existing regular file `name` in the directories (absolute names are taken as they are). */
export function findModuleFile(name: string, dirs: readonly string[]): string | undefined {
  if (path.isAbsolute(name)) return isFile(name) ? name : undefined;
  for (const dir of dirs) {
    const candidate = path.resolve(dir, name);
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

export function hasGlobMagic(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** Converts a shell glob for one path component into a regular expression (*, ?, [...], {a,b}). */
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) { re += '\\['; continue; }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) { re += '\\{'; continue; }
      re += '(?:' + glob.slice(i + 1, close).split(',').map((alt) => alt.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('|') + ')';
      i = close;
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/**
 * Files matching a glob pattern (the last path component may contain wildcards). Each search directory is tried;
 * a name found in an earlier directory hides the same name in later ones. Results are sorted by name.
 */
export function globModuleFiles(pattern: string, dirs: readonly string[]): string[] {
  const dirPart = path.dirname(pattern);
  const base = path.basename(pattern);
  const re = globToRegExp(base);
  const roots = path.isAbsolute(pattern) ? [dirPart] : dirs.map((d) => path.resolve(d, dirPart));
  const found = new Map<string, string>();
  for (const root of roots) {
    let names: string[];
    try {
      names = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      if (!found.has(n) && re.test(n) && isFile(path.join(root, n))) found.set(n, path.join(root, n));
    }
  }
  return [...found.keys()].sort().map((k) => found.get(k)!);
}
