// The syntax tree of a modules.lst ("modules.list") file. Every piece carries its exact source range so that the
// language server can offer diagnostics, hover, completion, go-to-definition, rename and folding.
// Lines and columns are 1-based; endColumn is exclusive.

import type { BootDiagnostic } from './boot-errors';
import type { KeywordKind } from './modules-list-keywords';

export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endColumn: number;
}

/** A piece of text on one line. */
export interface Token extends SourceRange {
  text: string;
}

/** One `key` or `key=value` between the brackets of `keyword[...]`. `attr:K=V` keeps "attr:K" as its key. */
export interface OptionNode {
  token: Token;
  key: string;
  keyRange: SourceRange;
  value?: string;
  valueRange?: SourceRange;
}

/** One non-blank, non-comment line: `keyword[options] arguments # comment`. */
export interface Statement {
  file: string;
  line: number;
  /** The keyword as written (case preserved) and its range. */
  keyword: Token;
  /** Lower-cased keyword; 2013 spellings are kept as written here (see `kind` for the meaning). */
  name: string;
  kind: KeywordKind | 'unknown';
  options: OptionNode[];
  /** From `[` to `]` inclusive, when present. */
  optionsRange?: SourceRange;
  /** Whitespace-separated arguments. */
  args: Token[];
  /** Everything after the keyword and options, trimmed (undefined when there are no arguments). */
  rest?: Token;
  /** false when an arch=/bits= filter excludes this line for x86/32 (it is then ignored). */
  active: boolean;
  /** For lines that come from an included file: the include statements leading here, outermost first. */
  includedFrom: Statement[];
}

/** A module line as the boot will use it (also the base modules: kernel, sigma0, roottask, bootstrap). */
export interface ModuleSpec {
  statement: Statement;
  role: 'module' | 'kernel' | 'sigma0' | 'roottask' | 'bootstrap' | 'initrd';
  /** The file as written (may contain a directory part, or be a glob pattern). */
  file: Token;
  /** Command-line arguments after the file, as written. */
  args: string;
  argsRange?: SourceRange;
  /** Name in the ROM file system: `fname=` or the basename of the file. */
  romName: string;
  glob: boolean;
  nostrip: boolean;
  uncompress: boolean;
  noShlibScan: boolean;
  attrs: Record<string, string>;
  /** Set when the module came from `module-group NAME`. */
  fromGroup?: string;
}

export interface EntryNode {
  name: string;
  nameToken: Token;
  statement: Statement;
  noDefaults: boolean;
  active: boolean;
  /** All lines from the entry line up to the next entry/group (in the entry's own file), for folding. */
  statements: Statement[];
  endLine: number;
  modaddr?: { value: number; statement: Statement };
  kernel?: ModuleSpec;
  sigma0?: ModuleSpec;
  roottask?: ModuleSpec;
  bootstrap?: ModuleSpec;
  initrd?: ModuleSpec;
  modules: ModuleSpec[];
  /** `module-group` references, for go-to-definition and rename. */
  groupRefs: Array<{ name: string; token: Token }>;
  sets: Record<string, string>;
}

export interface GroupNode {
  name: string;
  nameToken: Token;
  statement: Statement;
  statements: Statement[];
  endLine: number;
  modules: ModuleSpec[];
  active: boolean;
}

export interface ModulesListDocument {
  file: string;
  /** Every statement, includes spliced in place (each statement names its own file). */
  statements: Statement[];
  entries: EntryNode[];
  groups: Map<string, GroupNode>;
  /** modaddr before the first entry. */
  modaddr?: { value: number; statement: Statement };
  defaults: { kernel?: ModuleSpec; sigma0?: ModuleSpec; roottask?: ModuleSpec; bootstrap?: ModuleSpec };
  searchpaths: Array<{ dir: string; token: Token; statement: Statement }>;
  includes: Array<{ statement: Statement; path: string; resolved?: string }>;
  sets: Record<string, string>;
  /** Comment lines (for folding of comment blocks and for the tokenizer of the grammar tests). */
  comments: Token[];
  diagnostics: BootDiagnostic[];
}
