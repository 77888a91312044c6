// Drives the real workbench (code-server with the packaged extension installed) through the user guide's
// scenes and saves one PNG per scene into $OUT. Started by run-screenshots.sh, which provides CS_URL and WS.
// Every scene waits for the UI state it shows, so a screenshot never catches a half-drawn view; a scene
// that cannot reach its state fails the run (exit 1) and leaves a *-failed.png next to the run's logs.
import { chromium } from 'playwright-core';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';

const { CS_URL, WS } = process.env;
const OUT = process.env.OUT || path.resolve('docs/images');
const FAIL_DIR = process.env.FAIL_DIR || os.tmpdir();
const VIEWPORT = { width: 1400, height: 900 };
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-shots-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: VIEWPORT, deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = context.pages()[0] || await context.newPage();
if (process.env.SHOTS_DEBUG) {
  page.on('console', (m) => { if (m.type() === 'error' || /repl|evaluate/i.test(m.text())) log('[page]', m.type(), m.text().slice(0, 500)); });
  page.on('pageerror', (e) => log('[pageerror]', e.message));
}
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs a palette command. The palette lists only what is registered when it opens, so retry until the row shows up;
 *  click the row (Enter could hit a stale "recently used" row). prefix '' turns the palette into Quick Open. */
async function palette(label, { prefix = '>', timeout = 60000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // Every step may fail once (focus in a webview swallows F1, the input is briefly not editable): retry it all.
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(prefix + label, { timeout: 5000 });
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp('^\\s*' + escapeRe(label)) }).first();
      await row.waitFor({ timeout: 3000 });
      await row.click();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
  }
}

/** Opens a workspace file by its relative path through Quick Open. */
async function openFile(rel) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(rel);
  const base = path.basename(rel), dir = path.dirname(rel);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base })
    .filter({ hasText: dir === '.' ? base : dir }).first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
  await page.locator('.tab.active', { hasText: base }).waitFor({ timeout: 15000 });
}

/** Types into the Debug Console's input and waits for `expect` to appear in the console. */
async function replCommand(text, expect) {
  await page.locator('.repl-input-wrapper .monaco-editor').click();
  await page.waitForFunction(() => !!document.activeElement?.closest('.repl-input-wrapper'), null, { timeout: 10000 });
  await page.waitForTimeout(300);
  await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press('Enter');
  await page.locator('.repl .monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 20000 });
}

/** The Variables view row of a scope or variable (its name is the row's first label). */
const variableRow = (name) => page.locator('.debug-variables .monaco-list-row')
  .filter({ has: page.locator('.monaco-tl-contents', { hasText: new RegExp('^\\s*' + escapeRe(name) + '(?!\\w)') }) }).first();
async function expandVariable(name) {
  const row = variableRow(name);
  await row.waitFor({ timeout: 15000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 10000 });
}
async function collapseVariable(name) {
  const row = variableRow(name);
  if ((await row.getAttribute('aria-expanded').catch(() => null)) === 'true') await row.click();
}

/** Moves the mouse out of the way (hovers and tooltips would otherwise linger in the picture). */
async function parkMouse() { await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height - 5); await page.waitForTimeout(300); }

async function shot(name, clip) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  log(`saved ${file} (${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
}

const scenes = [];
const scene = (name, fn) => scenes.push({ name, fn });

scene('workbench and extension ready', async () => {
  // Generous: on a loaded CI machine the first load of the workbench takes a while.
  await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}`, { waitUntil: 'domcontentloaded', timeout: 180000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'conf' }).first().waitFor({ timeout: 60000 });
  // The extension's commands show up in the palette once its host has registered it.
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  for (let i = 0; ; i++) {
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill('>Fiasco: Build Packages');
    try { await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fiasco: Build Packages' }).first().waitFor({ timeout: 3000 }); break; }
    catch (e) { if (i > 20) throw e; await page.keyboard.press('Escape'); await page.waitForTimeout(1000); await page.keyboard.press('F1'); }
  }
  await page.keyboard.press('Escape');
});

/** Collapses (expanded=false) or expands a pane of the side bar (Watch, Breakpoints, …) by its header. */
async function setPane(title, expanded) {
  const header = page.locator('.pane-header', { hasText: new RegExp('^\\s*' + escapeRe(title)) }).first();
  await header.waitFor({ timeout: 10000 });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
}

