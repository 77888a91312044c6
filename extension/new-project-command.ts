// "Fiasco: New Project from Example": pick an example (extension/example-projects.ts), choose where the new
// folder goes, copy it there and open it — in this window when none is open, else in a new one.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { createExampleProject, ExampleChoice, listExamples } from './example-projects';

export const NEW_PROJECT_COMMAND = 'fiasco.newProjectFromExample';

/** Optional arguments (keybindings, tests): skip the pickers, and `open: false` leaves the window as it is. */
interface NewProjectOptions { open?: boolean }

function defaultParent(): string {
  const configured = vscode.workspace.getConfiguration('fiasco.newProject').get<string>('location', '').trim();
  return configured ? configured.replace(/^~(?=$|[\\/])/, os.homedir()) : os.homedir();
}

async function pickExample(choices: ExampleChoice[]): Promise<ExampleChoice | undefined> {
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({
      label: c.name,
      description: c.entry ? `examples/${path.basename(c.source)}, one program` : `examples/${c.name}, the whole folder`,
      detail: c.description,
      choice: c,
    })),
    { title: 'Fiasco: New Project from Example', placeHolder: 'Which example to start from', matchOnDetail: true },
  );
  return picked?.choice;
}

/** Asks for the parent folder, then the new folder's name (it must not exist, or be empty). */
async function askDestination(name: string): Promise<string | undefined> {
  const parents = await vscode.window.showOpenDialog({
    title: 'Where to create the project', openLabel: 'Create the project here',
    canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: vscode.Uri.file(defaultParent()),
  });
  const parent = parents?.[0]?.fsPath;
  if (!parent) return undefined;
  let suggestion = name;
  for (let i = 2; fs.existsSync(path.join(parent, suggestion)); i++) suggestion = `${name}-${i}`;
  const folder = await vscode.window.showInputBox({
    title: 'Name of the project folder', value: suggestion, prompt: `Created in ${parent}`,
    validateInput: (v) => {
      if (!v.trim() || /[\\/]/.test(v)) return 'A folder name, without slashes';
      const dest = path.join(parent, v.trim());
      return fs.existsSync(dest) && fs.readdirSync(dest).length > 0 ? `${dest} exists and is not empty` : undefined;
    },
  });
  return folder ? path.join(parent, folder.trim()) : undefined;
}

/** Returns the new folder, or undefined when the user cancelled or the copy failed (the error is shown). */
async function newProjectFromExample(extensionPath: string, exampleId?: unknown, destination?: unknown, opts?: NewProjectOptions): Promise<string | undefined> {
  let choices: ExampleChoice[];
  try {
    choices = listExamples(path.join(extensionPath, 'examples'));
  } catch (e) {
    void vscode.window.showErrorMessage(`Fiasco: cannot list the examples: ${(e as Error).message}`);
    return undefined;
  }
  const choice = typeof exampleId === 'string' ? choices.find((c) => c.id === exampleId) : await pickExample(choices);
  if (!choice) {
    if (typeof exampleId === 'string') void vscode.window.showErrorMessage(`Fiasco: no example "${exampleId}" — there are: ${choices.map((c) => c.id).join(', ')}`);
    return undefined;
  }
  const dest = typeof destination === 'string' && destination ? destination : await askDestination(choice.name);
  if (!dest) return undefined;
  try {
    createExampleProject(choice, dest);
  } catch (e) {
    void vscode.window.showErrorMessage(`Fiasco: cannot create the project: ${(e as Error).message}`);
    return undefined;
  }
  if (opts?.open !== false) {
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dest), { forceNewWindow: !!vscode.workspace.workspaceFolders?.length });
  }
  return dest;
}

export function registerNewProjectCommand(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(NEW_PROJECT_COMMAND,
    (exampleId?: unknown, destination?: unknown, opts?: NewProjectOptions) => newProjectFromExample(context.extensionPath, exampleId, destination, opts)));
}
