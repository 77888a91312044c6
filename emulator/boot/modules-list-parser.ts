// Parser of modules.lst (L4Re "modules.list"): tokenizes every line, splices includes, and builds entries and
// groups the way L4's ModList.pm reads them. It never throws on bad input: every problem becomes a diagnostic,
// so the language server can show all of them at once.

import * as path from 'path';
import type { BootDiagnostic, BootDiagnosticCode, DiagnosticSeverity } from './boot-errors';
import type { EntryNode, GroupNode, ModuleSpec, ModulesListDocument, SourceRange, Statement, Token } from './modules-list-ast';
import { FILTER_OPTIONS, KEYWORDS, keywordInfo, TARGET_ARCH, TARGET_BITS } from './modules-list-keywords';
import type { KeywordInfo } from './modules-list-keywords';
import { tokenizeLine } from './modules-list-tokenizer';
import { expandEnv } from './env-expansion';
import { closest } from './edit-distance';

export interface ModulesListParseOptions {
  /** Architecture and word size for the arch=/bits= filters; we boot x86/32. */
  arch?: string;
  bits?: number;
  /** Reads an included file (absolute path); undefined when it does not exist. Without it includes are not followed. */
  readFile?: (absolutePath: string) => string | undefined;
  /** Environment for `${VAR}` in include and searchpath lines (default: none set). */
  env?: Record<string, string | undefined>;
}

const MAX_INCLUDE_DEPTH = 32;

/** Parses a modules list. `fileName` is used in diagnostics and to resolve relative includes. */
export function parseModulesList(text: string, fileName: string, opts: ModulesListParseOptions = {}): ModulesListDocument {
  const doc: ModulesListDocument = {
    file: fileName, statements: [], entries: [], groups: new Map(), defaults: {}, searchpaths: [], includes: [],
    sets: {}, comments: [], diagnostics: [],
  };
  try {
    collect(text, fileName, [], doc, opts);
    analyze(doc, opts);
  } catch (e) {
    // Defensive: a parser bug must not take down the language server; report it on line 1.
    doc.diagnostics.push({ file: fileName, line: 1, column: 1, endColumn: 2, severity: 'error', code: 'syntax',
      message: `internal error while reading the modules list: ${e instanceof Error ? e.message : String(e)}` });
  }
  return doc;
}

function diag(doc: ModulesListDocument, at: SourceRange, severity: DiagnosticSeverity, code: BootDiagnosticCode, message: string, scope?: Scope, suggestion?: string): void {
  const d: BootDiagnostic = { file: at.file, line: at.line, column: at.column, endColumn: Math.max(at.endColumn, at.column + 1), severity, message, code };
  if (suggestion !== undefined) d.suggestion = suggestion;
  if (scope?.entry) d.entry = scope.entry.name;
  if (scope?.group) d.group = scope.group.name;
  doc.diagnostics.push(d);
}

function isActive(options: Statement['options'], opts: ModulesListParseOptions): boolean {
  const arch = opts.arch ?? TARGET_ARCH;
  const bits = String(opts.bits ?? TARGET_BITS);
  for (const o of options) {
    const key = o.key.toLowerCase();
    if (key === 'arch' && o.value !== undefined && !o.value.split(/\|+/).map((s) => s.trim()).includes(arch)) return false;
    if (key === 'bits' && o.value !== undefined && !o.value.split(/\|+/).map((s) => s.trim()).includes(bits)) return false;
  }
  return true;
}

/** Tokenizes a file's lines into statements, splicing included files in place. */
function collect(text: string, file: string, chain: Statement[], doc: ModulesListDocument, opts: ModulesListParseOptions): void {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const t = tokenizeLine(lines[n], n + 1, file);
    if (t.comment) doc.comments.push(t.comment);
    doc.diagnostics.push(...t.diagnostics);
    if (!t.keyword) continue;
    const name = t.keyword.text.toLowerCase();
    const info = keywordInfo(name);
    const st: Statement = {
      file, line: n + 1, keyword: t.keyword, name, kind: info?.kind ?? 'unknown', options: t.options,
      optionsRange: t.optionsRange, args: t.args, rest: t.rest, active: isActive(t.options, opts), includedFrom: chain,
    };
    doc.statements.push(st);
    if (st.kind === 'include' && st.active && st.rest) include(st, doc, opts);
  }
}

