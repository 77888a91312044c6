// Go to definition in modules.lst: a module → its file; rom/NAME → the module line providing it; a group use →
// the group's definition; include → the included file.

import type { Location } from 'vscode-languageserver';
import { specKey } from './modules-list-analysis';
import type { ModulesListAnalysis } from './modules-list-analysis';
import type { EntryNode, ModuleSpec } from '../emulator/boot/modules-list-ast';
import { itemAt } from './modules-list-locate';
import { pathToUri, toRange } from './lsp-ranges';

const fileStart = (file: string): Location => ({ uri: pathToUri(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });

/** The module line of an entry that provides rom/NAME. */
export function moduleProviding(a: ModulesListAnalysis, e: EntryNode, name: string): ModuleSpec | undefined {
  return e.modules.find((m) => (a.modules.get(specKey(m))?.romNames ?? [m.romName]).includes(name));
}

export function modulesListDefinition(a: ModulesListAnalysis, line: number, column: number): Location[] {
  const item = itemAt(a, a.file, line, column);
  if (!item) return [];
  switch (item.kind) {
    case 'module':
      return item.resolved.paths.map(fileStart);
    case 'rom': {
      const m = item.entry ? moduleProviding(a, item.entry, item.ref.name) : undefined;
      return m ? [{ uri: pathToUri(m.statement.file), range: toRange(m.file) }] : [];
    }
    case 'group-ref': {
      const g = a.document.groups.get(item.name);
      return g ? [{ uri: pathToUri(g.statement.file), range: toRange(g.nameToken) }] : [];
    }
    case 'include':
      return item.resolved ? [fileStart(item.resolved)] : [];
    default:
      return [];
  }
}
