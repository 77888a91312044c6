// Asks the user which entry of a modules list to boot.
import * as path from 'path';
import * as vscode from 'vscode';
import { readBootEntries } from './boot-entries';

/**
 * Returns the chosen entry name, or undefined when the user cancelled or the
 * list is unusable (an error message has then been shown). With one entry
 * there is nothing to choose and no picker appears.
 */
export async function pickBootEntry(modulesList: string): Promise<string | undefined> {
  const result = readBootEntries(modulesList);
  if (!result.ok) {
    void vscode.window.showErrorMessage(result.message);
    return undefined;
  }
  if (result.entries.length === 1) return result.entries[0].name;
  const picked = await vscode.window.showQuickPick(
    result.entries.map((e) => ({ label: e.name, description: `${path.basename(modulesList)}:${e.line}` })),
    { title: 'Fiasco: boot which entry?', placeHolder: `Entries of ${modulesList}` },
  );
  return picked?.label;
}