function include(st: Statement, doc: ModulesListDocument, opts: ModulesListParseOptions): void {
  const arg = st.rest!;
  const expanded = expandEnv(arg.text, opts.env ?? {});
  for (const m of expanded.missing) diag(doc, arg, 'warning', 'include-missing', `environment variable ${m} is not set; \${${m}} expands to nothing`);
  const resolved = path.resolve(path.dirname(st.file), expanded.text);
  const record = { statement: st, path: expanded.text, resolved };
  doc.includes.push(record);
  if (!opts.readFile) return;
  const chain = [...st.includedFrom, st];
  const via = chain.map((s) => `${s.file}:${s.line}`).join(' → ');
  const files = [doc.file, ...chain.map((s) => s.file)].map((f) => path.resolve(f));
  if (files.includes(resolved)) {
    diag(doc, arg, 'error', 'include-cycle', `include cycle: ${expanded.text} is already being read (${via}) — remove one of these includes`);
    return;
  }
  if (chain.length > MAX_INCLUDE_DEPTH) {
    diag(doc, arg, 'error', 'include-cycle', `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels (${via})`);
    return;
  }
  const text = opts.readFile(resolved);
  if (text === undefined) {
    const from = chain.length > 1 ? ` (include chain: ${via})` : '';
    diag(doc, arg, 'error', 'include-missing', `included file ${expanded.text} not found (looked for ${resolved})${from} — fix the path; it is relative to ${path.basename(st.file)}`);
    return;
  }
  const before = doc.diagnostics.length;
  collect(text, resolved, chain, doc, opts);
  const errors = doc.diagnostics.slice(before).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    diag(doc, arg, 'warning', 'include-missing', `${expanded.text} has ${errors.length} error(s); first at line ${first.line}: ${first.message}`);
  }
}

interface Scope {
  entry?: EntryNode;
  group?: GroupNode;
}

function parseNumber(text: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
  return undefined;
}

const ENTRY_KEYWORDS = KEYWORDS.filter((k) => k.scope !== 'global').map((k) => k.name);

