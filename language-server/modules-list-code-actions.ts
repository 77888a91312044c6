// Quick fixes: a diagnostic that names the likely intended word ("did you mean 'module'?") carries it as
// data.suggestion; the fix replaces the diagnostic's range with it.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic } from 'vscode-languageserver';

function suggestionOf(d: Diagnostic): string | undefined {
  const data = d.data as { suggestion?: unknown } | undefined;
  return typeof data?.suggestion === 'string' && data.suggestion !== '' ? data.suggestion : undefined;
}

/** The quick fixes for the diagnostics VS Code passes in the request's context. */
export function modulesListCodeActions(params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    const suggestion = suggestionOf(d);
    if (suggestion === undefined) continue;
    actions.push({
      title: `Change to '${suggestion}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [params.textDocument.uri]: [{ range: d.range, newText: suggestion }] } },
    });
  }
  return actions;
}