/** The sash (drag handle) of the given orientation nearest to the point (x, y). */
async function nearestSash(orientation, x, y) {
  const sashes = page.locator(`.monaco-sash.${orientation}`);
  let best, bestD = Infinity;
  for (let i = 0, n = await sashes.count(); i < n; i++) {
    const b = await sashes.nth(i).boundingBox();
    if (!b || b.width === 0 || b.height === 0) continue;
    const inside = orientation === 'vertical' ? (y >= b.y && y <= b.y + b.height) : (x >= b.x && x <= b.x + b.width);
    const d = orientation === 'vertical' ? Math.abs(b.x + b.width / 2 - x) : Math.abs(b.y + b.height / 2 - y);
    if (inside && d < bestD) { best = b; bestD = d; }
  }
  if (!best || bestD > 12) throw new Error(`no ${orientation} sash near ${x},${y}`);
  return { x: best.x + best.width / 2, y: best.y + best.height / 2 };
}
async function drag(from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForTimeout(300);
}

/** Drags the side bar's right edge so that it is `width` pixels wide (the default is too narrow for values). */
async function sideBarWidth(width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  const s = await nearestSash('vertical', box.x + box.width, box.y + box.height / 2);
  await drag({ x: s.x, y: box.y + box.height / 2 }, { x: box.x + width, y: box.y + box.height / 2 });
}

/** Starts debugging with F5 (no launch.json): the extension asks which entry of conf/modules.lst to boot. */
let debugSessionsRan = false;   // (the walkthrough's "Press F5" step is done then)
async function debugEntryWithF5(entry) {
  debugSessionsRan = true;
  await page.keyboard.press('F5');
  const pick = page.locator('.quick-input-widget', { hasText: 'boot which entry' });
  await pick.waitFor({ timeout: 60000 });
  const row = pick.locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp('^' + escapeRe(entry) + '$') }) }).first();
  await row.click();
  await page.locator('.monaco-editor .debug-top-stack-frame-line').first().waitFor({ state: 'attached', timeout: 60000 });
}

/** Whether a debug session is on: the Call Stack lists its frames (the debug tool bar is docked in the Run view). */
async function debugging() {
  await palette('View: Show Run and Debug');
  await page.waitForTimeout(300);
  return (await page.locator('.debug-call-stack .monaco-list-row').count()) > 0;
}
async function stopDebugging() {
  await palette('Debug: Stop');
  await page.waitForFunction(() => document.querySelectorAll('.debug-call-stack .monaco-list-row').length === 0, null, { timeout: 20000 });
}

scene('debug-stopped-at-main.png', async () => {
  await openFile('pkg/hello/server/src/main.c');
  await page.locator('.editor-instance .monaco-editor').first().click();
  await debugEntryWithF5('hello');
  await page.locator('.debug-call-stack .monaco-list-row', { hasText: 'main' }).first().waitFor({ timeout: 30000 });
  await sideBarWidth(560);
  await setPane('Watch', false);
  await setPane('Breakpoints', false);
  await variableRow('argc').waitFor({ timeout: 15000 });   // Locals, expanded by default
  await expandVariable('TCB');
  await variableRow('name').waitFor({ timeout: 15000 });
  await parkMouse();
  await shot('debug-stopped-at-main.png');
});

scene('status-bar.png', async () => {
  // Still stopped at main of hello: the status bar item says so, with threads, instructions and emulated time.
  const item = page.locator('.statusbar-item', { hasText: 'L4 stopped' }).first();
  await item.waitFor({ timeout: 20000 });
  const text = (await item.innerText()).replace(/\s+/g, ' ');
  if (!/\d+ threads? \(\d+ ready, \d+ blocked\) · [\d,]+ instr · [\d.]+ (µs|ms|s)/.test(text)) throw new Error(`status bar item reads "${text}"`);
  // Its click opens the actions: continue, the views.
  await item.click();
  const pick = page.locator('.quick-input-widget', { hasText: 'Fiasco system: stopped' });
  await pick.waitFor({ timeout: 10000 });
  await pick.locator('.quick-input-list .monaco-list-row', { hasText: 'Continue' }).first().waitFor({ timeout: 5000 });
  await page.waitForTimeout(300);
  const bar = await page.locator('.part.statusbar').boundingBox();
  const box = await pick.boundingBox();
  // The quick pick (top) and the status bar (bottom) in one picture: the window's full width, top to bottom.
  await shot('status-bar.png', { x: 0, y: 0, width: VIEWPORT.width, height: Math.round(bar.y + bar.height) });
  if (!box) throw new Error('the actions quick pick has no box');
  await page.keyboard.press('Escape');
});

