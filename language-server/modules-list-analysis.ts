// One analysed modules.lst: the parser's document, Makeconf.boot next to it, the module search path, and where
// each module line's file was found. Every language feature of the server starts from this.

import * as path from 'path';
import type { EntryNode, GroupNode, ModuleSpec, ModulesListDocument, Statement } from '../emulator/boot/modules-list-ast';
import { parseModulesList } from '../emulator/boot/modules-list-parser';
import { MakeconfBoot } from '../emulator/boot/makeconf-boot';
import { builtinModule } from '../emulator/boot/modules-list-keywords';
import type { BuiltinModule } from '../emulator/boot/modules-list-keywords';
import { findModuleFile, globModuleFiles, hasGlobMagic } from '../emulator/boot/module-search';
import { workspaceRootOf } from '../emulator/boot/boot-config';

/** Reads a file's text: the editor's unsaved text when the file is open, else the disk. */
export type TextReader = (absolutePath: string) => string | undefined;

export interface ResolvedModule {
  spec: ModuleSpec;
  /** builtin: a component of the emulator; file: found; glob: pattern with its matches; missing: not found. */
  kind: 'builtin' | 'file' | 'glob' | 'missing';
  builtin?: BuiltinModule;
  /** Found files (one for `file`, the matches for `glob`). */
  paths: string[];
  /** Names under rom/ that this line provides. */
  romNames: string[];
}

export interface ModulesListAnalysis {
  file: string;
  workspaceRoot: string;
  document: ModulesListDocument;
  makeconf?: MakeconfBoot;
  makeconfFile: string;
  /** Directories searched for modules, in order (as the boot searches them). */
  searchDirs: string[];
  /** Every module line of the list and its includes, keyed by specKey(). */
  modules: Map<string, ResolvedModule>;
}

/** Identifies a module line (group modules copied into entries share their key). */
export function specKey(spec: ModuleSpec): string {
  return `${spec.file.file}:${spec.file.line}:${spec.file.column}:${spec.role}`;
}

export function analyzeModulesList(file: string, text: string, read: TextReader, extraSearchPath: readonly string[] = [], env: Record<string, string | undefined> = process.env): ModulesListAnalysis {
  const document = parseModulesList(text, file, { readFile: read, env });
  const makeconfFile = path.join(path.dirname(file), 'Makeconf.boot');
  const makeconfText = read(makeconfFile);
  const makeconf = makeconfText === undefined ? undefined : MakeconfBoot.parse(makeconfText, makeconfFile, { env });
  const workspaceRoot = workspaceRootOf(file);

  // Same order as resolveBoot(): launch/extra dirs, searchpath lines, Makeconf.boot, the list's own directory.
  const searchDirs: string[] = [];
  const add = (d: string): void => {
    const abs = path.resolve(workspaceRoot, d);
    if (!searchDirs.includes(abs)) searchDirs.push(abs);
  };
  extraSearchPath.forEach(add);
  for (const s of document.searchpaths) if (s.statement.active) add(s.dir);
  for (const d of makeconf?.moduleSearchPath() ?? []) add(d);
  add(path.dirname(file));

  const modules = new Map<string, ResolvedModule>();
  for (const spec of allModuleSpecs(document)) {
    const key = specKey(spec);
    if (!modules.has(key)) modules.set(key, resolveSpec(spec, searchDirs));
  }
  return { file, workspaceRoot, document, makeconf, makeconfFile, searchDirs, modules };
}

function resolveSpec(spec: ModuleSpec, dirs: string[]): ResolvedModule {
  const base = path.posix.basename(spec.file.text.replace(/\\/g, '/'));
  const builtin = builtinModule(base);
  if (builtin && !spec.glob) return { spec, kind: 'builtin', builtin, paths: [], romNames: [spec.romName] };
  if (spec.glob && hasGlobMagic(spec.file.text)) {
    const paths = globModuleFiles(spec.file.text, dirs);
    return { spec, kind: 'glob', paths, romNames: paths.map((p) => path.basename(p)) };
  }
  const found = findModuleFile(spec.file.text, dirs);
  return found ? { spec, kind: 'file', paths: [found], romNames: [spec.romName] } : { spec, kind: 'missing', paths: [], romNames: [spec.romName] };
}

/** Module lines of entries (base modules included), groups and defaults. */
export function allModuleSpecs(doc: ModulesListDocument): ModuleSpec[] {
  const out: ModuleSpec[] = [];
  for (const e of doc.entries) out.push(...entryBaseSpecs(e, false), ...e.modules);
  for (const g of doc.groups.values()) out.push(...g.modules);
  for (const d of [doc.defaults.kernel, doc.defaults.sigma0, doc.defaults.roottask, doc.defaults.bootstrap]) if (d) out.push(d);
  return out;
}

/** The kernel, sigma0, roottask, bootstrap and initrd an entry names itself (or, with defaults, the ones it uses). */
export function entryBaseSpecs(e: EntryNode, withDefaults: boolean, doc?: ModulesListDocument): ModuleSpec[] {
  const out: ModuleSpec[] = [];
  for (const role of ['kernel', 'sigma0', 'roottask', 'bootstrap'] as const) {
    const s = e[role] ?? (withDefaults && doc && !e.noDefaults ? doc.defaults[role] : undefined);
    if (s) out.push(s);
  }
  if (e.initrd) out.push(e.initrd);
  return out;
}

/** The names an entry's programs find under rom/. */
export function entryRomNames(a: ModulesListAnalysis, e: EntryNode): Set<string> {
  const names = new Set<string>();
  for (const m of e.modules) {
    const r = a.modules.get(specKey(m));
    for (const n of r?.romNames ?? [m.romName]) names.add(n);
  }
  return names;
}

/** The active entries of this file (not of included files) with a name. */
export function entriesOf(a: ModulesListAnalysis): EntryNode[] {
  return a.document.entries.filter((e) => e.statement.file === a.file && e.name);
}

export function groupsOf(a: ModulesListAnalysis): GroupNode[] {
  return [...a.document.groups.values()];
}

/** The statements written on a line of a file. */
export function statementAt(a: ModulesListAnalysis, file: string, line: number): Statement | undefined {
  return a.document.statements.find((s) => s.file === file && s.line === line);
}

/** The entry a statement belongs to (by reading order), if any. */
export function entryOfStatement(a: ModulesListAnalysis, st: Statement): EntryNode | undefined {
  return a.document.entries.find((e) => e.statements.includes(st));
}

export function groupOfStatement(a: ModulesListAnalysis, st: Statement): GroupNode | undefined {
  return groupsOf(a).find((g) => g.statements.includes(st));
}
