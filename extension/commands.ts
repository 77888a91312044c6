// The palette commands: "Fiasco: Boot Entry…" and "Fiasco: Build Packages".
import * as path from 'path';
import * as vscode from 'vscode';
import { pickBootEntry } from './entry-picker';
import { bootEntryTask, buildPackagesTask, registerFiascoTaskProvider } from './fiasco-tasks';
import { currentWorkspaceFolder, findModulesLists } from './modules-list-locator';
import { isModulesListFileName } from './modules-list-candidates';
import { refuseInRestrictedMode } from './workspace-trust';

export const BOOT_ENTRY_COMMAND = 'fiasco.bootEntry';
export const BUILD_PACKAGES_COMMAND = 'fiasco.buildPackages';

/** The modules list to boot: the one open in the editor, else the folder's preferred one, else ask. */
async function chooseModulesList(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.uri.scheme === 'file' && isModulesListFileName(active.fileName)) return active.fileName;
  const lists = await findModulesLists(folder);
  if (lists.length === 0) {
    void vscode.window.showErrorMessage(`Fiasco: no modules.lst or modules.list found in "${folder.name}".`);
    return undefined;
  }
  if (lists.length === 1) return lists[0];
  const picked = await vscode.window.showQuickPick(
    lists.map((l) => ({ label: path.relative(folder.uri.fsPath, l), file: l })),
    { title: 'Fiasco: which modules list?' },
  );
  return picked?.file;
}

/**
 * Boots an entry headless in a terminal. Optional arguments (a modules list
 * path or URI and an entry name) skip the pickers, for keybindings and tests.
 * Returns the started execution, or undefined when nothing was started.
 */
async function bootEntry(extensionPath: string, listArg?: unknown, entryArg?: unknown): Promise<vscode.TaskExecution | undefined> {
  if (refuseInRestrictedMode('Boot Entry')) return undefined;
  const folder = currentWorkspaceFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Fiasco: open a folder that contains conf/modules.lst first.');
    return undefined;
  }
  const list =
    listArg instanceof vscode.Uri ? listArg.fsPath : typeof listArg === 'string' && listArg ? listArg : await chooseModulesList(folder);
  if (!list) return undefined;
  const entry = typeof entryArg === 'string' && entryArg ? entryArg : await pickBootEntry(list);
  if (!entry) return undefined;
  return vscode.tasks.executeTask(bootEntryTask(extensionPath, folder, list, entry));
}

async function buildPackages(extensionPath: string): Promise<vscode.TaskExecution | undefined> {
  if (refuseInRestrictedMode('Build Packages')) return undefined;
  const folder = currentWorkspaceFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Fiasco: open an L4Re-style workspace (with pkg/) to build it.');
    return undefined;
  }
  return vscode.tasks.executeTask(buildPackagesTask(extensionPath, folder));
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(BOOT_ENTRY_COMMAND, (list?: unknown, entry?: unknown) => bootEntry(context.extensionPath, list, entry)),
    vscode.commands.registerCommand(BUILD_PACKAGES_COMMAND, () => buildPackages(context.extensionPath)),
  );
  // Building runs make and gcc on the workspace: only a trusted workspace gets the task.
  registerFiascoTaskProvider(context, () => vscode.workspace.isTrusted);
}
