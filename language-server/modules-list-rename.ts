// Renaming an entry (its name, and E=/ENTRY= in Makeconf.boot when it selects that entry) or a group (its
// definition and every module-group that uses it).

import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { ResponseError, ErrorCodes } from 'vscode-languageserver';
import type { ModulesListAnalysis, TextReader } from './modules-list-analysis';
import { itemAt } from './modules-list-locate';
import { pathToUri, toRange } from './lsp-ranges';

export function prepareModulesListRename(a: ModulesListAnalysis, line: number, column: number): { range: Range; placeholder: string } | undefined {
  const item = itemAt(a, a.file, line, column);
  if (!item) return undefined;
  if (item.kind === 'entry-name') return { range: toRange(item.range), placeholder: item.entry.name };
  if (item.kind === 'group-name') return { range: toRange(item.range), placeholder: item.group.name };
  if (item.kind === 'group-ref' && a.document.groups.has(item.name)) return { range: toRange(item.range), placeholder: item.name };
  return undefined;
}

export function renameInModulesList(a: ModulesListAnalysis, line: number, column: number, newName: string, read: TextReader): WorkspaceEdit | undefined {
  const item = itemAt(a, a.file, line, column);
  if (!item) return undefined;
  if (!/^[^\s#[\]]+$/.test(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid name: use one word without spaces, '#' or brackets`);
  }
  const changes: Record<string, TextEdit[]> = {};
  const edit = (file: string, range: Range): void => {
    const uri = pathToUri(file);
    (changes[uri] ??= []).push({ range, newText: newName });
  };

  if (item.kind === 'entry-name') {
    const old = item.entry.name;
    const clash = a.document.entries.find((e) => e !== item.entry && e.name.toLowerCase() === newName.toLowerCase());
    if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `an entry "${clash.name}" already exists at line ${clash.statement.line}`);
    edit(item.entry.statement.file, toRange(item.entry.nameToken));
    // Makeconf.boot may preselect the entry with E= or ENTRY=.
    const text = read(a.makeconfFile);
    if (text !== undefined) {
      text.split('\n').forEach((l, i) => {
        const m = /^(\s*(?:E|ENTRY)\s*(?::?:?=|\?=|=)\s*)(\S+)\s*(#.*)?$/.exec(l.replace(/\r$/, ''));
        if (m && m[2] === old) edit(a.makeconfFile, { start: { line: i, character: m[1].length }, end: { line: i, character: m[1].length + old.length } });
      });
    }
    return { changes };
  }

  const groupName = item.kind === 'group-name' ? item.group.name : item.kind === 'group-ref' ? item.name : undefined;
  if (groupName === undefined) return undefined;
  const group = a.document.groups.get(groupName);
  if (!group) return undefined;
  if (a.document.groups.has(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `a group "${newName}" already exists`);
  edit(group.statement.file, toRange(group.nameToken));
  for (const st of a.document.statements) {
    if (st.kind !== 'module-group') continue;
    for (const arg of st.args) if (arg.text === groupName) edit(st.file, toRange(arg));
  }
  return { changes };
}
