// The keywords of the modules.lst language, with what they take and a short description (used by the parser for
// checks and by the language server for hover and completion).

export type KeywordKind =
  | 'entry' | 'modaddr'
  | 'kernel' | 'sigma0' | 'roottask' | 'bootstrap'
  | 'default-kernel' | 'default-sigma0' | 'default-roottask' | 'default-bootstrap'
  | 'module' | 'moe' | 'group' | 'module-group' | 'include' | 'searchpath' | 'set' | 'initrd';

/** Where a keyword means something. */
export type KeywordScope = 'anywhere' | 'global' | 'entry' | 'entry-or-group';

export interface KeywordInfo {
  /** Spelling, lower case. */
  name: string;
  kind: KeywordKind;
  /** Argument syntax for hover/signature help. */
  syntax: string;
  description: string;
  scope: KeywordScope;
  /** Options accepted between brackets (besides the arch=/bits= filters every line accepts). */
  options: readonly string[];
  /** Options the spelling implies (2013 spellings such as module-glob = module[glob]). */
  implied?: readonly string[];
  /** Minimum number of arguments. */
  minArgs: number;
  /** A 2013-era spelling. */
  legacy?: boolean;
  /** The argument is one name and more words are wrong (modaddr, group, searchpath, include...). */
  singleArg?: boolean;
}

/** Options of module lines. `attr:KEY=VAL` is matched by prefix. */
export const MODULE_OPTIONS = ['glob', 'perl', 'shell', 'uncompress', 'nostrip', 'fname', 'attr:', 'no-shlib-scan'] as const;
const BASE_OPTIONS = ['uncompress', 'nostrip', 'fname', 'attr:', 'no-shlib-scan'] as const;
/** Options every line accepts: they select the lines for an architecture and word size. */
export const FILTER_OPTIONS = ['arch', 'bits'] as const;
/** We boot 32-bit x86 only. */
export const TARGET_ARCH = 'x86';
export const TARGET_BITS = 32;

const base = (kind: 'kernel' | 'sigma0' | 'roottask' | 'bootstrap', what: string): KeywordInfo => ({
  name: kind, kind, syntax: `${kind} FILE [ARGS...]`, scope: 'entry', options: BASE_OPTIONS, minArgs: 1,
  description: `Use FILE as the ${what} of this entry, replacing the default, with command-line ARGS.`,
});
const deflt = (kind: 'kernel' | 'sigma0' | 'roottask' | 'bootstrap', builtin: string): KeywordInfo => ({
  name: `default-${kind}`, kind: `default-${kind}`, syntax: `default-${kind} FILE [ARGS...]`, scope: 'anywhere',
  options: BASE_OPTIONS, minArgs: 1,
  description: `Set the ${kind} every entry uses unless it names its own (built-in default: ${builtin}). Entries marked entry[no-defaults] do not use it.`,
});

