// Resolution of a boot: from a modules.lst, an entry name and search directories to the list of modules the
// emulator starts (kernel, sigma0, root task, boot modules), each found on disk or built in.

import * as fs from 'fs';
import * as path from 'path';
import { BootError } from './boot-errors';
import type { BootDiagnostic } from './boot-errors';
import type { EntryNode, ModuleSpec, ModulesListDocument } from './modules-list-ast';
import { FileReadError, readBoundedText } from '../util/bounded-read';
import { builtinModule } from './modules-list-keywords';
import type { BuiltinModule } from './modules-list-keywords';
import { parseModulesList } from './modules-list-parser';
import { MakeconfBoot } from './makeconf-boot';
import { findModuleFile, globModuleFiles, hasGlobMagic } from './module-search';
import { closest } from './edit-distance';
import { RoleChoice, RolePolicy, chooseRole } from './role-resolution';

export interface BootModule {
  /** ROM name (rom/NAME): the basename of the file, or fname=. */
  name: string;
  /** The resolved file; undefined for built-in components. */
  path?: string;
  builtin?: BuiltinModule;
  /** Command-line arguments after the file name. */
  args: string;
  /** Where the module was named (for the base modules taken by default: the entry line). */
  line: number;
  column?: number;
  file: string;
}

export interface BootPlan {
  entry: string;
  modulesList: string;
  /** The directory holding conf/ (or the modules list's directory when it is not in conf/). */
  workspaceRoot: string;
  /** Directories searched for modules, in order. */
  searchPath: string[];
  kernel: BootModule;
  sigma0: BootModule;
  roottask: BootModule;
  bootstrap?: BootModule;
  modules: BootModule[];
  modaddr?: number;
  /** QEMU_OPTIONS of Makeconf.boot, for information. */
  qemuOptions?: string;
  /** How each L4Re role name (sigma0, moe, l4re, ned) of this boot was resolved: a real file or the built-in. */
  roles: RoleChoice[];
  /** Warnings found while reading the configuration (they did not stop the boot). */
  warnings?: BootDiagnostic[];
}

export interface ResolveBootOptions {
  modulesList: string;
  entry?: string;
  /** Extra directories searched first; relative ones are taken relative to the current directory. */
  searchPath?: string[];
  /** Environment for ${VAR} in modules.lst and $(VAR) in Makeconf.boot; default process.env. */
  env?: Record<string, string | undefined>;
  /** Which implementation the role names sigma0/moe/l4re/ned take; default 'auto'. */
  roles?: RolePolicy;
}

/** A parsed configuration: the modules list with its includes, and Makeconf.boot next to it (if any). */
export interface LoadedBootConfig {
  modulesList: string;
  workspaceRoot: string;
  document: ModulesListDocument;
  makeconf?: MakeconfBoot;
}

function readText(file: string): string | undefined {
  try {
    return readBoundedText(file);
  } catch {
    return undefined;
  }
}

/** The workspace root: the parent of `conf/`, or the modules list's own directory. */
export function workspaceRootOf(modulesList: string): string {
  const dir = path.dirname(path.resolve(modulesList));
  return path.basename(dir) === 'conf' ? path.dirname(dir) : dir;
}

/** Reads and parses a modules list (following includes) and its Makeconf.boot. Throws BootError if the list is missing. */
export function loadBootConfig(modulesList: string, env: Record<string, string | undefined> = process.env): LoadedBootConfig {
  let text: string;
  try {
    text = readBoundedText(modulesList);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'modules list not found' : code === 'EISDIR' ? 'is a directory, not a modules list' : `cannot read the modules list (${e instanceof FileReadError ? e.reason : (e as Error).message})`;
    throw new BootError(`${modulesList}: ${why} — check the "modulesList" setting (usually conf/modules.lst)`, { file: modulesList, code: 'file-not-found' });
  }
  const document = parseModulesList(text, modulesList, { readFile: readText, env });
  const makeconf = MakeconfBoot.load(path.join(path.dirname(modulesList), 'Makeconf.boot'), { env });
  return { modulesList, workspaceRoot: workspaceRootOf(modulesList), document, makeconf };
}

/** The selectable entries of a modules list (lines filtered out by arch=/bits= are left out). */
export function listEntries(modulesList: string): Array<{ name: string; line: number; file: string }> {
  const { document } = loadBootConfig(modulesList);
  return document.entries.filter((e) => e.active && e.name).map((e) => ({ name: e.name, line: e.statement.line, file: e.statement.file }));
}

