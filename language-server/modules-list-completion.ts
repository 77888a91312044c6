// Completion in modules.lst: keywords at the start of a line, options between brackets, module files found on
// the search path, group names after module-group, modules lists after include, rom/ names, moe's options.

import * as fs from 'fs';
import * as path from 'path';
import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import { BUILTIN_MODULES, FILTER_OPTIONS, KEYWORDS, keywordInfo } from '../emulator/boot/modules-list-keywords';
import { entryRomNames } from './modules-list-analysis';
import type { ModulesListAnalysis } from './modules-list-analysis';
import type { EntryNode } from '../emulator/boot/modules-list-ast';
import { listModuleFiles } from './module-file-info';
import { optionDoc } from './modules-list-hover';

/** moe's command-line options (spec §13.2). */
const MOE_OPTIONS: Array<[string, string]> = [
  ['--init=rom/', 'The first program moe starts (default rom/ned).'],
  ['--debug=', 'moe debug output: info, warn, boot, server, exceptions, loader, ns, all.'],
  ['--l4re-dbg=', 'Debug flags of the l4re region manager of started programs.'],
  ['--ldr-flags=', 'Loader flags: eager_map, all_segs_cow, pinned_segs.'],
];

const TAKES_FILE = new Set(['module', 'kernel', 'sigma0', 'roottask', 'bootstrap', 'default-kernel', 'default-sigma0', 'default-roottask', 'default-bootstrap', 'moe', 'initrd']);

/** `line0`/`character` are the LSP position; `lineText` the text of that line. */
export function modulesListCompletion(a: ModulesListAnalysis, lineText: string, line0: number, character: number): CompletionItem[] {
  const before = lineText.slice(0, character);
  if (before.includes('#')) return [];
  const edit = (len: number) => ({ start: { line: line0, character: character - len }, end: { line: line0, character } });

  const kw = /^\s*([^\s[#]*)$/.exec(before);
  if (kw) {
    return KEYWORDS.map((k, i): CompletionItem => ({
      label: k.name, kind: CompletionItemKind.Keyword, detail: k.syntax,
      documentation: { kind: MarkupKind.Markdown, value: k.description },
      sortText: `${k.legacy ? 'z' : 'a'}${String(i).padStart(2, '0')}`,
      textEdit: { range: edit(kw[1].length), newText: k.name },
    }));
  }

  const opt = /^\s*([^\s[#]+)\[([^\]]*)$/.exec(before);
  if (opt) {
    const info = keywordInfo(opt[1]);
    const partial = opt[2].split(',').pop() ?? '';
    const names = [...(info?.options ?? []), ...FILTER_OPTIONS.map((f) => `${f}=`)];
    return names.map((n): CompletionItem => ({
      label: n, kind: CompletionItemKind.Property, documentation: optionDoc(n.replace(/=$/, '')),
      textEdit: { range: edit(partial.trimStart().length), newText: n === 'fname' ? 'fname=' : n },
    }));
  }

  const words = /^\s*([^\s[#]+)(?:\[[^\]]*\])?((?:\s+\S+)*?)\s+(\S*)$/.exec(before);
  if (!words) return [];
  const keyword = words[1].toLowerCase();
  const info = keywordInfo(keyword);
  const argIndex = words[2].trim() ? words[2].trim().split(/\s+/).length : 0;
  const current = words[3];

  const rom = /(?:^|[=\s"'])?rom\/([^\s"',]*)$/.exec(current);
  if (rom && current.includes('rom/')) {
    const entry = entryAtLine(a, line0 + 1);
    const names = entry ? [...entryRomNames(a, entry)] : [...new Set([...a.modules.values()].flatMap((r) => r.romNames))];
    return names.sort().map((n): CompletionItem => ({ label: n, kind: CompletionItemKind.Module, detail: `rom/${n}`, textEdit: { range: edit(rom[1].length), newText: n } }));
  }
  if (!info) return [];

  if (info.kind === 'module-group') {
    return [...a.document.groups.values()].map((g): CompletionItem => ({
      label: g.name, kind: CompletionItemKind.Reference, detail: `group: ${g.modules.map((m) => m.romName).join(', ')}`,
      textEdit: { range: edit(current.length), newText: g.name },
    }));
  }
  if (info.kind === 'include' && argIndex === 0) {
    const dir = path.dirname(a.file);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir).filter((n) => /\.(lst|list)$/.test(n) && path.join(dir, n) !== a.file);
    } catch {
      // no directory: nothing to offer
    }
    return names.map((n): CompletionItem => ({ label: n, kind: CompletionItemKind.File, textEdit: { range: edit(current.length), newText: n } }));
  }
  if (argIndex === 0 && TAKES_FILE.has(info.kind)) {
    const files = listModuleFiles(a.searchDirs);
    const items: CompletionItem[] = [];
    for (const [name, file] of files) {
      if (info.kind === 'moe' && !/\.(cfg|lua)$/.test(name)) continue;
      items.push({ label: name, kind: CompletionItemKind.File, detail: file, textEdit: { range: edit(current.length), newText: name } });
    }
    if (info.kind !== 'moe') {
      for (const b of BUILTIN_MODULES) {
        if (!files.has(b)) items.push({ label: b, kind: CompletionItemKind.Module, detail: 'built into the emulator', textEdit: { range: edit(current.length), newText: b } });
      }
    }
    return items;
  }
  const firstArg = words[2].trim().split(/\s+/)[0];
  if (argIndex >= 1 && (info.kind === 'roottask' || info.kind === 'default-roottask') && firstArg === 'moe' && (current === '' || current.startsWith('-'))) {
    return MOE_OPTIONS.map(([o, doc]): CompletionItem => ({
      label: o, kind: CompletionItemKind.Property, documentation: doc, insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: edit(current.length), newText: o },
      command: o.endsWith('rom/') ? { title: 'rom names', command: 'editor.action.triggerSuggest' } : undefined,
    }));
  }
  return [];
}

/** The entry whose lines include `line1` (1-based) of this file: the last entry line above it. */
function entryAtLine(a: ModulesListAnalysis, line1: number): EntryNode | undefined {
  let found: EntryNode | undefined;
  for (const e of a.document.entries) {
    if (e.statement.file !== a.file || e.statement.line > line1) continue;
    // A group started after the entry ends it.
    const groupBetween = [...a.document.groups.values()].some((g) => g.statement.file === a.file && g.statement.line > e.statement.line && g.statement.line <= line1);
    found = groupBetween ? undefined : e;
  }
  return found;
}

