// A click on the IPC sequence chart travels there: to the instruction that sent the message (or the mark's
// instruction), through the adapter's time travel, with the sender shown in Call Stack. Only while the session
// is stopped (travel needs a stopped machine) and while `fiasco.sequenceChart.travelOnClick` is on.
import * as vscode from 'vscode';
import { ChartSelection, SequenceChartPanel } from './sequence-chart-panel';

/** The instruction count a selection stands for: the send of a message, else the event itself. */
export function travelTarget(s: Pick<ChartSelection, 'clock' | 'sendClock'>): number {
  return s.sendClock ?? s.clock;
}

export function registerChartTimeTravel(context: vscode.ExtensionContext): void {
  context.subscriptions.push(SequenceChartPanel.onDidSelect(async (sel) => {
    const session = sel.session;
    if (!session || !vscode.workspace.getConfiguration('fiasco').get<boolean>('sequenceChart.travelOnClick', true)) return;
    if (vscode.debug.activeDebugSession !== session) return;   // a session that ended or is not in front
    const clock = travelTarget(sel);
    try {
      await session.customRequest('fiasco/timeTravel/goto', { clock, threadId: sel.thread });
      vscode.window.setStatusBarMessage(`Travelled to instruction ${clock} (${sel.label})`, 5000);
    } catch (e) {
      const message = (e as Error).message;
      // While the system runs, a click only shows the line: travel needs a stopped machine.
      if (/stopped/.test(message)) vscode.window.setStatusBarMessage('IPC sequence chart: pause to travel to a message', 4000);
      else void vscode.window.showWarningMessage(`Cannot travel to "${sel.label}": ${message}`);
    }
  }));
}