/** Finds the entry to boot; throws BootError with the list of entries when the choice is missing or wrong. */
function selectEntry(cfg: LoadedBootConfig, wanted: string | undefined): EntryNode {
  const entries = cfg.document.entries.filter((e) => e.active && e.name);
  const names = entries.map((e) => e.name);
  const file = cfg.modulesList;
  if (wanted === undefined || wanted === '') {
    if (entries.length === 1) return entries[0];
    if (entries.length === 0) {
      throw new BootError(`${file}: no entry defined — add an "entry NAME" line followed by "roottask moe --init=rom/PROGRAM" and "module PROGRAM"`, { file, code: 'no-entry' });
    }
    throw new BootError(`${file}: several entries (${names.join(', ')}) — choose one with --entry NAME or "entry" in launch.json`, { file, code: 'no-entry' });
  }
  // The real tool matches entry names ignoring case.
  const found = entries.find((e) => e.name.toLowerCase() === wanted.toLowerCase());
  if (found) return found;
  const guess = closest(wanted, names);
  const available = names.length ? `available entries: ${names.join(', ')}` : 'the file defines no entry';
  throw new BootError(`${file}: unknown entry "${wanted}"${guess ? ` (did you mean "${guess}"?)` : ''} — ${available}`, { file, code: 'unknown-entry' });
}

/** Errors that stop this entry's boot: global ones, the entry's own, and those of the groups it uses. */
function blockingErrors(doc: ModulesListDocument, entry: EntryNode): BootDiagnostic[] {
  const groups = new Set(entry.groupRefs.map((g) => g.name));
  return doc.diagnostics.filter((d) => d.severity === 'error' && (d.entry === undefined ? d.group === undefined || groups.has(d.group) : d.entry.toLowerCase() === entry.name.toLowerCase()));
}

/** Where modules are looked up: extra directories, `searchpath` lines, MODULE_SEARCH_PATH, the list's directory. */
function moduleSearchDirs(cfg: LoadedBootConfig, extra: string[] | undefined): string[] {
  const root = cfg.workspaceRoot;
  const dirs: string[] = [];
  const add = (d: string, base: string): void => {
    const abs = path.resolve(base, d);
    if (!dirs.includes(abs)) dirs.push(abs);
  };
  for (const d of extra ?? []) add(d, process.cwd());
  for (const s of cfg.document.searchpaths) if (s.statement.active) add(s.dir, root);
  for (const d of cfg.makeconf?.moduleSearchPath() ?? []) add(d, root);
  add(path.dirname(path.resolve(cfg.modulesList)), root);
  return dirs;
}

/**
 * Everything that stops an entry from booting, all at once (resolveBoot stops at the first): the file, the
 * entry choice, the parser's errors for the entry, and every module that cannot be found. Empty: it boots.
 */
export function bootProblems(opts: ResolveBootOptions): BootError[] {
  let cfg: LoadedBootConfig;
  let entry: EntryNode;
  try {
    cfg = loadBootConfig(opts.modulesList, opts.env ?? process.env);
    entry = selectEntry(cfg, opts.entry ?? cfg.makeconf?.entry());
  } catch (e) {
    return [e instanceof BootError ? e : new BootError((e as Error).message, { file: opts.modulesList })];
  }
  const problems = blockingErrors(cfg.document, entry).map((d) => BootError.fromDiagnostic(d));
  const dirs = moduleSearchDirs(cfg, opts.searchPath);
  const specs = [...(['kernel', 'sigma0', 'roottask'] as const).map((r) => entry[r] ?? (entry.noDefaults ? undefined : cfg.document.defaults[r])), ...entry.modules];
  for (const spec of specs) {
    if (!spec) continue;
    try {
      toModules(spec, dirs, opts.roles ?? 'auto', []);
    } catch (e) {
      if (e instanceof BootError) problems.push(e);
      else throw e;
    }
  }
  return problems;
}

