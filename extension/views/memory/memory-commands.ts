// Opening the Fiasco Memory view: from the palette, from a variable or watch expression's context menu
// ("View Memory in Fiasco Memory"), and at an address (for other views: a region, a capability's UTCB…).
// The view follows the stopped thread's task, and reads again after any memory event.
import * as vscode from 'vscode';
import { MemoryPanel, type MemoryTarget } from './memory-panel';

export const OPEN_MEMORY_COMMAND = 'fiasco.memory.open';
export const VIEW_VARIABLE_MEMORY_COMMAND = 'fiasco.memory.viewVariable';
/** For tests: what the webview last reported showing (optionally after a `{ address }` navigation). */
export const MEMORY_VIEW_STATE_COMMAND = 'fiasco.memory.viewState';
/** Writes hex bytes through the view's own edit path: `{ address, hex }`. */
export const MEMORY_EDIT_COMMAND = 'fiasco.memory.edit';

/** What VS Code hands a debug/variables/context or debug/watch/context command. */
interface VariableMenuArgs {
  sessionId?: string;
  variable?: { value?: string; type?: string; memoryReference?: string; evaluateName?: string };
}

function fiascoSession(id?: string): vscode.DebugSession | undefined {
  const s = vscode.debug.activeDebugSession;
  if (s && s.type === 'fiasco' && (!id || s.id === id)) return s;
  return s?.type === 'fiasco' ? s : undefined;
}

/**
 * Where a variable's memory is: for a pointer (a type ending in `*`, a value starting with a hex address) the
 * memory it points to, else the variable's own storage (arrays, structures, scalars). The task is the one
 * its memory reference names.
 */
export function variableTarget(v: VariableMenuArgs['variable']): MemoryTarget | undefined {
  const m = /^task:(\d+):(0x[0-9a-f]+)$/i.exec(v?.memoryReference ?? '');
  const pointee = /\*\s*$/.test(v?.type ?? '') ? /^(0x[0-9a-f]+)/i.exec(v?.value ?? '') : null;
  if (!m && !pointee) return undefined;
  return { taskId: m ? Number(m[1]) : undefined, address: Number((pointee ?? m!)[pointee ? 1 : 2]) >>> 0 };
}

function asTarget(arg: unknown): MemoryTarget {
  const a = (arg && typeof arg === 'object' ? arg : {}) as Record<string, unknown>;
  const num = (x: unknown) => (typeof x === 'number' ? x : typeof x === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(x) ? Number(x) : undefined);
  return { taskId: num(a.taskId), threadId: num(a.threadId), address: num(a.address) };
}

export function registerMemoryView(context: vscode.ExtensionContext): void {
  const uri = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_MEMORY_COMMAND, (arg?: unknown) => {
      MemoryPanel.show(uri, fiascoSession(), asTarget(arg));
    }),
    vscode.commands.registerCommand(VIEW_VARIABLE_MEMORY_COMMAND, (arg?: VariableMenuArgs) => {
      const target = variableTarget(arg?.variable);
      if (!target) {
        void vscode.window.showWarningMessage('Fiasco Memory: this value has no address (it lives in a register or is not in memory).');
        return;
      }
      MemoryPanel.show(uri, fiascoSession(arg?.sessionId), target);
    }),
    vscode.commands.registerCommand(MEMORY_VIEW_STATE_COMMAND, async (arg?: { address?: number; label?: string }) => {
      const panel = MemoryPanel.open;
      if (!panel) return undefined;
      return panel.state(arg ? (s) => (arg.address === undefined || s.top === arg.address - (arg.address % 16)) && (arg.label === undefined || s.rows.some((r) => r.label.includes(arg.label!))) && s.rows.every((r) => !/\?\?/.test(r.hex)) : undefined);
    }),
    vscode.commands.registerCommand(MEMORY_EDIT_COMMAND, (arg?: { address?: number; hex?: string }) => {
      if (typeof arg?.address !== 'number' || typeof arg.hex !== 'string') throw new Error('fiasco.memory.edit needs { address: number, hex: "de ad" }');
      MemoryPanel.open?.edit(arg.address, arg.hex);
    }),
    vscode.debug.registerDebugAdapterTrackerFactory('fiasco', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
          const panel = MemoryPanel.open;
          if (!panel || m.type !== 'event') return;
          if (m.event === 'stopped' && typeof m.body?.threadId === 'number') panel.followStop(session, m.body.threadId);
          else if (m.event === 'memory') panel.refresh();
        },
      }),
    }),
    vscode.debug.onDidTerminateDebugSession((s) => MemoryPanel.open?.sessionEnded(s)),
  );
}
