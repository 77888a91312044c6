// Document symbols (the outline: entries and groups with their modules) and folding ranges (one per entry and
// group, plus blocks of comment lines) of a modules.lst.

import type { DocumentSymbol, FoldingRange } from 'vscode-languageserver';
import { FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import type { ModuleSpec, Statement } from '../emulator/boot/modules-list-ast';
import { entriesOf, entryBaseSpecs } from './modules-list-analysis';
import type { ModulesListAnalysis } from './modules-list-analysis';
import { toRange } from './lsp-ranges';

/** The last line of a block, not counting trailing lines that belong to the next block's leading comments. */
function blockEnd(statements: Statement[], file: string): number {
  return Math.max(...statements.filter((s) => s.file === file).map((s) => s.line));
}

function lineLength(lines: string[], line1: number): number {
  return (lines[line1 - 1] ?? '').replace(/\r$/, '').length;
}

function moduleSymbol(m: ModuleSpec, lines: string[]): DocumentSymbol {
  const st = m.statement;
  return {
    name: m.romName, detail: `${st.name} ${m.file.text}${m.args ? ` ${m.args}` : ''}`, kind: m.role === 'module' ? SymbolKind.File : SymbolKind.Module,
    range: { start: { line: st.line - 1, character: 0 }, end: { line: st.line - 1, character: lineLength(lines, st.line) } },
    selectionRange: toRange(m.file),
  };
}

export function modulesListSymbols(a: ModulesListAnalysis, text: string): DocumentSymbol[] {
  const lines = text.split('\n');
  const out: Array<{ line: number; symbol: DocumentSymbol }> = [];
  for (const e of entriesOf(a)) {
    const end = blockEnd(e.statements, a.file);
    const own = [...entryBaseSpecs(e, false), ...e.modules].filter((m) => m.statement.file === a.file && !m.fromGroup && !(m.statement.kind === 'moe' && m.role === 'roottask'));
    own.sort((x, y) => x.statement.line - y.statement.line);
    out.push({ line: e.statement.line, symbol: {
      name: e.name, detail: 'entry', kind: SymbolKind.Class,
      range: { start: { line: e.statement.line - 1, character: 0 }, end: { line: end - 1, character: lineLength(lines, end) } },
      selectionRange: toRange(e.nameToken),
      children: own.map((m) => moduleSymbol(m, lines)),
    } });
  }
  for (const g of a.document.groups.values()) {
    if (g.statement.file !== a.file) continue;
    const end = blockEnd(g.statements, a.file);
    out.push({ line: g.statement.line, symbol: {
      name: g.name, detail: 'group', kind: SymbolKind.Namespace,
      range: { start: { line: g.statement.line - 1, character: 0 }, end: { line: end - 1, character: lineLength(lines, end) } },
      selectionRange: toRange(g.nameToken),
      children: g.modules.filter((m) => m.statement.file === a.file).map((m) => moduleSymbol(m, lines)),
    } });
  }
  return out.sort((x, y) => x.line - y.line).map((x) => x.symbol);
}

export function modulesListFolding(a: ModulesListAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const blocks = [...entriesOf(a), ...[...a.document.groups.values()].filter((g) => g.statement.file === a.file)];
  for (const b of blocks) {
    const end = blockEnd(b.statements, a.file);
    if (end > b.statement.line) out.push({ startLine: b.statement.line - 1, endLine: end - 1, kind: FoldingRangeKind.Region });
  }
  // Runs of whole-line comments.
  const commentLines = a.document.comments.filter((c) => c.file === a.file && !a.document.statements.some((s) => s.file === a.file && s.line === c.line)).map((c) => c.line);
  let start = -1;
  for (let i = 0; i < commentLines.length; i++) {
    if (start < 0) start = commentLines[i];
    if (commentLines[i + 1] !== commentLines[i] + 1) {
      if (commentLines[i] > start) out.push({ startLine: start - 1, endLine: commentLines[i] - 1, kind: FoldingRangeKind.Comment });
      start = -1;
    }
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}