scene('capabilities-view.png', async () => {
  await collapseVariable('TCB');
  await collapseVariable('Locals');
  await setPane('Call Stack', false);
  await expandVariable('Capabilities');
  await page.locator('.debug-variables .monaco-list-row', { hasText: 'Vlog' }).first().waitFor({ timeout: 15000 });
  await expandVariable('[5]');   // the log capability: what a slot holds, in detail
  await page.waitForTimeout(500);
  await parkMouse();
  const side = await page.locator('.part.sidebar').boundingBox();
  await shot('capabilities-view.png', { x: 0, y: 0, width: Math.round(side.x + side.width), height: VIEWPORT.height });
  await setPane('Call Stack', true);
  await collapseVariable('Capabilities');
  await expandVariable('Locals');
});

scene('debug-console-output.png', async () => {
  // Console commands first, while the console is still empty: once the guest has printed, VS Code files
  // everything that follows (typed commands included) under the task's output group, where code-server 4.139
  // does not show the commands. Then run to the end: the guest's lines appear under its task's group.
  await palette('Debug Console: Focus on Debug Console View');
  await replCommand('threads', 'hello:main');
  await replCommand('caps hello', 'Vlog');
  await palette('Debug: Continue');
  await page.locator('.repl .monaco-list-row', { hasText: 'started by moe' }).first().waitFor({ timeout: 30000 });
  await page.locator('.repl .monaco-list-row', { hasText: 'Hello World!' }).first().waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelectorAll('.debug-call-stack .monaco-list-row').length === 0, null, { timeout: 30000 });
  await palette('View: Toggle Maximized Panel');   // room for the whole conversation
  await page.locator('.repl .monaco-list-row', { hasText: 'hello:main' }).first().waitFor({ timeout: 10000 });
  await page.waitForTimeout(500);
  await parkMouse();
  // Only the panel, down to a little below the last line: the rest of the window is empty here.
  const panel = await page.locator('.part.panel').boundingBox();
  // The lowest row drawn (the list reuses its row elements: the last in the DOM need not be the lowest).
  const bottom = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.repl .monaco-list-row')].map((r) => r.getBoundingClientRect().bottom)));
  await shot('debug-console-output.png', { x: panel.x, y: panel.y, width: panel.width, height: Math.min(panel.height, bottom + 24 - panel.y) });
  await palette('View: Toggle Maximized Panel');
});

scene('debug-threads.png', async () => {
  // counter-race: stop in the worker function while both pthreads exist; the Call Stack lists the L4 threads.
  await palette('View: Close All Editors');
  await openFile('pkg/counter-race/server/src/main.c');
  await page.locator('.editor-instance .view-line', { hasText: /^\s*counter\s*=\s*counter\s*\+\s*1;/ }).first().click();
  await page.keyboard.press('F9');
  await page.locator('.editor-instance [class*="codicon-debug-breakpoint"]').first().waitFor({ state: 'attached', timeout: 10000 });
  await debugEntryWithF5('counter-race');
  await palette('Debug: Continue');
  await page.locator('.debug-call-stack .monaco-list-row', { hasText: 'worker' }).first().waitFor({ timeout: 60000 });
  await setPane('Breakpoints', false);
  await page.waitForTimeout(500);
  await parkMouse();
  await shot('debug-threads.png');
  await stopDebugging();
});

/** client-server with ipc-client stopped at its breakpoint after a call (the l4-types scene, and memory-view's retry). */
async function stopClientAfterCall() {
  await palette('View: Close All Editors');
  const source = 'pkg/ipc-client/server/src/main.c';
  // The line may be below what the editor shows (a short editor over an open panel): go to it first.
  const line = fs.readFileSync(path.join(WS, source), 'utf8').split('\n').findIndex((l) => l.includes('squared')) + 1;
  await openFile(source);
  await palette('Go to Line/Column...', { prefix: '>' }).catch(() => page.keyboard.press('Control+G'));
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-line', { hasText: /squared/ }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('F9');
  await page.locator('.editor-instance [class*="codicon-debug-breakpoint"]').first().waitFor({ state: 'attached', timeout: 10000 });
  await debugEntryWithF5('client-server');   // stops on entry in ipc-server first
  await palette('Debug: Continue');
  await variableRow('server').waitFor({ timeout: 60000 });   // the client at its breakpoint
  await setPane('Breakpoints', false);
}

