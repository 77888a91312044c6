// Asks the user which entry of a modules list to boot.
import * as path from 'path';
import * as vscode from 'vscode';
import { readBootEntries } from './boot-entries';
import { lastEntry, lastUsedFirst, rememberEntry } from './last-entry';

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
  const last = lastEntry(modulesList);
  const picked = await vscode.window.showQuickPick(
    lastUsedFirst(result.entries, last).map((e) => ({
      label: e.name,
      description: `${path.basename(modulesList)}:${e.line}${e.name === last ? ' · last used' : ''}`,
    })),
    { title: 'Fiasco: boot which entry?', placeHolder: `Entries of ${modulesList}` },
  );
  if (picked) await rememberEntry(modulesList, picked.label);
  return picked?.label;
}