/** Resolves an entry of a modules list into a boot plan. Throws BootError ("file:line: what — what to do"). */
export function resolveBoot(opts: ResolveBootOptions): BootPlan {
  const env = opts.env ?? process.env;
  const cfg = loadBootConfig(opts.modulesList, env);
  const doc = cfg.document;
  const entry = selectEntry(cfg, opts.entry ?? cfg.makeconf?.entry());
  const errors = blockingErrors(doc, entry);
  if (errors.length > 0) throw BootError.fromDiagnostic(errors[0]);
  if (entry.initrd || (entry.sets.mode ?? '').toLowerCase() === 'linux') {
    const at = entry.initrd?.statement ?? entry.statement;
    throw new BootError(`${at.file}:${at.line}: entry "${entry.name}" is a Linux-type entry (initrd / set mode linux) — Fiasco Studio boots L4Re entries only`, { file: at.file, line: at.line, code: 'linux-entry' });
  }

  const root = cfg.workspaceRoot;
  const dirs = moduleSearchDirs(cfg, opts.searchPath);

  const policy = opts.roles ?? 'auto';
  const roles: RoleChoice[] = [];
  const base = (role: 'kernel' | 'sigma0' | 'roottask' | 'bootstrap', builtin: BuiltinModule): BootModule => {
    const spec = entry[role] ?? (entry.noDefaults ? undefined : cfg.document.defaults[role]);
    if (spec) return toModules(spec, dirs, policy, roles)[0];
    const m: BootModule = { name: builtin, builtin, args: '', file: entry.statement.file, line: entry.statement.line, column: entry.statement.keyword.column };
    return chooseRole(m, dirs, policy, roles);
  };
  const bootstrapSpec = entry.bootstrap ?? (entry.noDefaults ? undefined : cfg.document.defaults.bootstrap);

  const plan: BootPlan = {
    entry: entry.name,
    modulesList: cfg.modulesList,
    workspaceRoot: root,
    searchPath: dirs,
    kernel: base('kernel', 'fiasco'),
    sigma0: base('sigma0', 'sigma0'),
    roottask: base('roottask', 'moe'),
    bootstrap: bootstrapSpec ? toModules(bootstrapSpec, dirs, 'auto', [])[0] : undefined, // no role: stays built in
    modules: entry.modules.flatMap((m) => toModules(m, dirs, policy, roles)),
    roles,
    modaddr: entry.modaddr?.value ?? doc.modaddr?.value,
    qemuOptions: cfg.makeconf?.qemuOptions() || undefined,
    warnings: [...doc.diagnostics.filter((d) => d.severity === 'warning' && (d.entry === undefined || d.entry === entry.name)), ...(cfg.makeconf?.diagnostics.filter((d) => d.severity !== 'information') ?? [])],
  };
  return plan;
}

/** Turns a module line into boot modules: a built-in, one file, or the files a glob matches. */
function toModules(spec: ModuleSpec, dirs: string[], policy: RolePolicy, roles: RoleChoice[]): BootModule[] {
  const st = spec.statement;
  const where = { file: st.file, line: st.line, column: spec.file.column };
  const builtin = builtinModule(path.posix.basename(spec.file.text.replace(/\\/g, '/')));
  if (builtin && !spec.glob) return [chooseRole({ name: spec.romName, builtin, args: spec.args, ...where }, dirs, policy, roles, spec.file.text)];
  if (spec.glob && hasGlobMagic(spec.file.text)) {
    const files = globModuleFiles(spec.file.text, dirs);
    if (files.length === 0) {
      throw new BootError(`${st.file}:${st.line}: pattern "${spec.file.text}" matched no file — searched: ${dirs.join(', ')}`, { ...where, code: 'glob-no-match' });
    }
    return files.map((f) => ({ name: path.basename(f), path: f, args: '', ...where }));
  }
  const found = findModuleFile(spec.file.text, dirs);
  if (!found) {
    const searched = path.isAbsolute(spec.file.text) ? 'the file does not exist' : `searched: ${dirs.join(', ')}`;
    throw new BootError(`${st.file}:${st.line}: module "${spec.file.text}" not found (${searched}) — build it (fiasco build), or add its directory to MODULE_SEARCH_PATH in conf/Makeconf.boot or with a "searchpath DIR" line`, { ...where, code: 'module-not-found' });
  }
  return [{ name: spec.romName, path: found, args: spec.args, ...where }];
}

/** The module of a plan that a `rom/NAME` string (or plain NAME) names, matched by ROM name. */
export function findRomModule(plan: BootPlan, romPath: string): BootModule | undefined {
  const name = romPath.startsWith('rom/') ? romPath.slice(4) : romPath;
  return plan.modules.find((m) => m.name === name);
}

/** The default modules list of a workspace: MODULES_LIST of conf/Makeconf.boot, else conf/modules.lst or conf/modules.list. */
export function defaultModulesList(workspaceRoot: string): string | undefined {
  const conf = path.join(workspaceRoot, 'conf');
  const fromMakeconf = MakeconfBoot.load(path.join(conf, 'Makeconf.boot'), { env: process.env })?.modulesList();
  const candidates = [fromMakeconf && path.resolve(workspaceRoot, fromMakeconf), path.join(conf, 'modules.lst'), path.join(conf, 'modules.list')];
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}
