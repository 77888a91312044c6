// Commands of the IPC sequence chart: open it (palette, Call Stack title button), export it, and — for the tests
// and the screenshot script — read what it drew and set its view.
import * as vscode from 'vscode';
import type { ToWebview } from './chart-messages';
import { ChartReport, SequenceChartPanel } from './sequence-chart-panel';
import { registerChartTimeTravel } from './chart-time-travel';

export const SHOW_SEQUENCE_CHART_COMMAND = 'fiasco.sequenceChart.show';
export const EXPORT_SEQUENCE_CHART_COMMAND = 'fiasco.sequenceChart.export';
/** For tests: what the webview drew, and setting its view (hidden from the palette). */
export const REPORT_SEQUENCE_CHART_COMMAND = 'fiasco.sequenceChart.report';
export const CONFIGURE_SEQUENCE_CHART_COMMAND = 'fiasco.sequenceChart.configure';

export function registerSequenceChart(context: vscode.ExtensionContext): void {
  registerChartTimeTravel(context);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_SEQUENCE_CHART_COMMAND, () => {
      SequenceChartPanel.show(context.extensionUri);
    }),
    vscode.commands.registerCommand(EXPORT_SEQUENCE_CHART_COMMAND, async (format?: unknown, fsPath?: unknown) => {
      const panel = SequenceChartPanel.current ?? SequenceChartPanel.show(context.extensionUri);
      const f = format === 'svg' || format === 'perfetto' ? format : (await vscode.window.showQuickPick(
        [{ label: 'Perfetto / Chrome trace JSON', format: 'perfetto' as const }, { label: 'SVG (what is in view)', format: 'svg' as const }],
        { title: 'Export the IPC sequence chart as' }))?.format;
      if (!f) return undefined;
      const content = await panel.exportContent(f);
      if (typeof fsPath === 'string') {
        await vscode.workspace.fs.writeFile(vscode.Uri.file(fsPath), Buffer.from(content, 'utf8'));
        return fsPath;
      }
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, f === 'svg' ? 'ipc-sequence-chart.svg' : 'ipc-trace.json') });
      if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
      return target?.fsPath;
    }),
    vscode.commands.registerCommand(REPORT_SEQUENCE_CHART_COMMAND, (): ChartReport | undefined => SequenceChartPanel.current?.report),
    vscode.commands.registerCommand(CONFIGURE_SEQUENCE_CHART_COMMAND, (m: Omit<Extract<ToWebview, { type: 'configure' }>, 'type'>) => {
      SequenceChartPanel.current?.configure({ type: 'configure', ...m });
    }),
  );
}
