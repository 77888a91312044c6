// Starts the Fiasco debug adapter: inside the extension host (fast, the default)
// or as a separate `node dist/cli.js dap` process (setting fiasco.debugAdapter).
import * as vscode from 'vscode';
import { FiascoDebugSession } from '../debug-adapter/fiasco-debug-session';
import { cliScriptPath, debugAdapterArguments, RUN_AS_NODE_ENV } from './cli-command-line';
import { FIASCO_DEBUG_TYPE } from './launch-configuration';
import { restrictedModeRefusal } from './restricted-mode';

export type DebugAdapterMode = 'inline' | 'process';

export function configuredDebugAdapterMode(): DebugAdapterMode {
  const mode = vscode.workspace.getConfiguration('fiasco').get<string>('debugAdapter', 'inline');
  return mode === 'process' ? 'process' : 'inline';
}

export class FiascoDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    // Last line of defence (a launch that bypassed the configuration provider): no adapter without trust.
    const refusal = restrictedModeRefusal(vscode.workspace.isTrusted, 'Debug');
    if (refusal) throw new Error(refusal);
    if (configuredDebugAdapterMode() === 'process') {
      return new vscode.DebugAdapterExecutable(process.execPath, debugAdapterArguments(cliScriptPath(this.extensionPath)), {
        env: { ...RUN_AS_NODE_ENV },
      });
    }
    return new vscode.DebugAdapterInlineImplementation(new FiascoDebugSession());
  }
}

export function registerDebugAdapterFactory(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(FIASCO_DEBUG_TYPE, new FiascoDebugAdapterFactory(context.extensionPath)),
  );
}
