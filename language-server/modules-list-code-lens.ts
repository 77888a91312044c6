// "Boot" and "Debug" CodeLenses above every entry of a modules.lst. The commands are the extension's:
// fiasco.bootEntry (headless boot in a terminal) and fiasco.debugEntry (a debug session), both taking the
// modules list path and the entry name.

import type { CodeLens } from 'vscode-languageserver';
import { entriesOf } from './modules-list-analysis';
import type { ModulesListAnalysis } from './modules-list-analysis';
import { toRange } from './lsp-ranges';

export const BOOT_ENTRY_COMMAND = 'fiasco.bootEntry';
export const DEBUG_ENTRY_COMMAND = 'fiasco.debugEntry';

export function modulesListCodeLenses(a: ModulesListAnalysis): CodeLens[] {
  const out: CodeLens[] = [];
  for (const e of entriesOf(a)) {
    if (!e.active) continue;
    const range = toRange(e.statement.keyword);
    out.push(
      { range, command: { title: '▶ Boot', command: BOOT_ENTRY_COMMAND, arguments: [a.file, e.name] } },
      { range, command: { title: 'Debug', command: DEBUG_ENTRY_COMMAND, arguments: [a.file, e.name] } },
    );
  }
  return out;
}
