// Builds every L4Re-style package of a workspace: each
// `<dir>/pkg/**/Makefile` that sets TARGET becomes `<dir>/bin/<TARGET>`.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BASE_CFLAGS, BASE_LDFLAGS, Compiler, findCompiler, SDK_DEBUG_PREFIX } from './compiler';
import { makeWords, MakeVars, parseMakefileVars } from './makefile-vars';
import { buildRuntime, RuntimeObjects } from './runtime';
import { sdkRoot } from './sdk-root';

export interface BuildOptions {
  /** C compiler command; default: gcc, else clang. */
  compiler?: string;
  /** Receives compiler diagnostics unchanged, and progress lines. */
  log?: (line: string) => void;
}

export interface BuildResult {
  ok: boolean;
  /** Absolute paths of the ELF files written. */
  built: string[];
  /** Error lines (compiler diagnostics in `file:line:col: error:` form). */
  errors: string[];
}

const SKIP_DIRS = new Set(['obj', 'bin', 'node_modules', '.git']);
/** Libraries every program gets anyway (part of the SDK runtime); naming them in REQUIRES_LIBS is fine. */
const BUILTIN_LIBS = new Set(['libc', 'libc_be_l4re', 'libl4re', 'libl4sys', 'libl4util', 'libl4re-util']);

/** All package Makefiles below `<dir>/pkg`, sorted. */
export function findPackageMakefiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(p);
      } else if (e.name === 'Makefile' || e.name === 'GNUmakefile') {
        out.push(p);
      }
    }
  };
  const pkg = path.join(dir, 'pkg');
  if (fs.existsSync(pkg)) walk(pkg);
  return out.sort();
}

/** Workspace-relative path with forward slashes (for diagnostics and DWARF). */
function rel(dir: string, p: string): string {
  return path.relative(dir, p).split(path.sep).join('/');
}

function isErrorLine(line: string): boolean {
  return /(^|: )(fatal )?error: /.test(line) || /undefined reference to/.test(line);
}

interface Step {
  ok: boolean;
  errors: string[];
}

function run(cmd: string, args: string[], cwd: string, log: (l: string) => void): Step {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const lines = text.split('\n').filter((l) => l.length > 0);
  lines.forEach(log);
  const errors = lines.filter(isErrorLine);
  if (r.error) errors.push(`${cmd}: ${r.error.message}`);
  return { ok: !r.error && r.status === 0, errors };
}

interface Program {
  target: string;
  makefile: string;
  vars: MakeVars;
}

function programsOf(makefile: string): Program[] {
  const vars = parseMakefileVars(fs.readFileSync(makefile, 'utf8'));
  return makeWords(vars, 'TARGET').map((target) => ({ target, makefile, vars }));
}

/** Per-target variables win over plain ones, as in L4Re (`SRC_C_hello`). */
function wordsFor(p: Program, name: string): string[] {
  const specific = makeWords(p.vars, `${name}_${p.target}`);
  return specific.length > 0 ? specific : makeWords(p.vars, name);
}

/**
 * The link address a Makefile asks for with BID's `DEFAULT_RELOC_x86` (or `DEFAULT_RELOC`): where the image
 * starts, e.g. 0x00100000 for sigma0, which a real boot loads at physical = virtual. Undefined: the linker's
 * default (0x08048000). A string: the error for a value that is no page-aligned number.
 */
function linkAddress(p: Program, where: string): number | undefined | string {
  const name = wordsFor(p, 'DEFAULT_RELOC_x86').length > 0 ? 'DEFAULT_RELOC_x86' : 'DEFAULT_RELOC';
  const words = wordsFor(p, name);
  if (words.length === 0) return undefined;
  const value = /^(0x[0-9a-f]+|[0-9]+)$/i.test(words[0]) ? Number(words[0]) : NaN;
  if (words.length > 1 || !Number.isSafeInteger(value) || value % 0x1000 !== 0 || value >= 0xc000_0000) {
    return `${where}: error: ${name} = ${words.join(' ')} is no page-aligned address below 0xc0000000 (e.g. ${name} = 0x00100000)`;
  }
  return value;
}

/**
 * Where a source's object goes. A source of the package's own directory keeps its base name; one from
 * elsewhere in the workspace (a library shared by several packages, e.g. `SRC_C = $(L4DIR)/lib/x/log.c`)
 * is placed by its workspace path, so that it cannot collide with a package file of the same name.
 * Undefined for a source outside the workspace.
 */
