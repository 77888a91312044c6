// Finds the boot lists of a workspace folder (VS Code side of modules-list-candidates).
import * as vscode from 'vscode';
import { rankModulesLists } from './modules-list-candidates';

const GLOB = '**/{modules.lst,modules.list,*.modules.lst}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/out/**,**/dist/**}';

/** All modules lists under `folder`, best first (conf/modules.lst preferred). */
export async function findModulesLists(folder: vscode.WorkspaceFolder): Promise<string[]> {
  const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, GLOB), EXCLUDE, 200);
  return rankModulesLists(uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath), folder.uri.fsPath);
}

/** The preferred modules list of the folder, or undefined when there is none. */
export async function findPreferredModulesList(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  return (await findModulesLists(folder))[0];
}

/** The folder to work in: the one of the active editor, else the first. */
export function currentWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const own = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  return own ?? vscode.workspace.workspaceFolders?.[0];
}
