// Entry point of the Fiasco Studio extension: wires the debugger and the commands.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebugAdapterFactory } from './debug-adapter-factory';
import { FiascoDynamicConfigurationProvider, registerDebugConfigurationProviders } from './debug-configuration-provider';
import { startLanguageSupport } from './language-client';
import { useEntryMemory } from './last-entry';
import { registerMemoryView } from './views/memory/memory-commands';
import { KernelViewsApi, registerKernelViews } from './views/kernel-views';
import { registerSequenceChart } from './views/sequence-chart/sequence-chart-commands';
import { registerNewProjectCommand } from './new-project-command';
import { registerStatusBar } from './status-bar';
import { registerWalkthroughProgress } from './walkthrough-progress';

/** What `vscode.extensions.getExtension('fiasco-studio.fiasco-studio').exports` offers (used by the e2e tests). */
export interface FiascoStudioApi {
  /** The Kernel Objects tree and the Capability Graph (views/kernel-views.ts). */
  kernelViews: KernelViewsApi;
  /** The "Boot <entry>" configurations the Run and Debug view lists for a folder. */
  bootConfigurations(folder?: vscode.WorkspaceFolder): Promise<vscode.DebugConfiguration[]>;
  /** The status bar item's text while it shows a Fiasco session, else undefined. */
  statusBarText(): string | undefined;
}

export function activate(context: vscode.ExtensionContext): FiascoStudioApi {
  useEntryMemory(context.workspaceState);
  registerDebugConfigurationProviders(context);
  registerDebugAdapterFactory(context);
  registerCommands(context);
  registerMemoryView(context);
  registerSequenceChart(context);
  startLanguageSupport(context);
  const kernelViews = registerKernelViews(context);
  registerNewProjectCommand(context);
  registerWalkthroughProgress(context);
  const statusBar = registerStatusBar(context);
  const dynamic = new FiascoDynamicConfigurationProvider();
  return {
    kernelViews,
    bootConfigurations: async (folder) => dynamic.provideDebugConfigurations(folder),
    statusBarText: () => statusBar.shownText,
  };
}

export function deactivate(): void {
  // Everything registered is disposed through context.subscriptions.
}
