// Conversions between the boot parser's positions (1-based lines and columns, end exclusive) and LSP's
// (0-based lines and characters), and between file paths and file: URIs.

import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Position, Range } from 'vscode-languageserver';
import type { DiagnosticSeverity as BootSeverity } from '../emulator/boot/boot-errors';
import type { SourceRange } from '../emulator/boot/modules-list-ast';

export function toRange(r: { line: number; column: number; endColumn: number }): Range {
  return { start: { line: r.line - 1, character: r.column - 1 }, end: { line: r.line - 1, character: r.endColumn - 1 } };
}

/** The 1-based line and column of an LSP position. */
export function fromPosition(p: Position): { line: number; column: number } {
  return { line: p.line + 1, column: p.character + 1 };
}

export function lineRange(line1: number, endLine1: number, endCharacter = 0): Range {
  return { start: { line: line1 - 1, character: 0 }, end: { line: endLine1 - 1, character: endCharacter } };
}

export function toSeverity(s: BootSeverity): DiagnosticSeverity {
  switch (s) {
    case 'error': return DiagnosticSeverity.Error;
    case 'warning': return DiagnosticSeverity.Warning;
    case 'information': return DiagnosticSeverity.Information;
    default: return DiagnosticSeverity.Hint;
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).toString();
}

export function sameRange(a: SourceRange, b: SourceRange): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.endColumn === b.endColumn;
}
