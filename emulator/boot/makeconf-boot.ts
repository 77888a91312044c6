// Reader of conf/Makeconf.boot, the make fragment that configures L4Re boots: variable assignments with
// =, :=, ::=, +=, ?=, `$(VAR)` / `${VAR}` references, `\` line continuations, comments, define/endef and the
// ifeq/ifneq/ifdef/ifndef conditionals. Other make syntax (rules, include, export lists) is tolerated and skipped.

import { readBoundedText } from '../util/bounded-read';
import type { BootDiagnostic } from './boot-errors';
import type { SourceRange } from './modules-list-ast';
import { TARGET_ARCH } from './modules-list-keywords';

export interface MakeVariable {
  name: string;
  /** recursive (`=`, `?=`, define): expanded at use; simple (`:=`, `::=`): expanded when assigned. */
  flavor: 'recursive' | 'simple';
  /** Raw text for recursive variables, the expanded text for simple ones. */
  value: string;
  /** Where it was (last) assigned; for go-to-definition. */
  range: SourceRange;
}

export interface MakeconfOptions {
  /** Environment variables (make imports them); default none. */
  env?: Record<string, string | undefined>;
  /** Values of $(ARCH) and $(PLATFORM_TYPE) unless the file sets them: x86 and pc. */
  arch?: string;
  platformType?: string;
}

const DIRECTIVES = new Set(['include', '-include', 'sinclude', 'export', 'unexport', 'vpath', 'override', 'private', 'undefine']);
const MAX_DEPTH = 64;
/** Make functions that run commands or look at the file system: we do not evaluate them. */
const UNSUPPORTED_FUNCTIONS = /^(shell|wildcard|foreach|call|eval|origin|value|realpath|abspath|file|info|warning|error)$/;

interface LogicalLine { text: string; line: number; startColumn: number }

export class MakeconfBoot {
  readonly variables = new Map<string, MakeVariable>();
  readonly diagnostics: BootDiagnostic[] = [];
  private readonly env: Record<string, string | undefined>;
  private readonly builtins: Record<string, string>;
  private currentLine = 1;

  private constructor(readonly file: string, opts: MakeconfOptions) {
    this.env = opts.env ?? {};
    this.builtins = { ARCH: opts.arch ?? TARGET_ARCH, PLATFORM_TYPE: opts.platformType ?? 'pc' };
  }