scene('l4-types.png', async () => {
  // ipc-client stopped after a call: its locals are L4 types (a capability, a message tag), shown decoded.
  await stopClientAfterCall();
  await variableRow('tag').waitFor({ timeout: 15000 });
  await expandVariable('tag');
  await variableRow('proto').waitFor({ timeout: 15000 });
  await page.locator('.debug-variables .monaco-list-row', { hasText: /slot \d+ →/ }).first().waitFor({ timeout: 15000 });
  await parkMouse();
  const side = await page.locator('.part.sidebar').boundingBox();
  await shot('l4-types.png', { x: 0, y: 0, width: Math.round(side.x + side.width + 420), height: VIEWPORT.height });
});

scene('memory-view.png', async () => {
  // The Fiasco Memory view of the stopped client's task: regions on the left, the hex rows with their labels.
  // It gets the editor area to itself (its source editor closed, the panel hidden, a narrower side bar): beside
  // the source, under the Debug Console, its rows were cut off.
  if (!(await debugging())) await stopClientAfterCall();   // a second try starts from a clean workbench
  await palette('View: Close All Editors');
  await palette('Fiasco: Open Memory View');
  await palette('View: Join All Editor Groups');
  await palette('View: Hide Panel', { timeout: 5000 }).catch(() => undefined);   // (not offered when already hidden)
  await sideBarWidth(300);
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await view.locator('.region', { hasText: '.text' }).first().waitFor({ timeout: 30000 });
  await view.locator('.row .label', { hasText: '.text' }).first().waitFor({ state: 'attached', timeout: 30000 });
  // The UTCB of the client's main thread (l4re's thread has the first): MR0 holds the number just sent.
  await view.locator('.region', { hasText: 'UTCB of ipc-client:main' }).first().click();
  await view.locator('.row .label', { hasText: 'UTCB of ipc-client:main' }).first().waitFor({ state: 'attached', timeout: 15000 });
  await page.waitForTimeout(800);
  // Every row label is whole and inside the view (they used to run past its right edge).
  const clipped = await view.locator('#rows').evaluate((rows) => {
    const right = rows.getBoundingClientRect().right;
    return [...rows.querySelectorAll('.row .label')].filter((l) => l.textContent)
      .filter((l) => l.getBoundingClientRect().right > right + 0.5 || l.scrollWidth > l.clientWidth + 0.5)
      .map((l) => `${l.textContent} (right ${l.getBoundingClientRect().right.toFixed(0)} of ${right.toFixed(0)}, ${l.scrollWidth}/${l.clientWidth} px)`);
  });
  if (clipped.length) throw new Error(`memory rows cut their labels off: ${clipped.join('; ')}`);
  await parkMouse();
  await shot('memory-view.png');
  await sideBarWidth(560);
  await stopDebugging();
  // Take away l4-types' breakpoint (breakpoints outlive sessions): F9 on its line again.
  const source = 'pkg/ipc-client/server/src/main.c';
  const line = fs.readFileSync(path.join(WS, source), 'utf8').split('\n').findIndex((l) => l.includes('squared')) + 1;
  await palette('View: Close All Editors');   // one editor group again (the memory view opened beside)
  await openFile(source);
  await palette('Go to Line/Column...', { prefix: '>' }).catch(() => page.keyboard.press('Control+G'));
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-line', { hasText: /squared/ }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('F9');
  await page.locator('.editor-instance [class*="codicon-debug-breakpoint"]').first().waitFor({ state: 'detached', timeout: 10000 });
  await palette('View: Close All Editors');
});