/** The meaning pass: entries, groups, defaults, module specs, and the checks ModList.pm makes. */
function analyze(doc: ModulesListDocument, opts: ModulesListParseOptions): void {
  let scope: Scope = {};
  const entryByName = new Map<string, EntryNode>();
  // Where every group is defined, to explain "unknown group" when the definition comes later.
  const groupLines = new Map<string, Statement>();
  for (const st of doc.statements) {
    if (st.kind === 'group' && st.active && st.args[0] && !groupLines.has(st.args[0].text)) groupLines.set(st.args[0].text, st);
  }

  const spec = (st: Statement, role: ModuleSpec['role'], file: Token, argsAfter: number, info: KeywordInfo): ModuleSpec => {
    const o = optionValues(st, info);
    const args = st.args.slice(argsAfter);
    const argsRange = args.length ? { file: st.file, line: st.line, column: args[0].column, endColumn: args[args.length - 1].endColumn } : undefined;
    const argsText = argsRange && st.rest ? st.rest.text.slice(argsRange.column - st.rest.column) : '';
    return {
      statement: st, role, file, args: argsText, argsRange,
      romName: o.fname ?? path.posix.basename(file.text.replace(/\\/g, '/')),
      glob: o.flags.has('glob'), nostrip: o.flags.has('nostrip'), uncompress: o.flags.has('uncompress'),
      noShlibScan: o.flags.has('no-shlib-scan'), attrs: o.attrs,
    };
  };

  for (const st of doc.statements) {
    const info = keywordInfo(st.name);
    const here: Scope = st.kind === 'entry' || st.kind === 'group' ? {} : scope;
    if (!info) {
      if (scope.entry || scope.group || st.active) {
        const guess = closest(st.name, KEYWORDS.map((k) => k.name));
        const hint = guess ? ` — did you mean '${guess}'?` : ` — valid keywords: ${ENTRY_KEYWORDS.join(', ')}`;
        diag(doc, st.keyword, 'error', 'unknown-keyword', `invalid type "${st.keyword.text}" (unknown keyword)${hint}`, here, guess);
      }
      addToBlock(scope, st);
      continue;
    }
    checkOptions(doc, st, info, here);
    if (st.args.length < info.minArgs) {
      diag(doc, st.keyword, 'error', 'missing-argument', `'${st.name}' needs an argument: ${info.syntax}`, here);
      if (st.kind !== 'entry' && st.kind !== 'group') { addToBlock(scope, st); continue; }
    } else if (info.singleArg && st.args.length > 1) {
      const extra = st.args[1];
      diag(doc, { ...extra, endColumn: st.args[st.args.length - 1].endColumn }, 'warning', 'extra-argument', `'${st.name}' takes one argument; the rest is ignored (${info.syntax})`, here);
    }

    switch (info.kind) {
      case 'entry': {
        const nameToken = st.rest ?? { ...st.keyword, text: '' };
        const entry: EntryNode = {
          name: nameToken.text, nameToken, statement: st, active: st.active,
          noDefaults: st.options.some((o) => o.key.toLowerCase() === 'no-defaults'),
          statements: [st], endLine: st.line, modules: [], groupRefs: [], sets: {},
        };
        doc.entries.push(entry);
        scope = { entry };
        if (st.active && entry.name) {
          const key = entry.name.toLowerCase();
          const first = entryByName.get(key);
          if (first) diag(doc, nameToken, 'error', 'duplicate-entry', `duplicate entry "${entry.name}": already defined at ${first.statement.file}:${first.statement.line} — entry names must be unique (they are matched ignoring case)`, scope);
          else entryByName.set(key, entry);
        }
        continue;
      }
      case 'group': {
        const nameToken = st.args[0] ?? { ...st.keyword, text: '' };
        const group: GroupNode = { name: nameToken.text, nameToken, statement: st, statements: [st], endLine: st.line, modules: [], active: st.active };
        scope = { group };
        if (st.active && group.name) {
          const first = doc.groups.get(group.name);
          if (first) diag(doc, nameToken, 'error', 'duplicate-group', `duplicate group "${group.name}": already defined at ${first.statement.file}:${first.statement.line} — rename one of them`, scope);
          else doc.groups.set(group.name, group);
        }
        continue;
      }
    }
    addToBlock(scope, st);
    if (!st.active || st.args.length < info.minArgs) continue;
    const inEntry = scope.entry;
    const inGroup = scope.group;

    switch (info.kind) {
      case 'modaddr': {
        const arg = st.args[0];
        const value = parseNumber(arg.text);
        if (value === undefined || value > 0xffffffff) {
          diag(doc, arg, 'error', 'malformed-modaddr', `malformed modaddr "${arg.text}": expected a number such as 0x01100000`, here);
          break;
        }
        if (inEntry) inEntry.modaddr = { value, statement: st };
        else if (inGroup) diag(doc, st.keyword, 'warning', 'outside-entry', `modaddr inside group "${inGroup.name}" is ignored — put it before the first entry or inside an entry`, here);
        else if (doc.entries.length === 0) doc.modaddr = { value, statement: st };
        break;
      }
      case 'default-kernel': case 'default-sigma0': case 'default-roottask': case 'default-bootstrap': {
        const role = info.kind.slice('default-'.length) as 'kernel' | 'sigma0' | 'roottask' | 'bootstrap';
        doc.defaults[role] = spec(st, role, st.args[0], 1, info);
        break;
      }
      case 'searchpath': {
        const expanded = expandEnv(st.args[0].text, opts.env ?? {});
        for (const m of expanded.missing) diag(doc, st.args[0], 'warning', 'missing-argument', `environment variable ${m} is not set; \${${m}} expands to nothing`, here);
        doc.searchpaths.push({ dir: expanded.text, token: st.args[0], statement: st });
        break;
      }
      case 'include':
        break; // spliced in collect()
      case 'set': {
        const value = st.args.length > 1 && st.rest ? st.rest.text.slice(st.args[1].column - st.rest.column) : '';
        (inEntry ? inEntry.sets : doc.sets)[st.args[0].text] = value;
        if (inEntry && st.args[0].text === 'mode' && value.toLowerCase() === 'linux') {
          diag(doc, st.rest!, 'warning', 'linux-entry', `entry "${inEntry.name}" is a Linux-type entry, which Fiasco Studio cannot boot`, here);
        }
        break;
      }
      default:
        if (!inEntry && !inGroup) {
          diag(doc, st.keyword, 'warning', 'outside-entry', `'${st.name}' before the first entry is ignored — put it after an "entry NAME" line`, here);
          break;
        }
        if (inGroup && info.kind !== 'module' && info.kind !== 'module-group') {
          diag(doc, st.keyword, 'error', 'invalid-in-group', `invalid type "${st.name}" in group "${inGroup.name}" — groups hold module lines only`, here);
          break;
        }
        moduleLine(doc, st, info, here, spec, groupLines);
    }
  }

  for (const e of doc.entries) {
    if (!e.active) continue;
    if (!e.roottask && e.noDefaults) {
      diag(doc, e.nameToken.text ? e.nameToken : e.statement.keyword, 'error', 'no-roottask', `entry "${e.name}" has no roottask (entry[no-defaults] drops the default moe) — add "roottask moe --init=rom/PROGRAM" or "moe FILE.cfg"`, { entry: e });
    }
  }
}

