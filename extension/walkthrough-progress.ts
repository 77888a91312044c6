// Context keys that tick off the Getting Started walkthrough's steps (package.json "walkthroughs") when the
// user has really done them: a workspace with a modules list, the IPC filter switched on in the Breakpoints
// view, and a stop on an IPC. Read from the DAP traffic of Fiasco sessions, so it works with either adapter.
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FIASCO_DEBUG_TYPE } from './launch-configuration';

export const HAS_MODULES_LIST_CONTEXT = 'fiasco.workspaceHasModulesList';
export const IPC_FILTER_ON_CONTEXT = 'fiasco.ipcFilterOn';
export const STOPPED_ON_IPC_CONTEXT = 'fiasco.stoppedOnIpc';

/** The IPC kernel-event filter (debug-adapter/dap-capabilities.ts) is among those VS Code switched on. */
export function enablesIpcFilter(args: DebugProtocol.SetExceptionBreakpointsArguments | undefined): boolean {
  return !!args && (args.filters?.includes('ipc') || !!args.filterOptions?.some((o) => o.filterId === 'ipc'));
}

/** A stop of the IPC filter (or breakOnIpc): event-filters.ts describes it as "IPC send: …", "IPC receive: …". */
export function isIpcStop(body: DebugProtocol.StoppedEvent['body'] | undefined): boolean {
  return !!body && body.reason === 'exception' && /^IPC /.test(body.description ?? '');
}

function setContext(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export function registerWalkthroughProgress(context: vscode.ExtensionContext): void {
  const lookForModulesList = (): void => {
    void vscode.workspace.findFiles('**/{modules.lst,modules.list}', '**/node_modules/**', 1).then((found) => setContext(HAS_MODULES_LIST_CONTEXT, found.length > 0));
  };
  lookForModulesList();
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(lookForModulesList),
    vscode.debug.registerDebugAdapterTrackerFactory(FIASCO_DEBUG_TYPE, {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (m: DebugProtocol.ProtocolMessage) => {
          const r = m as DebugProtocol.Request;
          if (r.type === 'request' && r.command === 'setExceptionBreakpoints') setContext(IPC_FILTER_ON_CONTEXT, enablesIpcFilter(r.arguments));
        },
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
          const e = m as DebugProtocol.StoppedEvent;
          if (e.type === 'event' && e.event === 'stopped' && isIpcStop(e.body)) setContext(STOPPED_ON_IPC_CONTEXT, true);
        },
      }),
    }),
  );
}
