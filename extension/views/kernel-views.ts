// Registers the Kernel Objects tree and the Capability Graph (Run and Debug container) with their commands,
// and returns what the extension's API exposes of them to the e2e tests.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { CapabilityGraphView, CAPABILITY_GRAPH_VIEW } from './capability-graph/capability-graph-view';
import type { RenderedGraph } from './capability-graph/graph-messages';
import { FOCUS_THREAD_COMMAND, KernelObjectItem, KernelObjectsTree } from './kernel-objects-tree';
import { KernelSnapshotSource } from './kernel-snapshot-source';

export const KERNEL_OBJECTS_VIEW = 'fiasco.kernelObjects';
export const REFRESH_KERNEL_VIEWS_COMMAND = 'fiasco.kernelObjects.refresh';
export const REVEAL_IN_GRAPH_COMMAND = 'fiasco.kernelObjects.revealInGraph';
export const EXPORT_DOT_COMMAND = 'fiasco.capabilityGraph.exportDot';

/** The views as the e2e tests see them. */
export interface KernelViewsApi {
  /** The tree's items as VS Code shows them, depth first, `  `-indented per level (`depth` levels deep). */
  kernelObjectsTreeLabels(depth: number): Promise<string[]>;
  /** What the Capability Graph webview reported drawing last (undefined before it rendered). */
  capabilityGraphRendered(): RenderedGraph | undefined;
  /** Resolves with the next render report of the Capability Graph. */
  nextCapabilityGraphRender(): Promise<RenderedGraph>;
  /** Asks the views to fetch a new snapshot now. */
  refreshKernelViews(): Promise<void>;
}

const itemObjectId = (arg: unknown): number | undefined => {
  if (typeof arg === 'number') return arg;
  const item = arg as KernelObjectItem | undefined;
  return item?.type === 'object' ? item.object.id : undefined;
};

export function registerKernelViews(context: vscode.ExtensionContext): KernelViewsApi {
  const source = new KernelSnapshotSource();
  const tree = new KernelObjectsTree(source);
  const graph = new CapabilityGraphView(context.extensionUri, source);
  context.subscriptions.push(
    source,
    vscode.window.createTreeView(KERNEL_OBJECTS_VIEW, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.registerWebviewViewProvider(CAPABILITY_GRAPH_VIEW, graph, { webviewOptions: { retainContextWhenHidden: true } }),
    vscode.commands.registerCommand(REFRESH_KERNEL_VIEWS_COMMAND, () => source.refresh()),
    vscode.commands.registerCommand(FOCUS_THREAD_COMMAND, async (arg: unknown) => {
      const threadId = itemObjectId(arg);
      const session = source.session();
      if (threadId === undefined || !session) return;
      const r = (await session.customRequest('fiasco/kernelObjects/focusThread', { threadId })) as { focused: boolean };
      if (r.focused) await vscode.commands.executeCommand('workbench.debug.action.focusCallStackView');
      else void vscode.window.showInformationMessage('The system is running: pause it to see this thread in the Call Stack.');
    }),
    vscode.commands.registerCommand(REVEAL_IN_GRAPH_COMMAND, async (arg: unknown) => {
      const id = itemObjectId(arg);
      if (id !== undefined) await graph.reveal(id);
    }),
    vscode.commands.registerCommand(EXPORT_DOT_COMMAND, async () => {
      const dot = graph.dot();
      if (!dot) return void vscode.window.showWarningMessage('No Fiasco debug session: nothing to export.');
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, 'capabilities.dot'), filters: { Graphviz: ['dot', 'gv'] } });
      if (!target) return;
      await fs.promises.writeFile(target.fsPath, dot);
      void vscode.window.showInformationMessage(`Capability graph written to ${vscode.workspace.asRelativePath(target)}.`);
    }),
  );
  return {
    kernelObjectsTreeLabels: async (depth) => {
      const out: string[] = [];
      const walk = async (item: KernelObjectItem | undefined, level: number): Promise<void> => {
        for (const child of tree.getChildren(item)) {
          const t = tree.getTreeItem(child);
          const label = typeof t.label === 'string' ? t.label : t.label?.label ?? '';
          out.push(`${'  '.repeat(level)}${label}${t.description ? ` — ${t.description}` : ''}`);
          if (level + 1 < depth) await walk(child, level + 1);
        }
      };
      await walk(undefined, 0);
      return out;
    },
    capabilityGraphRendered: () => graph.lastRendered,
    nextCapabilityGraphRender: () => new Promise((resolve) => { const d = graph.onDidRender((g) => { d.dispose(); resolve(g); }); }),
    refreshKernelViews: async () => { await source.refresh(); },
  };
}