function addToBlock(scope: Scope, st: Statement): void {
  const block = scope.entry ?? scope.group;
  if (block && block.statement.file === st.file) {
    block.statements.push(st);
    block.endLine = st.line;
  } else if (block) {
    block.statements.push(st);
  }
}

type SpecMaker = (st: Statement, role: ModuleSpec['role'], file: Token, argsAfter: number, info: KeywordInfo) => ModuleSpec;

/** Lines that add modules or set the base modules of an entry. */
function moduleLine(doc: ModulesListDocument, st: Statement, info: KeywordInfo, scope: Scope, spec: SpecMaker, groupLines: Map<string, Statement>): void {
  const entry = scope.entry;
  const group = scope.group;
  const target = entry ? entry.modules : group!.modules;
  const o = optionValues(st, info);
  if (o.flags.has('perl') || o.flags.has('shell')) return; // reported by checkOptions
  switch (info.kind) {
    case 'module':
      if (o.flags.has('glob')) {
        for (const a of st.args) target.push({ ...spec(st, 'module', a, st.args.length, info), args: '', argsRange: undefined });
      } else {
        target.push(spec(st, 'module', st.args[0], 1, info));
      }
      return;
    case 'module-group':
      for (const a of st.args) {
        entry?.groupRefs.push({ name: a.text, token: a });
        const g = doc.groups.get(a.text);
        const defined = groupLines.get(a.text);
        // Statements are in reading order (includes spliced), so a group in the map is defined above this line.
        if (g && g !== group) {
          for (const m of g.modules) target.push({ ...m, fromGroup: g.name });
        } else if (g && g === group) {
          diag(doc, a, 'error', 'unknown-group', `group "${a.text}" cannot include itself`, scope);
        } else {
          const later = defined ? ` (it is defined later, at ${defined.file}:${defined.line}; a group must be defined above its first use)` : '';
          const known = [...doc.groups.keys()];
          const guess = closest(a.text, known);
          const hint = later || (guess ? ` — did you mean "${guess}"?` : known.length ? ` — known groups: ${known.join(', ')}` : ' — define it first with "group NAME" followed by module lines');
          diag(doc, a, 'error', 'unknown-group', `unknown group '${a.text}'${hint}`, scope, later ? undefined : guess);
        }
      }
      return;
    case 'moe': {
      const cfg = st.args[0];
      const roottask = spec(st, 'roottask', { ...cfg, text: 'moe' }, 1, info);
      roottask.romName = 'moe';
      roottask.args = `rom/${path.posix.basename(cfg.text)}`;
      roottask.argsRange = cfg;
      setBase(doc, entry!, 'roottask', roottask, scope);
      target.push(spec(st, 'module', cfg, 1, info));
      return;
    }
    case 'kernel': case 'sigma0': case 'roottask': case 'bootstrap': case 'initrd':
      setBase(doc, entry!, info.kind, spec(st, info.kind, st.args[0], 1, info), scope);
      return;
    default:
      return;
  }
}