/** The frame of the IPC sequence chart's webview (VS Code nests it in two iframes). */
async function chartFrame() {
  for (let i = 0; i < 150; i++) {
    for (const f of page.frames()) {
      if (await f.evaluate(() => typeof window.chartStats === 'function').catch(() => false)) return f;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the sequence chart webview did not load');
}

scene('ipc-sequence-chart.png', async () => {
  // client-server: stopped on entry, open the chart, run to the end; the chart fills live and keeps the run.
  // (A click on an arrow — reveal the sending line, travel there — needs the session: the DAP tests cover it.)
  await palette('View: Close All Editors');
  await openFile('pkg/ipc-client/server/src/main.c');
  await debugEntryWithF5('client-server');
  await setPane('Breakpoints', false);
  await setPane('Watch', false);
  await setPane('Variables', false);
  await palette('View: Close All Editors');   // the chart alone in the editor area
  // (The ⇄ button in the Call Stack's title shows only while the pointer is over the view: the palette is sure.)
  await palette('Fiasco: Show IPC Sequence Chart');
  const frame = await chartFrame();
  await palette('Debug: Continue');
  await page.waitForFunction(() => document.querySelectorAll('.debug-call-stack .monaco-list-row').length === 0, null, { timeout: 60000 });
  await frame.waitForFunction(() => window.chartStats().events > 20, null, { timeout: 30000 });
  // The boot of sigma0, moe and ned fills most of the trace: the client's own thread, with the partners it talks
  // to, one step per event (as the user guide suggests for a first look).
  await frame.locator('#filter-thread').selectOption({ label: 'ipc-client:main' });
  await frame.locator('#mode').selectOption('order');
  await frame.locator('#fit').click();
  await page.waitForTimeout(500);
  if (!(await frame.evaluate(() => window.chartPointOf('call')))) throw new Error('no call arrow drawn');
  await parkMouse();
  await shot('ipc-sequence-chart.png');
  await palette('View: Close All Editors');
});

scene('modules-lst-diagnostics.png', async () => {
  await palette('View: Close All Editors');
  await palette('View: Show Explorer');
  await openFile('conf/modules.lst');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  // Introduce a typo the way a user would: edit the unsaved buffer; the language server checks it as you type.
  await editor.locator('.view-line', { hasText: /^\s*module\s+hello\s*$/ }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('o');   // module helo
  // Scroll the entry to the top so the hover opens below the line instead of covering the entry.
  const box0 = await editor.boundingBox();
  await page.mouse.move(box0.x + box0.width / 2, box0.y + box0.height / 2);
  await page.mouse.wheel(0, 6 * 19);
  const squiggle = editor.locator('.squiggly-error');
  await squiggle.first().waitFor({ state: 'attached', timeout: 60000 });
  await palette('View: Focus Problems (Errors, Warnings, Infos)');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'helo' }).first().waitFor({ timeout: 30000 });
  const line = await editor.locator('.view-line', { hasText: /^\s*module\s+helo\s*$/ }).first().boundingBox();
  let box;
  for (let i = 0; i < await squiggle.count(); i++) {
    const b = await squiggle.nth(i).boundingBox();
    if (b && b.y + b.height / 2 >= line.y && b.y + b.height / 2 <= line.y + line.height) box = b;
  }
  if (!box) throw new Error('no squiggle on the "module helo" line');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('.monaco-hover', { hasText: 'helo' }).first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  await shot('modules-lst-diagnostics.png');
});

/** The pane of the side bar whose header reads `title`. */
const paneOf = (title) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp('^\\s*' + escapeRe(title)) }) }).first();

scene('kernel-objects-view.png', async () => {
  // The capabilities example stopped where main serves its gate: every object is made and mapped.
  await palette('View: Close All Editors');
  const source = 'pkg/capabilities/server/src/main.c';
  const line = fs.readFileSync(path.join(WS, source), 'utf8').split('\n').findIndex((l) => l.includes('tag = l4_ipc_wait(')) + 1;
  await openFile(source);
  await palette('Go to Line/Column...', { prefix: '>' }).catch(() => page.keyboard.press('Control+G'));
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-line', { hasText: /tag\s*=\s*l4_ipc_wait\(/ }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('F9');
  await page.locator('.editor-instance [class*="codicon-debug-breakpoint"]').first().waitFor({ state: 'attached', timeout: 10000 });
  await debugEntryWithF5('capabilities');
  await palette('Debug: Continue');
  await sideBarWidth(600);
  for (const p of ['Variables', 'Watch', 'Call Stack', 'Breakpoints', 'Capability Graph']) await setPane(p, false);
  await setPane('Kernel Objects', true);
  const tree = paneOf('Kernel Objects');
  const row = (text) => tree.locator('.monaco-list-row', { hasText: text }).first();
  await row(/^\s*guest/).waitFor({ timeout: 60000 });
  // The tasks are listed (sigma0 and moe too); open what the lecture is about: sandbox's and guest's capabilities,
  // the semaphore, the quota. (Not the 14 gates, moe's besides service: the rows below would leave the pane, and
  // the tree draws only the rows in view. The Capability Graph shows the gate's binding.)
  await row(/^\s*sandbox/).click();
  await row(/^\s*cap 5/).waitFor({ timeout: 10000 });
  await row(/^\s*guest/).click();
  await row('Semaphores').click();
  await row(/^\s*lock/).waitFor({ timeout: 10000 });
  await row('Factories').click();
  await row(/^\s*quota/).waitFor({ timeout: 10000 });
  await parkMouse();
  const side = await page.locator('.part.sidebar').boundingBox();
  await shot('kernel-objects-view.png', { x: 0, y: 0, width: Math.round(side.x + side.width), height: VIEWPORT.height });
});

