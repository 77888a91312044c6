// What is under the cursor in a modules.lst: a keyword, an option, a module file, a rom/ reference, a group or
// entry name, an include or searchpath path. Positions are 1-based lines and columns (as in the parser's AST).

import type { EntryNode, GroupNode, OptionNode, SourceRange, Statement, Token } from '../emulator/boot/modules-list-ast';
import { romReferencesInText } from '../emulator/boot/rom-references';
import type { RomReference } from '../emulator/boot/rom-references';
import { entryOfStatement, groupOfStatement, statementAt } from './modules-list-analysis';
import type { ModulesListAnalysis, ResolvedModule } from './modules-list-analysis';

export type ListItem =
  | { kind: 'keyword'; statement: Statement; range: SourceRange }
  | { kind: 'option'; statement: Statement; option: OptionNode; range: SourceRange }
  | { kind: 'module'; statement: Statement; resolved: ResolvedModule; range: SourceRange }
  | { kind: 'rom'; statement: Statement; ref: RomReference; entry?: EntryNode; range: SourceRange }
  | { kind: 'group-ref'; statement: Statement; name: string; range: SourceRange }
  | { kind: 'group-name'; statement: Statement; group: GroupNode; range: SourceRange }
  | { kind: 'entry-name'; statement: Statement; entry: EntryNode; range: SourceRange }
  | { kind: 'include'; statement: Statement; path: string; resolved?: string; range: SourceRange }
  | { kind: 'searchpath'; statement: Statement; dir: string; range: SourceRange }
  | { kind: 'modaddr'; statement: Statement; text: string; range: SourceRange };

const contains = (r: SourceRange, column: number): boolean => column >= r.column && column <= r.endColumn;

/** rom/NAME references written in a statement's arguments. */
export function romReferencesOf(st: Statement): RomReference[] {
  return st.args.flatMap((t) => romReferencesInText(t.text, st.line, t.column));
}

/** Module lines written on a statement (the `moe` shorthand's implied roottask is left out: it has no file). */
export function modulesOfStatement(a: ModulesListAnalysis, st: Statement): ResolvedModule[] {
  return [...a.modules.values()].filter((r) => r.spec.statement === st && !(st.kind === 'moe' && r.spec.role === 'roottask'));
}

export function itemAt(a: ModulesListAnalysis, file: string, line: number, column: number): ListItem | undefined {
  const st = statementAt(a, file, line);
  if (!st) return undefined;
  if (contains(st.keyword, column) && column < st.keyword.endColumn) return { kind: 'keyword', statement: st, range: st.keyword };
  for (const o of st.options) if (contains(o.token, column)) return { kind: 'option', statement: st, option: o, range: o.token };
  if (contains(st.keyword, column)) return { kind: 'keyword', statement: st, range: st.keyword };

  for (const ref of romReferencesOf(st)) {
    const range = { file, line, column: ref.column, endColumn: ref.endColumn };
    if (contains(range, column)) return { kind: 'rom', statement: st, ref, entry: entryOfStatement(a, st), range };
  }
  for (const r of modulesOfStatement(a, st)) {
    if (contains(r.spec.file, column)) return { kind: 'module', statement: st, resolved: r, range: r.spec.file };
  }
  const arg: Token | undefined = st.args.find((t) => contains(t, column));
  switch (st.kind) {
    case 'entry': {
      const entry = a.document.entries.find((e) => e.statement === st);
      if (entry && entry.name && contains(entry.nameToken, column)) return { kind: 'entry-name', statement: st, entry, range: entry.nameToken };
      break;
    }
    case 'group': {
      const group = groupOfStatement(a, st);
      if (group && arg && arg === st.args[0] && group.statement === st) return { kind: 'group-name', statement: st, group, range: arg };
      break;
    }
    case 'module-group':
      if (arg) return { kind: 'group-ref', statement: st, name: arg.text, range: arg };
      break;
    case 'include':
      if (arg && arg === st.args[0]) {
        const inc = a.document.includes.find((i) => i.statement === st);
        return { kind: 'include', statement: st, path: inc?.path ?? arg.text, resolved: inc?.resolved, range: arg };
      }
      break;
    case 'searchpath':
      if (arg && arg === st.args[0]) {
        const sp = a.document.searchpaths.find((s) => s.statement === st);
        return { kind: 'searchpath', statement: st, dir: sp?.dir ?? arg.text, range: arg };
      }
      break;
    case 'modaddr':
      if (arg && arg === st.args[0]) return { kind: 'modaddr', statement: st, text: arg.text, range: arg };
      break;
    default:
      break;
  }
  return undefined;
}
