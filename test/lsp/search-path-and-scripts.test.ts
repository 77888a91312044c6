// The server follows the disk (a module built or deleted in a search directory changes the diagnostics), checks
// rom/ names in ned scripts next to modules.lst, understands Makeconf.boot paths, and is served by `fiasco lsp`.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { HELLO_ELF, LspTestClient, REPO_ROOT, makeWorkspace, uriOf } from './lsp-test-client';
import { requireCapability } from '../support/require-tool';

const notFound = (file: string) => (d: Array<{ code?: string | number; message: string }>): boolean =>
  d.some((x) => x.code === 'module-not-found' && x.message.includes(`"${file}"`));

describe('language server: search path watch, ned scripts, Makeconf.boot', function () {
  this.timeout(30000);
  let root: string;
  let client: LspTestClient;

  beforeEach(() => {
    root = makeWorkspace({ 'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin:build/extra\n' });
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('updates diagnostics when a module is built or deleted in a search directory', async () => {
    fs.mkdirSync(path.join(root, 'bin'));
    const list = path.join(root, 'conf/modules.lst');
    const text = 'entry app\nroottask moe --init=rom/app\nmodule app\n';
    fs.writeFileSync(list, text);
    client = await LspTestClient.start();
    await client.open(list, text);
    await client.waitForDiagnostics(list, notFound('app'));
    await client.waitForLog(/watching .*\/bin/);

    fs.copyFileSync(HELLO_ELF, path.join(root, 'bin/app'));
    assert.deepStrictEqual(await client.waitForDiagnostics(list, (d) => d.length === 0), []);

    fs.rmSync(path.join(root, 'bin/app'));
    await client.waitForDiagnostics(list, notFound('app'));
  });

  it('notices a search directory that is created after the list was opened', async () => {
    const list = path.join(root, 'conf/modules.lst');
    const text = 'entry app\nroottask moe --init=rom/app\nmodule app\n';
    fs.writeFileSync(list, text);
    client = await LspTestClient.start();
    await client.open(list, text);
    await client.waitForDiagnostics(list, notFound('app'));

    await client.waitForLog(/watching /);
    fs.mkdirSync(path.join(root, 'build/extra'), { recursive: true });
    // The watcher moves from the parent to the new directory; then "build" the module.
    await client.waitForLog(/watching .*build\/extra/);
    fs.copyFileSync(HELLO_ELF, path.join(root, 'build/extra/app'));
    assert.deepStrictEqual(await client.waitForDiagnostics(list, (d) => d.length === 0), []);
  });

  it('reports rom/ names in a ned script that no module of the entries loading it provides', async () => {
    fs.mkdirSync(path.join(root, 'bin'));
    fs.copyFileSync(HELLO_ELF, path.join(root, 'bin/hello'));
    const list = path.join(root, 'conf/modules.lst');
    fs.writeFileSync(list, 'entry ned\nmoe hello.cfg\nmodule l4re\nmodule ned\nmodule hello\n');
    const script = path.join(root, 'conf/hello.cfg');
    const lua = [
      'local L4 = require("L4")',
      '-- rom/commented is not checked',
      'L4.default_loader:start({ log = { "hello", "g" } }, "rom/hello --verbose")',
      "L4.default_loader:start({}, 'rom/nope')",
      '',
    ].join('\n');
    fs.writeFileSync(script, lua);
    client = await LspTestClient.start();
    await client.open(script, lua, 'lua');
    const diags = await client.waitForDiagnostics(script, (d) => d.length > 0);
    assert.strictEqual(diags.length, 1, JSON.stringify(diags));
    assert.deepStrictEqual(diags[0].range, { start: { line: 3, character: 29 }, end: { line: 3, character: 37 } });
    assert.match(diags[0].message, /rom\/nope: no module called "nope" in entry "ned"/);

    const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(script) }, position: { line: 2, character: 58 } });
    assert.deepStrictEqual(def, [{ uri: uriOf(list), range: { start: { line: 4, character: 7 }, end: { line: 4, character: 12 } } }]);

    // The list is opened and fixed in the editor: the script's diagnostics follow the unsaved text.
    await client.open(list, 'entry ned\nmoe hello.cfg\nmodule l4re\nmodule ned\nmodule hello\nmodule[fname=nope] hello\n');
    await client.waitForDiagnostics(script, (d) => d.length === 0);
  });

  it('hovers a Makeconf.boot search directory and jumps from $(VAR) to its assignment', async () => {
    fs.mkdirSync(path.join(root, 'bin'));
    fs.copyFileSync(HELLO_ELF, path.join(root, 'bin/hello'));
    const makeconf = path.join(root, 'conf/Makeconf.boot');
    const text = 'BIN = bin\nMODULE_SEARCH_PATH = $(BIN):build/extra\n';
    fs.writeFileSync(makeconf, text);
    client = await LspTestClient.start();
    await client.open(makeconf, text, 'makefile');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(makeconf) }, position: { line: 0, character: 7 } });
    const value = (hover.contents as MarkupContent).value;
    assert.ok(value.includes(`${path.join(root, 'bin')}\` (directory)`), value);
    assert.match(value, /1 file\(s\): hello/);
    const search = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(makeconf) }, position: { line: 1, character: 3 } });
    assert.ok((search.contents as MarkupContent).value.includes(`${path.join(root, 'build/extra')}\` (missing)`));
    const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(makeconf) }, position: { line: 1, character: 23 } });
    assert.deepStrictEqual(def, [{ uri: uriOf(makeconf), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } }]);
  });

  it('follows includes, reports a glob matching nothing, completes moe options and rom/ names in scripts', async () => {
    fs.mkdirSync(path.join(root, 'bin'));
    fs.copyFileSync(HELLO_ELF, path.join(root, 'bin/hello'));
    fs.writeFileSync(path.join(root, 'conf/common.list'), 'group base\nmodule l4re\n');
    const list = path.join(root, 'conf/modules.lst');
    const text = 'include common.list\nentry app\nroottask moe \nmodule-group base\nmodule hello\nmodule[glob] *.so\n';
    fs.writeFileSync(list, text);
    client = await LspTestClient.start();
    await client.open(list, text);
    const diags = await client.waitForDiagnostics(list, (d) => d.length > 0);
    assert.deepStrictEqual(diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['glob-no-match', 5, 13, 17]]);
    const def = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(list) }, position: { line: 0, character: 10 } });
    assert.deepStrictEqual(def.map((l) => l.uri), [uriOf(path.join(root, 'conf/common.list'))]);
    const groupDef = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(list) }, position: { line: 3, character: 14 } });
    assert.deepStrictEqual(groupDef, [{ uri: uriOf(path.join(root, 'conf/common.list')), range: { start: { line: 0, character: 6 }, end: { line: 0, character: 10 } } }]);
    const moe = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uriOf(list) }, position: { line: 2, character: 13 } });
    assert.ok(moe.some((i) => i.label === '--init=rom/'), JSON.stringify(moe.map((i) => i.label)));

    const script = path.join(root, 'conf/app.cfg');
    const lua = 'L4.default_loader:start({}, "rom/")\n';
    await client.open(script, lua, 'lua');
    const names = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: uriOf(script) }, position: { line: 0, character: 33 } });
    assert.deepStrictEqual(names.map((i) => i.label), ['hello', 'l4re']);
  });

  it('is served by the bundled CLI as `fiasco lsp --stdio`', async function () {
    const cli = path.join(REPO_ROOT, 'dist/cli.js');
    requireCapability(this, 'the bundled CLI dist/cli.js with the language server',
      fs.existsSync(cli) && fs.readFileSync(cli, 'utf8').includes('fiasco-modules-list') ? undefined : 'not built yet: npm test builds it (pretest)');
    const list = path.join(root, 'conf/modules.lst');
    const text = 'entry app\nmodule nothing-here\n';
    fs.writeFileSync(list, text);
    client = await LspTestClient.start({ command: [cli, 'lsp', '--stdio'] });
    await client.open(list, text);
    await client.waitForDiagnostics(list, notFound('nothing-here'));
  });
});