scene('capability-graph.png', async () => {
  await setPane('Kernel Objects', false);
  await setPane('Capability Graph', true);
  await sideBarWidth(1150);
  // Webview views live in an overlay of the workbench, not inside their pane; this is the only webview open.
  const frame = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
  await frame.locator('.node.task', { hasText: 'guest' }).waitFor({ timeout: 60000 });
  // A capability picked: where it was mapped from, and what an unmap or a delete would take away.
  const edge = frame.locator('.edge.cap', { has: frame.locator('title', { hasText: 'slot 4: sandbox → service' }) }).first();
  await edge.locator('.hit').dispatchEvent('click');
  await frame.locator('.info-line.chain').waitFor({ timeout: 10000 });
  // The picked capability's edges whole (they run down to the gate, below the first screen): zoom out until they fit
  // under the tool bar and the details (which stay on top), then scroll them into the middle.
  const litEdges = () => frame.locator('body').evaluate(() => {
    const boxes = [...document.querySelectorAll('.edge.cap.lit .line')].map((p) => p.getBoundingClientRect());
    const head = document.getElementById('head').getBoundingClientRect();
    // (With room above and below for the task boxes the edges leave from the middle of.)
    const top = Math.min(...boxes.map((b) => b.top)) - 48, bottom = Math.max(...boxes.map((b) => b.bottom)) + 24;
    return { n: boxes.length, top, bottom, headBottom: head.bottom, height: window.innerHeight };
  });
  for (let i = 0; ; i++) {
    const e = await litEdges();
    if (e.n === 0) throw new Error('no highlighted capability edge');
    if (e.bottom - e.top <= e.height - e.headBottom - 24) break;
    if (i === 6) throw new Error(`the selected edges do not fit: ${JSON.stringify(e)}`);
    await frame.locator('#zoom-out').click();
    await page.waitForTimeout(300);
  }
  await frame.locator('body').evaluate(() => {
    const boxes = [...document.querySelectorAll('.edge.cap.lit .line')].map((p) => p.getBoundingClientRect());
    const head = document.getElementById('head').getBoundingClientRect();
    const top = Math.min(...boxes.map((b) => b.top)) - 48, bottom = Math.max(...boxes.map((b) => b.bottom)) + 24;
    window.scrollBy(0, (top + bottom) / 2 - (head.bottom + window.innerHeight) / 2);
  });
  await page.waitForTimeout(300);
  const e = await litEdges();
  if (e.top < e.headBottom || e.bottom > e.height) throw new Error(`the selected edges are not all in view: ${JSON.stringify(e)}`);
  if (await frame.locator('.info-line.chain').evaluate((l) => l.getBoundingClientRect().top < 0)) throw new Error('the selection\'s details scrolled away');
  await page.waitForTimeout(500);
  await parkMouse();
  const side = await page.locator('.part.sidebar').boundingBox();
  await shot('capability-graph.png', { x: 0, y: 0, width: Math.round(side.x + side.width), height: VIEWPORT.height });
  await sideBarWidth(560);
  await stopDebugging();
});

