// ned Lua scripts (`*.cfg`, `*.lua` next to modules.lst): a `rom/NAME` string that no module provides is
// reported, and rom/ names get hover, go-to-definition and completion. The modules considered are those of the
// entries that load this script as a module; when no entry loads it, those of every entry.

import * as path from 'path';
import type { CompletionItem, Diagnostic, Hover, Location } from 'vscode-languageserver';
import { CompletionItemKind, DiagnosticSeverity, MarkupKind } from 'vscode-languageserver';
import { romReferencesInLua } from '../emulator/boot/rom-references';
import type { RomReference } from '../emulator/boot/rom-references';
import type { EntryNode } from '../emulator/boot/modules-list-ast';
import { entryRomNames, specKey } from './modules-list-analysis';
import type { ModulesListAnalysis } from './modules-list-analysis';
import { DIAGNOSTIC_SOURCE } from './modules-list-diagnostics';
import { describeModule } from './modules-list-hover';
import { moduleProviding } from './modules-list-definition';
import { pathToUri, toRange } from './lsp-ranges';

export function isNedScript(file: string): boolean {
  return /\.(cfg|lua)$/i.test(file);
}

/** The modules list a ned script belongs to: modules.lst or modules.list in its directory. */
export function modulesListBesideScript(script: string, exists: (p: string) => boolean): string | undefined {
  const dir = path.dirname(script);
  return ['modules.lst', 'modules.list'].map((n) => path.join(dir, n)).find(exists);
}

/** The entries that load the script (by its basename as a rom name), or all active entries if none does. */
export function entriesUsingScript(a: ModulesListAnalysis, script: string): { entries: EntryNode[]; loaded: boolean } {
  const base = path.basename(script);
  const active = a.document.entries.filter((e) => e.active && e.name);
  const loading = active.filter((e) => entryRomNames(a, e).has(base));
  return loading.length ? { entries: loading, loaded: true } : { entries: active, loaded: false };
}

export function nedScriptDiagnostics(a: ModulesListAnalysis, script: string, text: string): Diagnostic[] {
  const { entries, loaded } = entriesUsingScript(a, script);
  if (entries.length === 0) return [];
  const out: Diagnostic[] = [];
  for (const ref of romReferencesInLua(text)) {
    if (!ref.name) continue;
    const missingIn = entries.filter((e) => !entryRomNames(a, e).has(ref.name));
    // Loaded by some entries: every one of them must provide the name. Not loaded: at least one entry must.
    const bad = loaded ? missingIn.length > 0 : missingIn.length === entries.length;
    if (!bad) continue;
    const which = loaded ? `entr${missingIn.length > 1 ? 'ies' : 'y'} ${missingIn.map((e) => `"${e.name}"`).join(', ')} (which load${missingIn.length > 1 ? '' : 's'} ${path.basename(script)})` : `any entry of ${path.basename(a.file)}`;
    out.push({
      range: toRange(ref), severity: DiagnosticSeverity.Error, code: 'unknown-rom', source: DIAGNOSTIC_SOURCE,
      message: `rom/${ref.name}: no module called "${ref.name}" in ${which} — add "module ${ref.name}" to ${path.basename(a.file)}`,
    });
  }
  return out;
}

function refAt(text: string, line: number, column: number): RomReference | undefined {
  return romReferencesInLua(text).find((r) => r.line === line && column >= r.column && column <= r.endColumn);
}

export function nedScriptDefinition(a: ModulesListAnalysis, script: string, text: string, line: number, column: number): Location[] {
  const ref = refAt(text, line, column);
  if (!ref) return [];
  for (const e of entriesUsingScript(a, script).entries) {
    const m = moduleProviding(a, e, ref.name);
    if (m) return [{ uri: pathToUri(m.statement.file), range: toRange(m.file) }];
  }
  return [];
}

export function nedScriptHover(a: ModulesListAnalysis, script: string, text: string, line: number, column: number): Hover | undefined {
  const ref = refAt(text, line, column);
  if (!ref) return undefined;
  for (const e of entriesUsingScript(a, script).entries) {
    const m = moduleProviding(a, e, ref.name);
    const r = m && a.modules.get(specKey(m));
    if (m && r) {
      return { range: toRange(ref), contents: { kind: MarkupKind.Markdown, value: `rom/${ref.name} → ${path.basename(m.statement.file)}:${m.statement.line} (entry ${e.name})\n\n${describeModule(a, r)}` } };
    }
  }
  return { range: toRange(ref), contents: { kind: MarkupKind.Markdown, value: `rom/${ref.name}: **no module provides it** in ${path.basename(a.file)}` } };
}

/** Completion of rom/ names inside a string of the script. */
export function nedScriptCompletion(a: ModulesListAnalysis, script: string, lineText: string, line0: number, character: number): CompletionItem[] {
  const m = /rom\/([^\s"',]*)$/.exec(lineText.slice(0, character));
  if (!m) return [];
  const names = new Set<string>();
  for (const e of entriesUsingScript(a, script).entries) for (const n of entryRomNames(a, e)) names.add(n);
  const range = { start: { line: line0, character: character - m[1].length }, end: { line: line0, character } };
  return [...names].sort().map((n) => ({ label: n, kind: CompletionItemKind.Module, detail: `rom/${n}`, textEdit: { range, newText: n } }));
}
