// The commands behind the "Debug" CodeLens above each entry of a modules.lst: start a debug session for that
// entry. ("Boot" uses fiasco.bootEntry, the palette command that boots headless in a terminal.)
import * as path from 'path';
import * as vscode from 'vscode';
import { pickBootEntry } from './entry-picker';
import { bootProblems } from '../emulator/boot/boot-config';
import { describeEntryProblems } from './entry-problems';
import { currentWorkspaceFolder, findPreferredModulesList } from './modules-list-locator';
import { isModulesListFileName } from './modules-list-candidates';
import { refuseInRestrictedMode } from './workspace-trust';

export const DEBUG_ENTRY_COMMAND = 'fiasco.debugEntry';

/** Starts `{type: 'fiasco', request: 'launch', modulesList, entry}`; noDebug boots without stopping. */
export async function debugEntry(listArg: unknown, entryArg: unknown, noDebug = false): Promise<boolean> {
  if (refuseInRestrictedMode(noDebug ? 'Boot Entry' : 'Debug Entry')) return false;
  const modulesList = listArg instanceof vscode.Uri ? listArg.fsPath : typeof listArg === 'string' && listArg ? listArg : await defaultModulesList();
  if (!modulesList) {
    void vscode.window.showErrorMessage('Fiasco: open a modules.lst (or a folder with conf/modules.lst) to debug one of its entries.');
    return false;
  }
  // From the palette (no arguments): ask for the entry, as "Boot Entry…" does.
  const entry = typeof entryArg === 'string' && entryArg ? entryArg : await pickBootEntry(modulesList);
  if (!entry) return false;
  // A broken entry is reported here, all problems at once and without a modal: starting the session would save
  // every editor and end in the launch error's modal, which names only the first problem.
  const problems = bootProblems({ modulesList, entry });
  if (problems.length > 0) {
    void showEntryProblems(entry, problems);
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(modulesList));
  const config: vscode.DebugConfiguration = {
    type: 'fiasco', request: 'launch', name: `${noDebug ? 'Boot' : 'Debug'} ${entry} (${path.basename(modulesList)})`,
    modulesList, entry, stopOnEntry: !noDebug,
  };
  return vscode.debug.startDebugging(folder, config, { noDebug });
}

async function showEntryProblems(entry: string, problems: ReturnType<typeof bootProblems>): Promise<void> {
  const message = describeEntryProblems(entry, problems);
  const goTo = message.first ? 'Go to Problem' : undefined;
  const choice = await vscode.window.showErrorMessage(message.text, ...(goTo ? [goTo] : []), 'Show Problems');
  if (choice === goTo && message.first) {
    const { file, line, column } = message.first;
    const at = new vscode.Position(Math.max(0, line - 1), Math.max(0, (column ?? 1) - 1));
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(at, at) });
  } else if (choice === 'Show Problems') {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

/** The modules list in the active editor, else the workspace folder's preferred one. */
async function defaultModulesList(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && isModulesListFileName(active.fileName)) return active.fileName;
  const folder = currentWorkspaceFolder();
  return folder ? findPreferredModulesList(folder) : undefined;
}

export function registerEntryCommands(context: vscode.ExtensionContext): void {
  try {
    context.subscriptions.push(vscode.commands.registerCommand(DEBUG_ENTRY_COMMAND, (list?: unknown, entry?: unknown) => debugEntry(list, entry)));
  } catch {
    // Already registered elsewhere in the extension: keep that one.
  }
}
