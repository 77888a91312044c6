// Makes F5 work without a launch.json and offers "Boot <entry>" configurations.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readBootEntries } from './boot-entries';
import { refuseInRestrictedMode } from './workspace-trust';
import { pickBootEntry } from './entry-picker';
import {
  DEFAULT_MODULES_LIST,
  FIASCO_DEBUG_TYPE,
  FiascoLaunchConfiguration,
  isEmptyConfiguration,
  launchConfigurationForEntry,
  launchConfigurationProblems,
  notInLaunchJson,
  withLaunchDefaults,
} from './launch-configuration';
import { findModulesLists, findPreferredModulesList, currentWorkspaceFolder } from './modules-list-locator';

/** Writes a path relative to the folder as `${workspaceFolder}/...` so launch.json stays portable. */
function portablePath(file: string, folder: vscode.WorkspaceFolder | undefined): string {
  if (!folder) return file;
  const rel = path.relative(folder.uri.fsPath, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return file;
  return '${workspaceFolder}/' + rel.split(path.sep).join('/');
}

/** Initial configurations (launch.json creation) and resolution of F5. */
export class FiascoConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const ws = folder ?? currentWorkspaceFolder();
    const list = ws ? await findPreferredModulesList(ws) : undefined;
    if (list) {
      const result = readBootEntries(list);
      if (result.ok) return result.entries.map((e) => launchConfigurationForEntry(portablePath(list, ws), e.name));
    }
    // Nothing to list yet: a template the user completes.
    return [{ ...launchConfigurationForEntry(DEFAULT_MODULES_LIST, 'hello'), name: 'Boot entry (Fiasco.OC)' }];
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (isEmptyConfiguration(config)) {
      // F5 with no launch.json: find the workspace's boot list ourselves.
      const ws = folder ?? currentWorkspaceFolder();
      if (!ws) {
        void vscode.window.showErrorMessage('Fiasco: open a folder that contains conf/modules.lst to boot it.');
        return undefined;
      }
      const list = await findPreferredModulesList(ws);
      if (!list) {
        void vscode.window.showErrorMessage(
          `Fiasco: no modules.lst or modules.list found in "${ws.name}". Create conf/modules.lst (e.g. "entry hello", "roottask moe --init=rom/hello", "module l4re", "module hello").`,
        );
        return undefined;
      }
      const entry = await pickBootEntry(list);
      if (!entry) return undefined;
      return launchConfigurationForEntry(list, entry);
    }
    const problems = launchConfigurationProblems(config);
    if (problems.length > 0) {
      void vscode.window.showErrorMessage(`Fiasco launch configuration "${config.name ?? ''}": ${problems.join('; ')}.`);
      return undefined;
    }
    return withLaunchDefaults(config);
  }

  /** Runs after ${workspaceFolder} etc. are substituted: now the path can be checked and entries listed. */
  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (refuseInRestrictedMode('Debug')) return undefined;
    let list = String(config.modulesList);
    if (!path.isAbsolute(list) && folder) list = path.join(folder.uri.fsPath, list);
    if (!fs.existsSync(list)) {
      void vscode.window.showErrorMessage(
        `Fiasco: modules list "${list}" (launch attribute "modulesList") does not exist. Point it at your conf/modules.lst.`,
      );
      return undefined;
    }
    const resolved: vscode.DebugConfiguration = { ...config, modulesList: list };
    if (typeof config.entry !== 'string' || config.entry === '') {
      const entry = await pickBootEntry(list);
      if (!entry) return undefined;
      resolved.entry = entry;
    }
    if (Array.isArray(config.searchPath) && folder) {
      resolved.searchPath = (config.searchPath as string[]).map((d) => (path.isAbsolute(d) ? d : path.join(folder.uri.fsPath, d)));
    }
    return resolved;
  }
}

/** The "Boot hello"-style configurations shown in the Run and Debug view's dropdown. */
export class FiascoDynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const folders = folder ? [folder] : (vscode.workspace.workspaceFolders ?? []);
    const configs: vscode.DebugConfiguration[] = [];
    for (const ws of folders) {
      const lists = await findModulesLists(ws);
      const mine: FiascoLaunchConfiguration[] = [];
      for (const list of lists) {
        const result = readBootEntries(list);
        if (!result.ok) continue; // a broken list is reported by the language server, not here
        const suffix = lists.length > 1 ? ` (${path.relative(ws.uri.fsPath, list)})` : '';
        for (const e of result.entries) {
          mine.push({ ...launchConfigurationForEntry(portablePath(list, ws), e.name), name: `Boot ${e.name}${suffix}` });
        }
      }
      // launch.json's own configurations already appear in the dropdown.
      const launchJson = vscode.workspace.getConfiguration('launch', ws.uri).get<Array<Record<string, unknown>>>('configurations') ?? [];
      configs.push(...notInLaunchJson(mine, launchJson, ws.uri.fsPath));
    }
    return configs;
  }
}

export function registerDebugConfigurationProviders(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(FIASCO_DEBUG_TYPE, new FiascoConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(FIASCO_DEBUG_TYPE, new FiascoDynamicConfigurationProvider(), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
}