  /** Parses a Makeconf.boot text; never throws. */
  static parse(text: string, fileName: string, opts: MakeconfOptions = {}): MakeconfBoot {
    const m = new MakeconfBoot(fileName, opts);
    try {
      m.read(text);
    } catch (e) {
      m.note(1, 1, 2, 'error', `internal error while reading ${fileName}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return m;
  }

  /** Reads the file; undefined when it does not exist. */
  static load(filePath: string, opts: MakeconfOptions = {}): MakeconfBoot | undefined {
    let text: string;
    try {
      text = readBoundedText(filePath);
    } catch {
      return undefined;
    }
    return MakeconfBoot.parse(text, filePath, opts);
  }

  /** The expanded value of a variable (file, then environment, then ARCH/PLATFORM_TYPE), or undefined. */
  value(name: string): string | undefined {
    if (!this.isDefined(name)) return undefined;
    return this.expand(`$(${name})`).trim();
  }

  /** MODULE_SEARCH_PATH plus FIASCO_PATH-$(ARCH) and FIASCO_PATH-$(ARCH)-$(PLATFORM_TYPE), split into directories. */
  moduleSearchPath(): string[] {
    const arch = this.value('ARCH') ?? TARGET_ARCH;
    const plat = this.value('PLATFORM_TYPE') ?? 'pc';
    const parts = [this.value('MODULE_SEARCH_PATH'), this.value(`FIASCO_PATH-${arch}`), this.value(`FIASCO_PATH-${arch}-${plat}`)];
    return parts.flatMap((p) => (p ? splitSearchPath(p) : []));
  }

  /** QEMU_OPTIONS with its -$(ARCH) and -$(ARCH)-$(PLATFORM_TYPE) variants (for information; we do not run QEMU). */
  qemuOptions(): string {
    const arch = this.value('ARCH') ?? TARGET_ARCH;
    const plat = this.value('PLATFORM_TYPE') ?? 'pc';
    return [this.value('QEMU_OPTIONS'), this.value(`QEMU_OPTIONS-${arch}`), this.value(`QEMU_OPTIONS-${arch}-${plat}`)]
      .filter((s): s is string => !!s).join(' ').trim();
  }

  modulesList(): string | undefined {
    return this.value('MODULES_LIST') || undefined;
  }

  /** The entry preselected with E= or ENTRY=. */
  entry(): string | undefined {
    return this.value('E') || this.value('ENTRY') || undefined;
  }

  /** Expands `$(...)`, `${...}`, `$X` and `$$` in a text with the current variables. */
  expand(text: string, depth = 0): string {
    if (depth > MAX_DEPTH) {
      this.note(this.currentLine, 1, 2, 'warning', 'a variable refers to itself (recursive expansion stopped)');
      return '';
    }
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '$') { out += c; continue; }
      const n = text[i + 1];
      if (n === undefined) { out += '$'; break; }
      if (n === '$') { out += '$'; i++; continue; }
      if (n === '(' || n === '{') {
        const close = n === '(' ? ')' : '}';
        let level = 1;
        let j = i + 2;
        for (; j < text.length && level > 0; j++) {
          if (text[j] === n) level++;
          else if (text[j] === close) level--;
        }
        const inner = text.slice(i + 2, level === 0 ? j - 1 : j);
        out += this.reference(inner, depth);
        i = j - 1;
        continue;
      }
      out += this.lookup(n, depth);
      i++;
    }
    return out;
  }

  private reference(inner: string, depth: number): string {
    const fn = /^([a-z-]+)[ \t]+([\s\S]*)$/.exec(inner);
    if (fn && FUNCTIONS[fn[1]]) {
      const args = splitArgs(fn[2]).map((a) => this.expand(a, depth + 1));
      return FUNCTIONS[fn[1]](args);
    }
    if (fn && UNSUPPORTED_FUNCTIONS.test(fn[1])) return ''; // reported where it is assigned
    // Substitution reference $(VAR:a=b).
    const sub = /^([^:]+):([^=]*)=(.*)$/.exec(inner);
    if (sub) {
      const words = this.lookup(this.expand(sub[1], depth + 1), depth).split(/\s+/).filter(Boolean);
      const from = sub[2];
      const to = sub[3];
      return words.map((w) => (from.includes('%') ? patsubst(from, to, w) : w.endsWith(from) ? w.slice(0, w.length - from.length) + to : w)).join(' ');
    }
    return this.lookup(this.expand(inner, depth + 1), depth);
  }

  private lookup(name: string, depth: number): string {
    const v = this.variables.get(name);
    if (v) return v.flavor === 'simple' ? v.value : this.expand(v.value, depth + 1);
    return this.env[name] ?? this.builtins[name] ?? '';
  }

  private isDefined(name: string): boolean {
    return this.variables.has(name) || this.env[name] !== undefined || name in this.builtins;
  }

  private note(line: number, column: number, endColumn: number, severity: BootDiagnostic['severity'], message: string, code: BootDiagnostic['code'] = 'makeconf-syntax'): void {
    this.diagnostics.push({ file: this.file, line, column, endColumn, severity, message, code });
  }

  private read(text: string): void {
    const lines = joinContinuations(text);
    // Conditional stack: whether lines are taken, and whether a branch was already taken.
    const conds: Array<{ active: boolean; taken: boolean; line: number }> = [];
    const active = (): boolean => conds.every((c) => c.active);
    let define: { name: string; op: string; body: string[]; range: SourceRange } | undefined;

    for (const ll of lines) {
      this.currentLine = ll.line;
      if (define) {
        if (/^\s*endef\b/.test(ll.text)) {
          if (active()) this.assign(define.name, define.op === '+=' ? '+=' : define.op === ':=' || define.op === '::=' ? ':=' : '=', define.body.join('\n'), define.range);
          define = undefined;
        } else define.body.push(ll.text);
        continue;
      }
      if (ll.text.startsWith('\t')) continue; // recipe line of a rule
      const raw = stripComment(ll.text);
      const t = raw.trim();
      if (!t) continue;
      const col = ll.startColumn + (raw.length - raw.trimStart().length);

      const cond = /^(else\s+)?(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(t);
      if (cond) {
        if (cond[1]) {
          const top = conds[conds.length - 1];
          if (!top) { this.note(ll.line, col, col + 4, 'warning', '"else" without a matching "if"'); continue; }
          if (top.taken) { top.active = false; continue; }
          top.active = this.condition(cond[2], cond[3], ll.line, col);
          top.taken = top.active;
        } else {
          const outer = active();
          const value = outer ? this.condition(cond[2], cond[3], ll.line, col) : false;
          conds.push({ active: value, taken: value || !outer, line: ll.line });
        }
        continue;
      }
      if (t === 'else') {
        const top = conds[conds.length - 1];
        if (!top) { this.note(ll.line, col, col + 4, 'warning', '"else" without a matching "if"'); continue; }
        top.active = !top.taken;
        top.taken = true;
        continue;
      }
      if (t === 'endif') {
        if (!conds.pop()) this.note(ll.line, col, col + 5, 'warning', '"endif" without a matching "if"');
        continue;
      }
      if (!active()) continue;

      const def = /^(?:override\s+|export\s+)*define\s+([^\s=:+?]+)\s*(=|:=|::=|\+=|\?=)?\s*$/.exec(t);
      if (def) {
        define = { name: def[1], op: def[2] ?? '=', body: [], range: { file: this.file, line: ll.line, column: col, endColumn: col + t.length } };
        continue;
      }
      const asg = /^((?:override|export|private)\s+)*([^\s:#=+?!]+)\s*(:::=|::=|:=|\+=|\?=|!=|=)\s*([\s\S]*)$/.exec(t);
      if (asg) {
        const nameCol = col + t.indexOf(asg[2], asg[1]?.length ?? 0);
        const range = { file: this.file, line: ll.line, column: nameCol, endColumn: nameCol + asg[2].length };
        if (asg[3] === '!=') {
          this.note(ll.line, nameCol, nameCol + asg[2].length, 'information', `${asg[2]} != runs a shell command, which Fiasco Studio does not do; ${asg[2]} stays empty`, 'makeconf-unsupported');
          this.assign(asg[2], ':=', '', range);
          continue;
        }
        this.assign(this.expand(asg[2]), asg[3], asg[4], range);
        continue;
      }
      const word = t.split(/\s+/)[0];
      if (DIRECTIVES.has(word)) continue;
      if (/^[^=]*:/.test(t)) continue; // a rule "target: prerequisites"
      this.note(ll.line, col, col + t.length, 'information', `line not understood as a variable assignment; Fiasco Studio ignores it`, 'makeconf-unsupported');
    }
    if (define) this.note(define.range.line, define.range.column, define.range.endColumn, 'warning', `"define ${define.name}" has no matching "endef"`);
    for (const c of conds) this.note(c.line, 1, 2, 'warning', 'conditional without a matching "endif"');
  }

  private assign(name: string, op: string, value: string, range: SourceRange): void {
    for (const m of value.matchAll(/\$[({]([a-z-]+)[ \t]/g)) {
      if (UNSUPPORTED_FUNCTIONS.test(m[1])) {
        this.note(range.line, range.column, range.endColumn, 'information', `$(${m[1]} ...) is not evaluated by Fiasco Studio; it expands to nothing`, 'makeconf-unsupported');
      }
    }
    const old = this.variables.get(name);
    switch (op) {
      case ':=': case '::=': case ':::=':
        this.variables.set(name, { name, flavor: 'simple', value: this.expand(value), range });
        return;
      case '?=':
        if (!this.isDefined(name)) this.variables.set(name, { name, flavor: 'recursive', value, range });
        return;
      case '+=': {
        if (old) {
          const add = old.flavor === 'simple' ? this.expand(value) : value;
          old.value = old.value === '' ? add : `${old.value} ${add}`;
          old.range = range;
        } else {
          const fromEnv = this.env[name];
          this.variables.set(name, { name, flavor: 'recursive', value: fromEnv ? `${fromEnv} ${value}` : value, range });
        }
        return;
      }
      default:
        this.variables.set(name, { name, flavor: 'recursive', value, range });
    }
  }

  private condition(kind: string, args: string, line: number, col: number): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = this.expand(args.trim());
      const defined = (this.value(name) ?? '') !== '';
      return kind === 'ifdef' ? defined : !defined;
    }
    const pair = parseCompare(args);
    if (!pair) {
      this.note(line, col, col + kind.length, 'warning', `cannot read the arguments of ${kind}; the condition is taken as false`);
      return false;
    }
    const equal = this.expand(pair[0]).trim() === this.expand(pair[1]).trim();
    return kind === 'ifeq' ? equal : !equal;
  }
}

/** Splits a search path written with colons and/or spaces; keeps Windows drive letters (C:\dir) whole. */
export function splitSearchPath(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const parts = word.split(':');
    for (let i = 0; i < parts.length; i++) {
      if (/^[A-Za-z]$/.test(parts[i]) && i + 1 < parts.length && /^[\\/]/.test(parts[i + 1])) {
        out.push(`${parts[i]}:${parts[i + 1]}`);
        i++;
      } else if (parts[i] !== '') out.push(parts[i]);
    }
  }
  return out;
}

function joinContinuations(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    const start = i;
    let t = physical[i];
    while (/(^|[^\\])(\\\\)*\\$/.test(t) && i + 1 < physical.length) {
      t = t.slice(0, -1).replace(/\s+$/, '') + ' ' + physical[++i].replace(/^\s+/, '');
    }
    out.push({ text: t, line: start + 1, startColumn: 1 });
  }
  return out;
}

function stripComment(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '#') { i++; continue; }
    if (text[i] === '#') return text.slice(0, i).replace(/\\#/g, '#');
  }
  return text.replace(/\\#/g, '#');
}

/** Top-level comma split of function arguments. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let level = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(' || c === '{') level++;
    else if (c === ')' || c === '}') level--;
    if (c === ',' && level === 0) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseCompare(args: string): [string, string] | undefined {
  const t = args.trim();
  if (t.startsWith('(') && t.endsWith(')')) {
    const parts = splitArgs(t.slice(1, -1));
    return parts.length === 2 ? [parts[0], parts[1]] : undefined;
  }
  const q = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(t);
  return q ? [q[2], q[4]] : undefined;
}

function patsubst(pattern: string, replacement: string, word: string): string {
  const p = pattern.indexOf('%');
  if (p < 0) return word === pattern ? replacement : word;
  const pre = pattern.slice(0, p);
  const post = pattern.slice(p + 1);
  if (word.startsWith(pre) && word.endsWith(post) && word.length >= pre.length + post.length) {
    const stem = word.slice(pre.length, word.length - post.length);
    return replacement.includes('%') ? replacement.replace('%', stem) : replacement;
  }
  return word;
}

const words = (s: string | undefined): string[] => (s ?? '').split(/\s+/).filter(Boolean);

/** The make functions that are pure text processing; enough for typical Makeconf.boot files. */
const FUNCTIONS: Record<string, (args: string[]) => string> = {
  subst: ([from = '', to = '', text = '']) => (from ? text.split(from).join(to) : text),
  patsubst: ([p = '', r = '', text]) => words(text).map((w) => patsubst(p, r, w)).join(' '),
  strip: ([text]) => words(text).join(' '),
  addprefix: ([p = '', text]) => words(text).map((w) => p + w).join(' '),
  addsuffix: ([s = '', text]) => words(text).map((w) => w + s).join(' '),
  firstword: ([text]) => words(text)[0] ?? '',
  lastword: ([text]) => words(text).pop() ?? '',
  words: ([text]) => String(words(text).length),
  word: ([n = '', text]) => words(text)[Number(n) - 1] ?? '',
  notdir: ([text]) => words(text).map((w) => w.replace(/^.*\//, '')).join(' '),
  dir: ([text]) => words(text).map((w) => (w.includes('/') ? w.replace(/[^/]*$/, '') : './')).join(' '),
  'filter-out': ([pats, text]) => words(text).filter((w) => !words(pats).some((p) => patsubst(p, '\u0000', w) === '\u0000')).join(' '),
  filter: ([pats, text]) => words(text).filter((w) => words(pats).some((p) => patsubst(p, '\u0000', w) === '\u0000')).join(' '),
  if: ([c = '', a = '', b = '']) => (c.trim() ? a : b),
  or: (args) => args.find((a) => a.trim()) ?? '',
  and: (args) => (args.every((a) => a.trim()) ? args[args.length - 1] ?? '' : ''),
};
