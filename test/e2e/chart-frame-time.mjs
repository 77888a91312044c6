// Frame time of the IPC sequence chart's webview with 10^5 events, in headless Chromium (playwright-core from the
// e2e setup): the real webview script (dist/sequence-chart.js) on its own page, fed a synthetic trace of client/
// server calls, replies, log writes and page faults; then it zooms and scrolls and reads the paint times the
// webview keeps. Needs `npx tsc -p .` and `npx webpack` first; run from the repository:
//   node test/e2e/chart-frame-time.mjs        (EVENTS=100000, SHOT=picture.png, CHROMIUM=/usr/bin/chromium)
// It reports times; it asserts nothing (performance is never a test).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { sequenceChartPage } = require(path.join(ROOT, 'out/extension/views/sequence-chart/sequence-chart-html.js'));

/** A plausible trace: 3 clients call 2 servers of other tasks, who log and reply; now and then a page fault. */
export function syntheticTrace(count) {
  const threads = [
    { id: 11, name: 'moe:main', shortName: 'main', task: 10, taskName: 'moe' },
    { id: 21, name: 'server:main', shortName: 'main', task: 20, taskName: 'server' },
    { id: 22, name: 'server:worker', shortName: 'worker', task: 20, taskName: 'server' },
    { id: 31, name: 'client:main', shortName: 'main', task: 30, taskName: 'client' },
    { id: 32, name: 'client:thread1', shortName: 'thread1', task: 30, taskName: 'client' },
    { id: 41, name: 'logger:main', shortName: 'main', task: 40, taskName: 'logger' },
  ];
  const events = [];
  let clock = 1000;
  for (let seq = 0; events.length < count; seq++) {
    const client = seq % 3 === 0 ? 32 : 31;
    const server = seq % 5 === 0 ? 22 : 21;
    const step = seq % 4;
    clock += 200 + ((seq * 7919) % 900);
    if (step === 0) events.push({ seq: events.length, kind: 'call', clock, sendClock: clock - (seq % 11 === 0 ? 500 : 0), thread: client, to: server, label: 'Dataspace map', protocol: 'L4RE_DATASPACE', detail: '7 words' });
    else if (step === 1) events.push({ seq: events.length, kind: 'kernel', clock, sendClock: clock, thread: server, to: 0, label: 'Log write "request"', protocol: 'LOG', detail: '6 words' });
    else if (step === 2) events.push({ seq: events.length, kind: 'reply', clock, sendClock: clock, thread: server, to: client, label: 'reply 0', detail: '1 word; map mem 0x00400000 4 KiB rw-' });
    else if (seq % 8 === 3) events.push({ seq: events.length, kind: 'page-fault', clock, thread: client, label: 'page fault 0x00401000', detail: 'write' });
    else events.push({ seq: events.length, kind: 'send', clock, sendClock: clock, thread: client, to: 41, label: 'label 0x42', protocol: 'label 0x42', detail: '2 words' });
  }
  return { boot: 1, first: 0, next: events.length, events, threads, instructionsPerMicrosecond: 100, clock };
}

async function main() {
  const count = Number(process.env.EVENTS ?? 100_000);
  const { chromium } = require(path.join(ROOT, 'test/e2e/node_modules/playwright-core'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-frames-'));
  fs.copyFileSync(path.join(ROOT, 'dist/sequence-chart.js'), path.join(dir, 'sequence-chart.js'));
  // Outside VS Code: a stand-in for acquireVsCodeApi that keeps what the chart posts.
  const page0 = sequenceChartPage('sequence-chart.js').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace('<script nonce', '<script>window.posted=[];window.acquireVsCodeApi=()=>({postMessage:(m)=>window.posted.push(m)});</script><script nonce');
  fs.writeFileSync(path.join(dir, 'index.html'), page0);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`file://${path.join(dir, 'index.html')}`);
    const batch = syntheticTrace(count);
    await page.evaluate((b) => window.postMessage({ type: 'batch', batch: b }, '*'), batch);
    await page.waitForFunction((n) => window.chartStats().events === n && window.chartStats().frames > 0, count);
    const box = (await page.locator('#chart').boundingBox());
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const ctrlWheel = async (dy) => { await page.keyboard.down('Control'); await page.mouse.wheel(0, dy); await page.keyboard.up('Control'); };
    const phases = [
      ['whole trace, redrawn (overview)', async () => {}, async () => { await page.keyboard.press('f'); }],
      ['zooming in step by step (Ctrl+wheel)', async () => { await page.keyboard.press('f'); }, async () => { await ctrlWheel(-60); }],
      ['scrolling, zoomed in to detail (wheel)', async () => { for (let i = 0; i < 25; i++) await ctrlWheel(-100); }, async () => { await page.mouse.wheel(0, 300); }],
    ];
    for (const [name, setup, act] of phases) {
      await setup();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      await page.evaluate(() => { window.chartStatsReset(); });
      for (let i = 0; i < 40; i++) {
        await act();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      }
      const s = await page.evaluate(() => window.chartStats());
      await page.waitForTimeout(700);
      const rendered = await page.evaluate(() => window.posted.filter((m) => m.type === 'rendered').pop()?.report);
      console.log(`${name}: paint avg ${s.avgMs.toFixed(2)} ms, max ${s.maxMs.toFixed(2)} ms over ${s.frames} frames; ${rendered?.eventsInView} events in view${rendered?.overview ? ' (overview)' : ', labelled'}`);
    }
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT });
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
