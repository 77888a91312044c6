// Ticks the Getting Started walkthrough's steps when the user has really done them (extension/walkthrough-steps.ts
// says why as pulses of context keys): a workspace with a modules list, a build, modules.lst in the editor, a
// Fiasco session, the IPC filter switched on and a stop on an IPC. The last two are read from the DAP traffic of
// Fiasco sessions, so they work with either adapter.
import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FIASCO_DEBUG_TYPE } from './launch-configuration';
import { FIASCO_TASK_TYPE } from './fiasco-tasks';
import { enablesIpcFilter, isIpcStop, WalkthroughProgress } from './walkthrough-steps';

const DONE_STEPS_STATE = 'fiasco.walkthrough.doneSteps';

export function registerWalkthroughProgress(context: vscode.ExtensionContext): WalkthroughProgress {
  const progress = new WalkthroughProgress(
    (key, value) => vscode.commands.executeCommand('setContext', key, value),
    { get: () => context.globalState.get<string[]>(DONE_STEPS_STATE, []), set: (s) => void context.globalState.update(DONE_STEPS_STATE, s) },
  );
  const lookForModulesList = (): void => {
    void vscode.workspace.findFiles('**/{modules.lst,modules.list}', '**/node_modules/**', 1).then((found) => {
      if (found.length > 0) void progress.done('openProject');
    });
  };
  const onEditor = (e: vscode.TextEditor | undefined): void => {
    if (e?.document.languageId === 'l4mods') void progress.done('openModulesList');
  };
  lookForModulesList();
  onEditor(vscode.window.activeTextEditor);
  void progress.announce();
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(lookForModulesList),
    vscode.window.onDidChangeActiveTextEditor(onEditor),
    // The walkthrough's page is a tab: once it opens, its service listens (the tab's kind is not visible to us).
    vscode.window.tabGroups.onDidChangeTabs((e) => { if (e.opened.length > 0) void progress.announce(); }),
    vscode.tasks.onDidStartTask((e) => {
      const d = e.execution.task.definition;
      if (d.type === FIASCO_TASK_TYPE && d.command === 'build') void progress.done('build');
    }),
    vscode.debug.onDidStartDebugSession((s) => { if (s.type === FIASCO_DEBUG_TYPE) void progress.done('debugEntry'); }),
    vscode.debug.registerDebugAdapterTrackerFactory(FIASCO_DEBUG_TYPE, {
      createDebugAdapterTracker: () => ({
        onWillReceiveMessage: (m: DebugProtocol.ProtocolMessage) => {
          const r = m as DebugProtocol.Request;
          if (r.type === 'request' && r.command === 'setExceptionBreakpoints' && enablesIpcFilter(r.arguments)) void progress.done('ipcFilter');
        },
        onDidSendMessage: (m: DebugProtocol.ProtocolMessage) => {
          const e = m as DebugProtocol.StoppedEvent;
          if (e.type === 'event' && e.event === 'stopped' && isIpcStop(e.body)) void progress.done('ipcStop');
        },
      }),
    }),
  );
  return progress;
}
