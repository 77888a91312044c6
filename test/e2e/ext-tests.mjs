// Opens the workbench with extensionDevelopmentPath/extensionTestsPath (like @vscode/test-electron) in
// headless chromium, forwards the extension host's test output, and exits with the suite's status.
import { chromium } from 'playwright-core';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const { CS_URL, WS, EXT_DEV, EXT_TESTS } = process.env;
const host = new URL(CS_URL).host;
const payload = [['extensionDevelopmentPath', `vscode-remote://${host}${EXT_DEV}`],
                 ['extensionTestsPath', `vscode-remote://${host}${EXT_TESTS}`]];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const page = context.pages()[0];
// The extension host's console.log reaches the page console; show the suite's lines.
const show = new RegExp(process.env.EXT_LOG_FILTER || '^(env:|ok - |not ok|# |\\d+ passed)');
page.on('console', (m) => { const t = m.text().replace(/^%c\s*\w+ color: \S+\s*/, ''); if (show.test(t)) console.log('[ext-host]', t.slice(0, 4000)); });
let exited; const exitCode = new Promise((r) => { exited = r; });
await page.exposeFunction('codeAutomationExit', (code) => exited(code));   // the workbench calls this when the suite ends
const t0 = Date.now();
await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { timeout: 0, waitUntil: "commit" });
const code = await Promise.race([exitCode, new Promise((r) => setTimeout(() => r('timeout'), Number(process.env.EXT_TIMEOUT_MS || 180000)))]);
console.log(`extension host exited with ${code} after ${Date.now() - t0} ms`);
await context.close(); fs.rmSync(profile, { recursive: true, force: true });
process.exit(code === 0 ? 0 : 1);