scene('walkthrough.png', async () => {
  await palette('View: Close All Editors');
  await openFile('conf/modules.lst');   // one of the steps, done before the walkthrough is open
  await palette('View: Close All Editors');
  // Room for the step's media next to the steps: no side bar (before opening: the open walkthrough keeps F1).
  await palette('View: Close Primary Side Bar');
  await palette('View: Hide Panel', { timeout: 5000 }).catch(() => undefined);   // room for all the steps and their ticks
  await palette('Welcome: Open Walkthrough...');
  const pick = page.locator('.quick-input-widget');
  await pick.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Fiasco Studio' }).first().click({ timeout: 20000 });
  const walk = page.locator('.gettingStartedContainer');
  await walk.locator('.getting-started-step', { hasText: 'Open or create a project' }).first().waitFor({ timeout: 20000 });
  for (const title of ['Build the packages', 'Open conf/modules.lst', 'Press F5 on an entry', 'Set the IPC breakpoint', 'See the stop on an IPC']) {
    await walk.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 5000 });
  }
  // Ticks (the checkbox's aria-checked): the steps done before the walkthrough was opened — the workspace has a
  // modules list, modules.lst was in an editor (this scene opens it if no scene did), and a Fiasco session ran
  // when a debugging scene did — tick once it is open (the extension announces them again: walkthrough-steps.ts).
  const tick = (id) => walk.locator(`.codicon[data-done-step-id$="#${id}"]`).first();
  const ticked = async (id) => (await tick(id).getAttribute('aria-checked', { timeout: 10000 }).catch(() => 'missing'));
  const states = async () => { const out = []; for (const id of ['openProject', 'build', 'openModulesList', 'debugEntry', 'ipcFilter', 'ipcStop']) out.push(`${id} ${await ticked(id)}`); return out.join(', '); };
  const expected = ['openProject', 'openModulesList', ...(debugSessionsRan ? ['debugEntry'] : [])];
  try {
    for (const id of expected) await walk.locator(`.codicon[data-done-step-id$="#${id}"][aria-checked="true"]`).first().waitFor({ state: 'attached', timeout: 15000 });
  } finally {
    log(`walkthrough steps (aria-checked): ${await states()}`);
  }
  await walk.locator('.getting-started-step', { hasText: 'Press F5 on an entry' }).first().click();
  await walk.locator('.getting-started-step', { hasText: 'it stops at main' }).first().waitFor({ timeout: 10000 });
  await parkMouse();
  await page.waitForTimeout(800);
  await shot('walkthrough.png');
  // A step done with the walkthrough open: its Build Packages button (the build runs on as a task).
  await walk.locator('.getting-started-step', { hasText: 'Build the packages' }).first().click();
  await walk.locator('.getting-started-step', { hasText: 'Build the packages' }).locator('.monaco-button, button', { hasText: 'Build Packages' }).first().click({ timeout: 10000 });
  try {
    await walk.locator('.codicon[data-done-step-id$="#build"][aria-checked="true"]').first().waitFor({ state: 'attached', timeout: 15000 });
  } finally {
    log(`walkthrough steps after Build Packages (aria-checked): ${await states()}`);
  }
});

let failed = 0, ran = 0;
// SHOTS_ONLY=<regex>: only the scenes it matches (after the first, which every scene needs).
const only = process.env.SHOTS_ONLY ? new RegExp(process.env.SHOTS_ONLY) : undefined;
const chosen = scenes.filter((x, i) => i === 0 || !only || only.test(x.name));
try {
  for (const s of chosen) {
    ran++;
    // A scene gets a second try from a clean workbench: a busy machine can miss a UI deadline once (a picker that
    // opens late); a scene that fails twice is a failure.
    let attempt = 0;
    for (;;) {
    try { await s.fn(); log(`ok - ${s.name}${attempt ? ' (second try)' : ''}`); break; }
    catch (e) {
      if (attempt++ === 0 && s !== chosen[0]) {
        log(`retry - ${s.name}: ${(e && e.message ? e.message : String(e)).split('\n')[0]}`);
        await page.keyboard.press('Escape').catch(() => undefined);
        if (await debugging().catch(() => false)) await stopDebugging().catch(() => undefined);
        await palette('Debug: Remove All Breakpoints').catch(() => undefined);   // the scene sets its own again (F9 toggles)
        await palette('View: Close All Editors').catch(() => undefined);
        continue;
      }
      failed++;
      log(`not ok - ${s.name}: ${e.stack || e}`);
      const f = path.join(FAIL_DIR, `${s.name.replace(/\.png$/, '')}-failed.png`);
      await page.screenshot({ path: f }).catch(() => undefined);
      log(`state at the failure: ${f}`);
      await page.keyboard.press('Escape').catch(() => undefined);
      if (await debugging().catch(() => false)) await stopDebugging().catch(() => undefined);
      break;
    }
    }
    if (failed && s === chosen[0]) break;   // nothing else can work without the workbench
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
log(`${ran - failed} scenes ok, ${failed} failed${ran < chosen.length ? `, ${chosen.length - ran} not run` : ''}`);
process.exit(failed ? 1 : 0);
