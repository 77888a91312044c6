// Diagnostics of a modules.lst: the parser's (the errors L4Re's ModList.pm would report), plus what only a look at
// the disk can tell: a module missing from the search path, a file that is not a 32-bit x86 program, and a
// rom/NAME (e.g. moe --init=rom/NAME) that no module of the entry provides.

import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { ModuleSpec } from '../emulator/boot/modules-list-ast';
import { entryBaseSpecs, entryRomNames, specKey } from './modules-list-analysis';
import type { ModulesListAnalysis, ResolvedModule } from './modules-list-analysis';
import { romReferencesOf } from './modules-list-locate';
import { moduleFileInfo } from './module-file-info';
import { toRange, toSeverity } from './lsp-ranges';

export const DIAGNOSTIC_SOURCE = 'fiasco';

/** Codes of the diagnostics the server adds to the parser's (see docs/language-support.md). */
export type ServerDiagnosticCode = 'module-not-found' | 'glob-no-match' | 'not-i386-elf' | 'not-elf' | 'unknown-rom';

function make(range: { line: number; column: number; endColumn: number }, severity: DiagnosticSeverity, code: string, message: string): Diagnostic {
  return { range: toRange(range), severity, code, source: DIAGNOSTIC_SOURCE, message };
}

/** Every diagnostic for the file `a.file` itself (problems in included files are reported on the include line by the parser). */
export function modulesListDiagnostics(a: ModulesListAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of a.document.diagnostics) {
    if (d.file !== a.file) continue;
    const lsp = make(d, toSeverity(d.severity), d.code, d.message);
    // The quick fix (modules-list-code-actions.ts) reads the suggestion back from the diagnostic.
    if (d.suggestion !== undefined) lsp.data = { suggestion: d.suggestion };
    out.push(lsp);
  }
  const seen = new Set<string>();
  const once = (d: Diagnostic): void => {
    const k = `${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (!seen.has(k)) { seen.add(k); out.push(d); }
  };

  // Programs that must be ELF executables: base modules, `bin` lines, and the targets of rom/ references.
  const programs = new Set<string>();
  for (const e of a.document.entries) {
    if (!e.active) continue;
    const names = entryRomNames(a, e);
    const specs = [...entryBaseSpecs(e, true, a.document), ...e.modules];
    for (const spec of specs) {
      const st = spec.statement;
      if (st.kind === 'moe') continue; // "moe FILE.cfg" writes no rom/ itself
      for (const ref of romReferencesOf(st)) {
        if (ref.init) {
          const target = e.modules.find((m) => (a.modules.get(specKey(m))?.romNames ?? [m.romName]).includes(ref.name));
          if (target) programs.add(specKey(target));
        }
        if (st.file !== a.file || names.has(ref.name)) continue;
        const what = ref.init ? `--init=rom/${ref.name}` : `rom/${ref.name}`;
        const provided = [...names].sort();
        once(make({ line: ref.line, column: ref.column, endColumn: ref.endColumn }, DiagnosticSeverity.Error, 'unknown-rom',
          `${what} names no module of entry "${e.name}" — add "module ${ref.name}" to the entry${provided.length ? ` (its modules: ${provided.join(', ')})` : ''}`));
      }
    }
  }

  for (const r of a.modules.values()) {
    const spec = r.spec;
    const st = spec.statement;
    if (st.file !== a.file || !st.active) continue;
    if (st.kind === 'moe' && spec.role === 'roottask') continue;
    if (spec.role !== 'module' && spec.role !== 'initrd') programs.add(specKey(spec));
    if (st.name === 'bin' || st.name === 'bin-nostrip') programs.add(specKey(spec));
    for (const d of moduleDiagnostics(a, r, programs.has(specKey(spec)))) once(d);
  }
  return out;
}

function moduleDiagnostics(a: ModulesListAnalysis, r: ResolvedModule, mustBeProgram: boolean): Diagnostic[] {
  const spec: ModuleSpec = r.spec;
  const at = spec.file;
  switch (r.kind) {
    case 'builtin':
      return [];
    case 'missing': {
      const searched = path.isAbsolute(at.text) ? 'the file does not exist' : `searched: ${a.searchDirs.join(', ')}`;
      return [make(at, DiagnosticSeverity.Error, 'module-not-found',
        `module "${at.text}" not found (${searched}) — build it (fiasco build), or add its directory to MODULE_SEARCH_PATH in conf/Makeconf.boot or with a "searchpath DIR" line`)];
    }
    case 'glob':
      return r.paths.length === 0
        ? [make(at, DiagnosticSeverity.Warning, 'glob-no-match', `pattern "${at.text}" matches no file (searched: ${a.searchDirs.join(', ')})`)]
        : [];
    case 'file': {
      const info = moduleFileInfo(r.paths[0]);
      if (!info) return [];
      if (info.isElf && !info.runnable) {
        return [make(at, DiagnosticSeverity.Error, 'not-i386-elf', `${at.text} is not a 32-bit x86 executable: ${info.problem ?? info.description}`)];
      }
      if (!info.isElf && mustBeProgram) {
        return [make(at, DiagnosticSeverity.Error, 'not-elf', `${at.text} (${r.paths[0]}) is not an ELF file, but it is started as a program — point this line at the built executable`)];
      }
      return [];
    }
  }
}