function setBase(doc: ModulesListDocument, entry: EntryNode, role: 'kernel' | 'sigma0' | 'roottask' | 'bootstrap' | 'initrd', m: ModuleSpec, scope: Scope): void {
  const before = entry[role];
  if (before) {
    diag(doc, m.statement.keyword, 'warning', 'extra-argument', `a second ${role} for entry "${entry.name}" replaces the one at line ${before.statement.line}`, scope);
  }
  entry[role] = m;
}

interface OptionValues {
  flags: Set<string>;
  fname?: string;
  attrs: Record<string, string>;
}

function optionValues(st: Statement, info: KeywordInfo): OptionValues {
  const out: OptionValues = { flags: new Set(info.implied ?? []), attrs: {} };
  for (const o of st.options) {
    const key = o.key.toLowerCase();
    if (key === 'fname' && o.value) out.fname = o.value;
    else if (key.startsWith('attr:')) out.attrs[o.key.slice(5)] = o.value ?? '';
    else out.flags.add(key);
  }
  return out;
}

function checkOptions(doc: ModulesListDocument, st: Statement, info: KeywordInfo, scope: Scope): void {
  const flags = new Set(info.implied ?? []);
  for (const o of st.options) {
    const key = o.key.toLowerCase();
    flags.add(key);
    if ((FILTER_OPTIONS as readonly string[]).includes(key)) {
      if (!o.value) diag(doc, o.token, 'error', 'bad-option', `option '${key}' needs a value, e.g. ${key === 'arch' ? 'arch=x86|amd64' : 'bits=32'}`, scope);
      else if (key === 'bits' && !o.value.split(/\|+/).every((b) => b === '32' || b === '64')) diag(doc, o.valueRange ?? o.token, 'warning', 'bad-option', `bits=${o.value}: expected 32 or 64 (or 32|64)`, scope);
      continue;
    }
    const known = info.options.some((k) => (k.endsWith(':') ? key.startsWith(k) && key.length > k.length : k === key));
    if (!known) {
      const names = info.options.map((k) => (k.endsWith(':') ? `${k}KEY=VALUE` : k)).concat(['arch=', 'bits=']);
      const guess = closest(key, info.options.filter((k) => !k.endsWith(':')));
      diag(doc, o.keyRange, 'warning', 'unknown-option', `unknown option '${o.key}' for '${st.name}'${guess ? ` — did you mean '${guess}'?` : ''} (known: ${names.join(', ')})`, scope, guess);
      continue;
    }
    if (key === 'fname' && !o.value) diag(doc, o.token, 'error', 'bad-option', `option 'fname' needs a value: fname=NAME`, scope);
    if (key.startsWith('attr:') && o.value === undefined) diag(doc, o.token, 'error', 'bad-option', `option '${o.key}' needs a value: attr:KEY=VALUE`, scope);
  }
  const unsupported = flags.has('perl') ? 'perl' : flags.has('shell') ? 'shell' : undefined;
  if (unsupported) {
    const at = st.options.find((o) => o.key.toLowerCase() === unsupported)?.token ?? st.keyword;
    const what = unsupported === 'perl' ? 'Perl expressions' : 'shell commands';
    diag(doc, at, 'error', 'unsupported-option', `${st.name}[${unsupported}] (${what} that list modules) is not supported by Fiasco Studio — list the modules explicitly, or use module[glob]`, scope);
  }
}
