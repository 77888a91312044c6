// The IPC sequence chart in a real VS Code: opened on a running session (stopped on entry), it fills while the
// program runs, and the webview reports what it drew (lanes and arrow labels) back through the extension.
'use strict';
const { vscode, assert, path, test, sleep, waitFor, debugSession } = require('./harness');

test('the IPC sequence chart shows the lanes and decoded arrows of a running example', async () => {
  const fs = require('node:fs');
  const os = require('node:os');
  const all = await vscode.commands.getCommands(true);
  assert.ok(all.includes('fiasco.sequenceChart.show'), 'the chart command is registered');
  const exported = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chart-e2e-')), 'trace.json');
  const svgFile = path.join(path.dirname(exported), 'chart.svg');
  let seenReport;
  // The chart gets the editor area to itself (an earlier test's editor beside it would halve its lanes).
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await debugSession(
    { type: 'fiasco', request: 'launch', name: 'e2e chart', modulesList: '${workspaceFolder}/conf/modules.lst', entry: 'hello-syscall', stopOnEntry: true },
    async (seen, ended) => {
      await waitFor('the entry stop', () => seen.some((m) => m.type === 'event' && m.event === 'stopped'), 60000);
      await vscode.commands.executeCommand('fiasco.sequenceChart.show');
      // The webview draws (nothing of hello-syscall's own yet) and says so.
      await waitFor('a first report from the webview', () => vscode.commands.executeCommand('fiasco.sequenceChart.report').then((r) => r && r.report), 30000);
      const threadId = seen.find((m) => m.type === 'event' && m.event === 'stopped').body.threadId;
      await vscode.debug.activeDebugSession.customRequest('continue', { threadId });
      let lastReport;
      await waitFor('the end of the program', ended, 60000);
      // The stop's source editor may have covered the chart: bring it to the front, as a user looks at it.
      await vscode.commands.executeCommand('fiasco.sequenceChart.show');
      // The boot of sigma0 and moe fills most of the run: look at the program's own thread, as a user would (the
      // filter keeps the lanes of its partners), fitted to its events.
      await vscode.commands.executeCommand('fiasco.sequenceChart.configure', { filter: { thread: threadId }, fit: true });
      // The log write is drawn as an arrow to the kernel.
      // (In the headless test workbench the panel may have no size; the SVG export draws the same view then.)
      seenReport = await waitFor('the log write drawn', async () => {
        const r = await vscode.commands.executeCommand('fiasco.sequenceChart.report');
        lastReport = r;
        return r && r.report && (r.report.hidden || r.report.arrows.some((a) => a.startsWith('Log write'))) ? r : undefined;
      }, 60000).catch((e) => { throw new Error(`${e.message}; the chart's last report: ${JSON.stringify(lastReport)}`); });
      // The chart gets the run's last events (the thread's end) in its next batch: export once they are in.
      const labelsIn = (text) => ['Log write "hello⏎"', 'Parent signal', 'hello-syscall:main exited'].every((l) => text.includes(`>${l.replace(/"/g, '&quot;')}</text>`));
      for (let i = 0; i < 60; i++) {
        await sleep(500);
        await vscode.commands.executeCommand('fiasco.sequenceChart.export', 'svg', svgFile);
        if (fs.existsSync(svgFile) && labelsIn(fs.readFileSync(svgFile, 'utf8'))) break;
      }
      await vscode.commands.executeCommand('fiasco.sequenceChart.export', 'perfetto', exported);
    },
  );
  const { report } = seenReport;
  console.log(`ok - chart drew lanes ${JSON.stringify(report.lanes)}, arrows ${JSON.stringify(report.arrows)}, marks ${JSON.stringify(report.marks)}`);
  assert.ok(report.lanes.includes('hello-syscall:main'), JSON.stringify(report.lanes));
  assert.ok(report.lanes.includes('kernel:kernel objects'), JSON.stringify(report.lanes));
  if (!report.hidden) assert.ok(report.arrows.includes('Log write "hello⏎"'), JSON.stringify(report.arrows));
  const svg = fs.readFileSync(svgFile, 'utf8');
  console.log(`ok - the chart ${report.hidden ? 'was hidden; its SVG export' : 'and its SVG export'} drew ${(svg.match(/<text[^>]*>[^<]*<\/text>/g) || []).length} texts, ${(svg.match(/<svg [^>]*width="(\d+)" height="(\d+)"/) || []).slice(1).join('×')} px`);
  for (const label of ['Log write "hello⏎"', 'Parent signal', 'hello-syscall:main exited']) assert.ok(svg.includes(`>${label.replace(/"/g, '&quot;')}</text>`), `the view shows ${label}: ${svg.split('\n')[1]} ${(svg.match(/>[^<]+<\/text>/g) || []).join(' ')}`);
  const trace = JSON.parse(fs.readFileSync(exported, 'utf8'));
  assert.ok(trace.traceEvents.some((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'hello-syscall:main'), 'the export names the thread');
  assert.ok(trace.traceEvents.some((e) => e.ph === 'X' && e.name === 'Log write "hello⏎"'), 'the export holds the log write');
  assert.ok(trace.traceEvents.some((e) => /hello-syscall:main exited/.test(e.name)), `the export holds the thread's end: ${JSON.stringify(trace.traceEvents.map((e) => e.name))}`);
  fs.rmSync(path.dirname(exported), { recursive: true, force: true });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});