export const KEYWORDS: readonly KeywordInfo[] = [
  { name: 'entry', kind: 'entry', syntax: 'entry[no-defaults] NAME', scope: 'anywhere', options: ['no-defaults'], minArgs: 1,
    description: 'Start a boot entry called NAME; select it with `fiasco run --entry NAME` (make E=NAME). The lines up to the next entry belong to it. `no-defaults` drops the default kernel, sigma0 and roottask.' },
  { name: 'title', kind: 'entry', syntax: 'title NAME', scope: 'anywhere', options: ['no-defaults'], minArgs: 1,
    description: 'Same as `entry`: start a boot entry called NAME.' },
  { name: 'modaddr', kind: 'modaddr', syntax: 'modaddr ADDRESS', scope: 'anywhere', options: [], minArgs: 1, singleArg: true,
    description: 'Load address of the boot modules, relative to the start of RAM (bootstrap -modaddr=), e.g. 0x01100000. Before the first entry it applies to all entries, inside an entry to that entry.' },
  base('kernel', 'microkernel'),
  base('sigma0', 'root pager (sigma0)'),
  base('roottask', 'root task (usually moe --init=rom/PROGRAM)'),
  base('bootstrap', 'boot loader (bootstrap)'),
  deflt('kernel', 'fiasco'),
  deflt('sigma0', 'sigma0'),
  deflt('roottask', 'moe'),
  deflt('bootstrap', 'bootstrap'),
  { name: 'module', kind: 'module', syntax: 'module[OPTIONS] FILE [ARGS...]', scope: 'entry-or-group', options: MODULE_OPTIONS, minArgs: 1,
    description: 'Add FILE as a boot module; programs find it as rom/NAME, NAME being its basename or fname=NAME. Options: glob, uncompress, nostrip, fname=NAME, attr:KEY=VALUE, no-shlib-scan.' },
  { name: 'bin', kind: 'module', syntax: 'bin[OPTIONS] FILE [ARGS...]', scope: 'entry-or-group', options: MODULE_OPTIONS, minArgs: 1,
    description: 'Same as `module`: add a program as a boot module.' },
  { name: 'data', kind: 'module', syntax: 'data[OPTIONS] FILE', scope: 'entry-or-group', options: MODULE_OPTIONS, minArgs: 1,
    description: 'Add a data file (configuration, script, image) as a boot module.' },
  { name: 'moe', kind: 'moe', syntax: 'moe FILE.cfg', scope: 'entry', options: BASE_OPTIONS, minArgs: 1, singleArg: true,
    description: 'Shorthand for `roottask moe rom/FILE.cfg` plus `module FILE.cfg`: moe starts ned with the Lua script FILE.cfg.' },
  { name: 'group', kind: 'group', syntax: 'group NAME', scope: 'anywhere', options: [], minArgs: 1, singleArg: true,
    description: 'Start a named list of modules (the module lines up to the next entry or group); entries use it with `module-group NAME`.' },
  { name: 'module-group', kind: 'module-group', syntax: 'module-group NAME [NAME...]', scope: 'entry-or-group', options: [], minArgs: 1,
    description: 'Add all modules of the named groups to this entry. A group must be defined above its first use.' },
  { name: 'include', kind: 'include', syntax: 'include PATH', scope: 'anywhere', options: [], minArgs: 1, singleArg: true,
    description: 'Insert the lines of another modules list here. PATH is relative to this file; ${VAR} takes an environment variable.' },
  { name: 'searchpath', kind: 'searchpath', syntax: 'searchpath DIR', scope: 'anywhere', options: [], minArgs: 1, singleArg: true,
    description: 'Also look for modules in DIR (after the search path given to the boot, before MODULE_SEARCH_PATH of Makeconf.boot).' },
  { name: 'set', kind: 'set', syntax: 'set VARIABLE VALUE', scope: 'anywhere', options: [], minArgs: 1,
    description: 'Set a boot variable, e.g. `set mode linux` for a Linux entry.' },
  { name: 'initrd', kind: 'initrd', syntax: 'initrd FILE', scope: 'entry', options: BASE_OPTIONS, minArgs: 1,
    description: 'Initial RAM disk of a Linux-type entry (Fiasco Studio cannot boot Linux entries).' },
  // 2013 spellings (TU Dresden Fiasco.OC/L4Re).
  { name: 'module-glob', kind: 'module', syntax: 'module-glob PATTERN...', scope: 'entry-or-group', options: MODULE_OPTIONS, implied: ['glob'], minArgs: 1, legacy: true,
    description: 'Older spelling of `module[glob]`: add every file matching the patterns.' },
  { name: 'module-perl', kind: 'module', syntax: 'module-perl EXPRESSION', scope: 'entry-or-group', options: MODULE_OPTIONS, implied: ['perl'], minArgs: 1, legacy: true,
    description: 'Older spelling of `module[perl]` (a Perl expression listing modules; not supported by Fiasco Studio).' },
  { name: 'module-shell', kind: 'module', syntax: 'module-shell COMMAND', scope: 'entry-or-group', options: MODULE_OPTIONS, implied: ['shell'], minArgs: 1, legacy: true,
    description: 'Older spelling of `module[shell]` (a shell command listing modules; not supported by Fiasco Studio).' },
  { name: 'bin-nostrip', kind: 'module', syntax: 'bin-nostrip FILE [ARGS...]', scope: 'entry-or-group', options: MODULE_OPTIONS, implied: ['nostrip'], minArgs: 1, legacy: true,
    description: 'Older spelling of `bin[nostrip]`: add a program without stripping its symbols.' },
  { name: 'data-nostrip', kind: 'module', syntax: 'data-nostrip FILE', scope: 'entry-or-group', options: MODULE_OPTIONS, implied: ['nostrip'], minArgs: 1, legacy: true,
    description: 'Older spelling of `data[nostrip]`.' },
];

const BY_NAME = new Map(KEYWORDS.map((k) => [k.name, k]));

export function keywordInfo(name: string): KeywordInfo | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Names of the runtime's own components: modules with these names need no file (they are built into the emulator). */
export const BUILTIN_MODULES = ['l4re', 'moe', 'ned', 'sigma0', 'fiasco', 'bootstrap'] as const;
export type BuiltinModule = (typeof BUILTIN_MODULES)[number];

export function builtinModule(romName: string): BuiltinModule | undefined {
  return (BUILTIN_MODULES as readonly string[]).includes(romName) ? (romName as BuiltinModule) : undefined;
}
