// VS Code tasks that run the bundled CLI, so its output shows in a terminal panel.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { bootEntryArguments, buildPackagesArguments, cliScriptPath, RUN_AS_NODE_ENV } from './cli-command-line';

/** `type` of the task definition contributed in package.json (taskDefinitions). */
export const FIASCO_TASK_TYPE = 'fiasco';

function cliExecution(args: string[], cwd: string): vscode.ProcessExecution {
  // process.execPath: the extension host's own Node (Electron in run-as-node mode), so no `node` on PATH is needed.
  return new vscode.ProcessExecution(process.execPath, args, { cwd, env: { ...RUN_AS_NODE_ENV } });
}

export function bootEntryTask(extensionPath: string, folder: vscode.WorkspaceFolder, modulesList: string, entry: string): vscode.Task {
  const task = new vscode.Task(
    { type: FIASCO_TASK_TYPE, command: 'run', modulesList, entry },
    folder,
    `boot ${entry}`,
    'fiasco',
    cliExecution(bootEntryArguments(cliScriptPath(extensionPath), modulesList, entry), folder.uri.fsPath),
    [],
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

export function buildPackagesTask(extensionPath: string, folder: vscode.WorkspaceFolder): vscode.Task {
  const task = new vscode.Task(
    { type: FIASCO_TASK_TYPE, command: 'build' },
    folder,
    'build packages',
    'fiasco',
    cliExecution(buildPackagesArguments(cliScriptPath(extensionPath), folder.uri.fsPath), folder.uri.fsPath),
    // Our own matchers (package.json problemMatchers): $gcc is defined only by the C/C++ extension.
    ['$fiasco-cc', '$fiasco-ld', '$fiasco-build'],
  );
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
  return task;
}

/**
 * Offers "fiasco: build packages" to Tasks: Run Build Task (Ctrl+Shift+B) in every folder with a pkg/ tree, and
 * resolves `{ "type": "fiasco", "command": "build" | "run" }` definitions written in tasks.json.
 */
export function registerFiascoTaskProvider(context: vscode.ExtensionContext, isTrusted: () => boolean): void {
  context.subscriptions.push(vscode.tasks.registerTaskProvider(FIASCO_TASK_TYPE, {
    provideTasks: () => {
      if (!isTrusted()) return [];
      return (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => fs.existsSync(path.join(f.uri.fsPath, 'pkg')))
        .map((f) => buildPackagesTask(context.extensionPath, f));
    },
    resolveTask: (task) => {
      const def = task.definition as { command?: unknown; modulesList?: unknown; entry?: unknown };
      const folder = task.scope !== undefined && typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      if (!folder || !isTrusted()) return undefined;
      if (def.command === 'build') {
        const t = buildPackagesTask(context.extensionPath, folder);
        return new vscode.Task(task.definition, folder, task.name, 'fiasco', t.execution, t.problemMatchers);
      }
      if (def.command === 'run' && typeof def.modulesList === 'string' && typeof def.entry === 'string') {
        const list = path.isAbsolute(def.modulesList) ? def.modulesList : path.join(folder.uri.fsPath, def.modulesList);
        const t = bootEntryTask(context.extensionPath, folder, list, def.entry);
        return new vscode.Task(task.definition, folder, task.name, 'fiasco', t.execution, []);
      }
      return undefined;
    },
  }));
}