function objectPath(dir: string, srcDir: string, objDir: string, srcPath: string): string | undefined {
  const base = (p: string): string => p.replace(/\.[^.]+$/, '.o');
  const inPackage = path.relative(srcDir, srcPath);
  if (!inPackage.startsWith('..') && !path.isAbsolute(inPackage)) return path.join(objDir, base(path.basename(srcPath)));
  const inWorkspace = path.relative(dir, srcPath);
  if (inWorkspace.startsWith('..') || path.isAbsolute(inWorkspace)) return undefined;
  return path.join(objDir, 'workspace', base(inWorkspace));
}

/** `SDK_RUNTIME`: yes (crt0 + libc, the default), no (nothing: the package brings its own start code and
 * library), freestanding (no start code and no libc, but the SDK's <string.h> functions). */
type RuntimeChoice = 'yes' | 'no' | 'freestanding';

function runtimeChoice(p: Program, where: string): RuntimeChoice | string {
  const words = makeWords(p.vars, 'SDK_RUNTIME');
  const value = words.length === 0 ? 'yes' : words.join(' ');
  if (value === 'yes' || value === 'no' || value === 'freestanding') return value;
  return `${where}: error: SDK_RUNTIME = ${value} is none of yes, no, freestanding`;
}

function buildProgram(dir: string, sdk: string, cc: Compiler, p: Program,
  runtime: () => RuntimeObjects, log: (l: string) => void): Step & { elf?: string } {
  const srcDir = path.dirname(p.makefile);
  const where = rel(dir, p.makefile);
  const cSources = wordsFor(p, 'SRC_C');
  const asmSources = wordsFor(p, 'SRC_S');
  const unsupported = [...wordsFor(p, 'SRC_CC'), ...wordsFor(p, 'SRC_CPP')];
  if (unsupported.length > 0) {
    return { ok: false, errors: [`${where}: C++ sources are not supported by the SDK (${unsupported.join(' ')})`] };
  }
  if (cSources.length + asmSources.length === 0) {
    return { ok: false, errors: [`${where}: TARGET ${p.target} has no sources: set SRC_C (or SRC_S)`] };
  }
  const runtimeKind = runtimeChoice(p, where);
  if (runtimeKind !== 'yes' && runtimeKind !== 'no' && runtimeKind !== 'freestanding') return { ok: false, errors: [runtimeKind] };
  const reloc = linkAddress(p, where);
  if (typeof reloc === 'string') return { ok: false, errors: [reloc] };
  const relocFlags = reloc === undefined ? [] : [cc.kind === 'clang' ? `-Wl,--image-base=0x${reloc.toString(16)}` : `-Wl,-Ttext-segment=0x${reloc.toString(16)}`];
  const userCflags = wordsFor(p, 'CFLAGS');
  const includes = [srcDir, ...wordsFor(p, 'PRIVATE_INCDIR').map((d) => path.resolve(srcDir, d))]
    .map((d) => `-I${d}`);
  const defines = wordsFor(p, 'DEFINES');
  // Later prefix maps take precedence in gcc, so the SDK (possibly inside
  // the workspace) comes last.
  const cflags = [
    ...cc.targetFlags, ...BASE_CFLAGS, '-Wall',
    `-I${path.join(sdk, 'include')}`, ...includes, ...defines,
    `-fdebug-prefix-map=${dir}=.`, `-fdebug-prefix-map=${sdk}=${SDK_DEBUG_PREFIX}`,
    ...userCflags,
  ];

  const objDir = path.join(dir, 'obj', path.relative(dir, srcDir), p.target);
  fs.mkdirSync(objDir, { recursive: true });
  const objects: string[] = [];
  const errors: string[] = [];
  for (const src of [...cSources, ...asmSources]) {
    const srcPath = path.resolve(srcDir, src);
    if (!fs.existsSync(srcPath)) {
      errors.push(`${where}: source file ${src} does not exist`);
      continue;
    }
    const obj = objectPath(dir, srcDir, objDir, srcPath);
    if (!obj) {
      errors.push(`${where}: source file ${src} lies outside the workspace ${dir}: its debug info could not name it relative to the workspace`);
      continue;
    }
    fs.mkdirSync(path.dirname(obj), { recursive: true });
    const step = run(cc.command, [...cflags, '-c', rel(dir, srcPath), '-o', obj], dir, log);
    if (!step.ok) {
      errors.push(...(step.errors.length ? step.errors : [`${rel(dir, srcPath)}: compilation failed`]));
    }
    objects.push(obj);
  }
  if (errors.length > 0) return { ok: false, errors };

  // SDK_RUNTIME = no / freestanding: the package brings its own start code (and library).
  // -nostartfiles in CFLAGS or LDFLAGS: keep the libc, drop crt0.
  const useRuntime = runtimeKind === 'yes';
  const ldflags = wordsFor(p, 'LDFLAGS');
  const noStart = [...userCflags, ...ldflags].includes('-nostartfiles');
  const rt = useRuntime ? runtime() : undefined;
  // REQUIRES_LIBS = libpthread links the optional library before the libc it uses.
  const required = wordsFor(p, 'REQUIRES_LIBS').map((l) => (l.startsWith('lib') ? l : `lib${l}`));
  const unknownLibs = required.filter((l) => rt && !(l in rt.optional) && !BUILTIN_LIBS.has(l));
  for (const l of unknownLibs) log(`${where}: warning: REQUIRES_LIBS names ${l}, which the SDK does not provide (it provides ${[...BUILTIN_LIBS, ...Object.keys(rt?.optional ?? {})].join(', ')})`);
  const optionalObjects = rt ? required.flatMap((l) => rt.optional[l] ?? []) : [];
  const rtObjects = rt ? [...(noStart ? [] : [rt.crt0]), ...optionalObjects, ...rt.libs]
    : runtimeKind === 'freestanding' ? runtime().freestanding : [];
  // Without crt0 (no runtime, or -nostartfiles) the package's own objects come first.
  const leading = rt && !noStart ? 1 : 0;

  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const elf = path.join(binDir, p.target);
  const link = run(cc.command,
    [...cc.targetFlags, ...cc.linkFlags, ...BASE_LDFLAGS, ...relocFlags, ...ldflags, '-o', elf,
      ...rtObjects.slice(0, leading), ...objects, ...rtObjects.slice(leading)],
    dir, log);
  if (!link.ok) {
    const errors = link.errors.length ? link.errors : [`${where}: linking ${p.target} failed`];
    if (errors.some((e) => /undefined reference to `pthread_/.test(e)) && !required.includes('libpthread')) {
      errors.push(`${where}: error: the program uses pthreads: add "REQUIRES_LIBS = libpthread" to this Makefile`);
    }
    return { ok: false, errors };
  }
  return { ok: true, errors: [], elf };
}

/**
 * Builds all packages under `<dir>/pkg` against the SDK and writes the ELF
 * files to `<dir>/bin`. Never throws for user errors: they are returned.
 */
export function buildTree(dir: string, opts: BuildOptions = {}): BuildResult {
  const log = opts.log ?? ((): void => undefined);
  const root = path.resolve(dir);
  const result: BuildResult = { ok: true, built: [], errors: [] };
  const fail = (msg: string): BuildResult => {
    log(msg);
    return { ok: false, built: result.built, errors: [...result.errors, msg] };
  };

  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    return fail(`${dir}: not a directory`);
  }
  const makefiles = findPackageMakefiles(root);
  const programs = makefiles.flatMap(programsOf);
  if (programs.length === 0) {
    return fail(`${path.join(dir, 'pkg')}: no package Makefile with a TARGET found `
      + '(expected e.g. pkg/hello/server/src/Makefile with TARGET = hello and SRC_C = main.c)');
  }
  const cc = findCompiler(opts.compiler);
  if (typeof cc === 'string') return fail(cc);

  let sdk: string;
  try {
    sdk = sdkRoot();
  } catch (e) {
    return fail((e as Error).message);
  }
  let runtime: RuntimeObjects | undefined;
  let runtimeError: string | undefined;
  const getRuntime = (): RuntimeObjects => {
    if (!runtime) runtime = buildRuntime(sdk, cc, path.join(root, 'obj', 'sdk'), log);
    return runtime;
  };

  for (const p of programs) {
    if (runtimeError) break;
    log(`Building ${p.target} (${rel(root, p.makefile)})`);
    try {
      const r = buildProgram(root, sdk, cc, p, getRuntime, log);
      if (r.ok && r.elf) result.built.push(r.elf);
      else {
        result.ok = false;
        result.errors.push(...r.errors);
      }
    } catch (e) {
      runtimeError = (e as Error).message;
      result.ok = false;
      result.errors.push(runtimeError);
    }
  }
  return result;
}
