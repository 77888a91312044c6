// Makeconf.boot: the reader's diagnostics, hover on variables and paths (the resolved directory or file, and for
// MODULE_SEARCH_PATH the directories in search order), and go to definition of a path (the file) or of a
// $(VARIABLE) reference (where it is assigned).

import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, Hover, Location } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import { MakeconfBoot } from '../emulator/boot/makeconf-boot';
import { workspaceRootOf } from '../emulator/boot/boot-config';
import { DIAGNOSTIC_SOURCE } from './modules-list-diagnostics';
import { listModuleFiles } from './module-file-info';
import { pathToUri, toRange, toSeverity } from './lsp-ranges';

export function isMakeconfBoot(file: string): boolean {
  return path.basename(file) === 'Makeconf.boot';
}

export function parseMakeconf(file: string, text: string, env: Record<string, string | undefined> = process.env): MakeconfBoot {
  return MakeconfBoot.parse(text, file, { env });
}

export function makeconfDiagnostics(m: MakeconfBoot): Diagnostic[] {
  return m.diagnostics.map((d) => ({ range: toRange(d), severity: toSeverity(d.severity), code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message }));
}

interface WordAt {
  text: string;
  line: number;
  column: number;
  endColumn: number;
}

/** The piece of a path list under the cursor: words are split at blanks, `:` and `=`; `$(...)` stays whole. */
function wordAt(lineText: string, line: number, column: number): WordAt | undefined {
  const re = /(?:\$[({][^)}]*[)}]|[^\s:=$#])+/g;
  for (const m of lineText.matchAll(re)) {
    const start = (m.index ?? 0) + 1;
    const end = start + m[0].length;
    if (column >= start && column <= end) return { text: m[0], line, column: start, endColumn: end };
  }
  return undefined;
}

function resolvePath(m: MakeconfBoot, word: string): string {
  const root = workspaceRootOf(path.join(path.dirname(m.file), 'modules.lst'));
  return path.resolve(root, m.expand(word).trim());
}

function kindOf(p: string): 'directory' | 'file' | 'missing' {
  try {
    return fs.statSync(p).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

export function makeconfHover(m: MakeconfBoot, lineText: string, line: number, column: number): Hover | undefined {
  const w = wordAt(lineText, line, column);
  if (!w) return undefined;
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: toRange(w) });
  const ref = /^\$[({]([^)}]+)[)}]$/.exec(w.text);
  const name = ref ? ref[1] : m.variables.has(w.text) && lineText.slice(0, w.column - 1).trim() === '' ? w.text : undefined;
  if (name !== undefined) {
    const value = m.value(name);
    const lines = [`**${name}** = \`${value ?? '(not set)'}\``];
    if (name === 'MODULE_SEARCH_PATH') {
      const root = workspaceRootOf(path.join(path.dirname(m.file), 'modules.lst'));
      lines.push('', 'Module search path (with FIASCO_PATH-$(ARCH) variants), relative to the workspace root:', '',
        ...m.moduleSearchPath().map((d) => { const abs = path.resolve(root, d); return `- \`${abs}\` (${kindOf(abs)})`; }));
    }
    return md(lines.join('\n'));
  }
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(w.text) && !w.text.includes('/') && kindOf(resolvePath(m, w.text)) === 'missing') return undefined;
  const abs = resolvePath(m, w.text);
  const kind = kindOf(abs);
  const lines = [`\`${abs}\` (${kind})`];
  if (kind === 'directory') {
    const files = [...listModuleFiles([abs]).keys()];
    lines.push('', `${files.length} file(s)${files.length ? `: ${files.slice(0, 20).join(', ')}${files.length > 20 ? ', …' : ''}` : ''}`);
  }
  return md(lines.join('\n'));
}

export function makeconfDefinition(m: MakeconfBoot, lineText: string, line: number, column: number): Location[] {
  const w = wordAt(lineText, line, column);
  if (!w) return [];
  const ref = /^\$[({]([^)}]+)[)}]$/.exec(w.text);
  if (ref) {
    const v = m.variables.get(ref[1]);
    return v ? [{ uri: pathToUri(v.range.file), range: toRange(v.range) }] : [];
  }
  const abs = resolvePath(m, w.text);
  return kindOf(abs) === 'file' ? [{ uri: pathToUri(abs), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
}
