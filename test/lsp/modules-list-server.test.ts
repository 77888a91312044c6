// The language server as a process, driven through JSON-RPC like an editor would: diagnostics with their exact
// ranges, completion, hover, definition, outline, folding, rename, formatting and CodeLenses.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type {
  CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, MarkupContent, Range, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { HELLO_ELF, LspTestClient, makeWorkspace, uriOf, x8664Elf } from './lsp-test-client';

const LIST = [
  '# test list', //                        0
  'modaddr 0x01100000', //                 1
  '', //                                   2
  'group base', //                         3
  'module l4re', //                        4
  '', //                                   5
  'entry hello', //                        6
  'roottask moe --init=rom/hello', //      7
  'module-group base', //                  8
  'module hello', //                       9
  '', //                                   10
  'entry broken', //                       11
  'roottask moe --init=rom/missing', //    12
  'module l4re', //                        13
  'module nothere', //                     14
  'module bad64', //                       15
  'bin notes.txt', //                      16
  'modul typo', //                         17
  'module-group nogroup', //               18
  '', //                                   19
  'entry hello', //                        20
  'module hello', //                       21
  '', //                                   22
  'entry[no-defaults] nort', //            23
  'module hello', //                       24
  'modaddr 0xZZ', //                       25
  '',
].join('\n');

const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');
const labels = (items: CompletionItem[] | { items: CompletionItem[] }): string[] => (Array.isArray(items) ? items : items.items).map((i) => i.label);

describe('language server: modules.lst over LSP', function () {
  this.timeout(30000);
  let root: string;
  let list: string;
  let client: LspTestClient;

  before(async () => {
    root = makeWorkspace({
      'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin\nE = hello\n',
      'bin/hello': fs.readFileSync(HELLO_ELF),
      'bin/bad64': x8664Elf(),
      'bin/notes.txt': 'just text\n',
    });
    list = path.join(root, 'conf/modules.lst');
    fs.writeFileSync(list, LIST);
    client = await LspTestClient.start({ rootDir: root });
    await client.open(list, LIST);
  });
  after(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('diagnostics', () => {
    let diags: Diagnostic[];
    before(async () => {
      diags = await client.waitForDiagnostics(list, (d) => d.length > 0);
    });
    const find = (code: string): Diagnostic => {
      const d = diags.find((x) => x.code === code);
      assert.ok(d, `no diagnostic with code ${code}; got ${JSON.stringify(diags.map((x) => [x.code, x.message]))}`);
      return d;
    };

    it('reports nothing for the correct entry', () => {
      assert.deepStrictEqual(diags.filter((d) => d.range.start.line <= 10), []);
    });
    it('module not found on the search path, with the directories searched', () => {
      const d = find('module-not-found');
      assert.deepStrictEqual(d.range, range(14, 7, 14));
      assert.match(d.message, /module "nothere" not found/);
      assert.ok(d.message.includes(path.join(root, 'bin')), d.message);
      assert.strictEqual(d.severity, 1);
    });
    it('not an i386 ELF', () => {
      const d = find('not-i386-elf');
      assert.deepStrictEqual(d.range, range(15, 7, 12));
      assert.match(d.message, /x86-64/);
    });
    it('a program that is not an ELF file', () => {
      const d = find('not-elf');
      assert.deepStrictEqual(d.range, range(16, 4, 13));
    });
    it('--init=rom/X naming no module of the entry', () => {
      const d = find('unknown-rom');
      assert.deepStrictEqual(d.range, range(12, 20, 31));
      assert.match(d.message, /--init=rom\/missing names no module of entry "broken"/);
    });
    it('the parser\'s errors: invalid type, unknown group, duplicate entry, no roottask, malformed modaddr', () => {
      const unknown = find('unknown-keyword');
      assert.deepStrictEqual(unknown.range, range(17, 0, 5));
      assert.match(unknown.message, /invalid type "modul".*did you mean 'module'/);
      assert.deepStrictEqual(find('unknown-group').range, range(18, 13, 20));
      const dup = find('duplicate-entry');
      assert.deepStrictEqual(dup.range, range(20, 6, 11));
      assert.match(dup.message, /duplicate entry "hello"/);
      assert.strictEqual(find('no-roottask').range.start.line, 23);
      assert.deepStrictEqual(find('malformed-modaddr').range, range(25, 8, 12));
    });
    it('updates when the document changes', async () => {
      const fixed = LIST.replace('modul typo', 'module hello');
      await client.change(list, fixed);
      const after = await client.waitForDiagnostics(list, (d) => !d.some((x) => x.code === 'unknown-keyword'));
      assert.ok(after.some((x) => x.code === 'module-not-found'));
      await client.change(list, LIST);
      await client.waitForDiagnostics(list, (d) => d.some((x) => x.code === 'unknown-keyword'));
    });
  });

  describe('completion', () => {
    const complete = (line: number, character: number): Promise<CompletionItem[]> =>
      client.request('textDocument/completion', { textDocument: { uri: uriOf(list) }, position: { line, character } });

    it('offers keywords at the start of a line', async () => {
      const items = await complete(2, 0);
      for (const k of ['entry', 'module', 'roottask', 'module-group', 'modaddr']) assert.ok(labels(items).includes(k), k);
    });
    it('offers module files found on the search path and built-in modules after "module "', async () => {
      await client.change(list, LIST.replace('module nothere', 'module '));
      const names = labels(await complete(14, 7));
      for (const n of ['hello', 'bad64', 'notes.txt', 'l4re']) assert.ok(names.includes(n), `${n} in ${names.join(',')}`);
      await client.change(list, LIST);
    });
    it('offers options between brackets', async () => {
      await client.change(list, LIST.replace('module nothere', 'module['));
      const names = labels(await complete(14, 7));
      for (const n of ['glob', 'fname', 'nostrip', 'arch=']) assert.ok(names.includes(n), `${n} in ${names.join(',')}`);
      await client.change(list, LIST);
    });
    it('offers the entry\'s modules after rom/', async () => {
      const names = labels(await complete(7, 24));
      assert.deepStrictEqual(names.sort(), ['hello', 'l4re']);
    });
    it('offers group names after module-group', async () => {
      assert.deepStrictEqual(labels(await complete(8, 13)), ['base']);
    });
  });

  describe('hover', () => {
    const hover = (line: number, character: number): Promise<Hover | null> =>
      client.request('textDocument/hover', { textDocument: { uri: uriOf(list) }, position: { line, character } });

    it('explains a keyword', async () => {
      const h = await hover(7, 3);
      assert.match(hoverText(h), /roottask FILE/);
      assert.deepStrictEqual(h?.range, range(7, 0, 8));
    });
    it('shows a module\'s resolved path, size, ELF type and entry point', async () => {
      const text = hoverText(await hover(9, 9));
      assert.ok(text.includes(path.join(root, 'bin/hello')), text);
      assert.match(text, /ELF32 i386 executable/);
      assert.match(text, /Entry point: 0x[0-9a-f]{8}/);
      assert.match(text, new RegExp(`${fs.statSync(HELLO_ELF).size} bytes`));
    });
    it('says a built-in module needs no file', async () => {
      assert.match(hoverText(await hover(4, 8)), /Built in/);
    });
    it('shows which module a rom/ name refers to', async () => {
      assert.match(hoverText(await hover(7, 26)), /rom\/hello → modules\.lst:10/);
    });
  });

  describe('go to definition', () => {
    const definition = (line: number, character: number): Promise<Location[]> =>
      client.request('textDocument/definition', { textDocument: { uri: uriOf(list) }, position: { line, character } });

    it('module → its file', async () => {
      const locs = await definition(9, 8);
      assert.deepStrictEqual(locs.map((l) => l.uri), [uriOf(path.join(root, 'bin/hello'))]);
    });
    it('rom/X → the module line providing it', async () => {
      assert.deepStrictEqual(await definition(7, 25), [{ uri: uriOf(list), range: range(9, 7, 12) }]);
    });
    it('module-group NAME → the group definition', async () => {
      assert.deepStrictEqual(await definition(8, 15), [{ uri: uriOf(list), range: range(3, 6, 10) }]);
    });
  });

  it('lists entries and groups as document symbols, with their modules', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(list) } });
    assert.deepStrictEqual(symbols.map((s) => s.name), ['base', 'hello', 'broken', 'hello', 'nort']);
    const hello = symbols[1];
    assert.deepStrictEqual(hello.range, { start: { line: 6, character: 0 }, end: { line: 9, character: 12 } });
    assert.deepStrictEqual(hello.selectionRange, range(6, 6, 11));
    assert.deepStrictEqual(hello.children?.map((c) => c.name), ['moe', 'hello']);
  });

  it('folds each entry and group', async () => {
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uriOf(list) } });
    const spans = folds.map((f) => [f.startLine, f.endLine]);
    for (const s of [[3, 4], [6, 9], [11, 18], [20, 21], [23, 25]]) assert.ok(spans.some((x) => x[0] === s[0] && x[1] === s[1]), `${s} in ${JSON.stringify(spans)}`);
  });

  it('renames an entry, including E= in Makeconf.boot', async () => {
    const prep = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uriOf(list) }, position: { line: 6, character: 8 } });
    assert.deepStrictEqual(prep, { range: range(6, 6, 11), placeholder: 'hello' });
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(list) }, position: { line: 6, character: 8 }, newName: 'greeting' });
    assert.deepStrictEqual(edit.changes?.[uriOf(list)], [{ range: range(6, 6, 11), newText: 'greeting' }]);
    assert.deepStrictEqual(edit.changes?.[uriOf(path.join(root, 'conf/Makeconf.boot'))], [{ range: range(1, 4, 9), newText: 'greeting' }]);
  });

  it('renames a group with its uses', async () => {
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uriOf(list) }, position: { line: 8, character: 15 }, newName: 'core' });
    const edits = edit.changes?.[uriOf(list)] ?? [];
    assert.deepStrictEqual(edits.map((e) => e.range).sort((a, b) => a.start.line - b.start.line), [range(3, 6, 10), range(8, 13, 17)]);
  });

  it('refuses a rename to a name with spaces', async () => {
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: uriOf(list) }, position: { line: 6, character: 8 }, newName: 'two words' }), /not a valid name/);
  });

  it('puts Boot and Debug CodeLenses above each entry', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(list) } });
    const hello = lenses.filter((l) => l.range.start.line === 6);
    assert.deepStrictEqual(hello.map((l) => [l.command?.title, l.command?.command, l.command?.arguments]), [
      ['▶ Boot', 'fiasco.bootEntry', [list, 'hello']],
      ['Debug', 'fiasco.debugEntry', [list, 'hello']],
    ]);
    assert.strictEqual(lenses.length, 2 * 4);
  });

  describe('quick fixes', () => {
    const TYPOS = 'modaddr 0x01100000\n\nentry typo\nroottask moe --init=rom/hello\nmodul hello\nmodule[nostip] hello\nmodule-group nosuch\n';
    let file: string;
    let diags: Diagnostic[];
    before(async () => {
      file = path.join(root, 'conf/typos.modules.lst');
      await client.open(file, TYPOS);
      diags = await client.waitForDiagnostics(file, (d) => d.some((x) => x.code === 'unknown-keyword') && d.some((x) => x.code === 'unknown-option'));
    });
    const actionsFor = (code: string) => {
      const d = diags.find((x) => x.code === code)!;
      return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d] } });
    };

    it("offers \"Change to 'module'\" for an unknown keyword, replacing just the word", async () => {
      const [fix, ...rest] = await actionsFor('unknown-keyword');
      assert.strictEqual(rest.length, 0);
      assert.strictEqual(fix.title, "Change to 'module'");
      assert.strictEqual(fix.kind, 'quickfix');
      assert.strictEqual(fix.isPreferred, true);
      assert.deepStrictEqual(fix.edit?.changes?.[uriOf(file)], [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } }, newText: 'module' }]);
    });

    it('offers the closest option for an unknown option', async () => {
      const [fix] = await actionsFor('unknown-option');
      assert.strictEqual(fix.title, "Change to 'nostrip'");
      assert.deepStrictEqual(fix.edit?.changes?.[uriOf(file)], [{ range: { start: { line: 5, character: 7 }, end: { line: 5, character: 13 } }, newText: 'nostrip' }]);
    });

    it('offers nothing for a diagnostic without a likely intended word', async () => {
      const d = diags.find((x) => x.data === undefined);
      assert.ok(d, 'a diagnostic without a suggestion');
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d] } });
      assert.deepStrictEqual(actions, []);
    });
  });

  it('formats a messy list', async () => {
    const messy = path.join(root, 'conf/messy.modules.lst');
    const text = '  modaddr   0x01100000   \n\n\n# the app\nentry  app\n   roottask moe  --init=rom/app # start it\nmodule[ nostrip , fname=app ]   app.bin\n# next one\nentry other\n\n\n';
    await client.open(messy, text);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: uriOf(messy) }, options: { tabSize: 4, insertSpaces: true } });
    assert.strictEqual(edits.length, 1);
    assert.strictEqual(edits[0].newText, 'modaddr 0x01100000\n\n# the app\nentry app\nroottask moe  --init=rom/app # start it\nmodule[nostrip,fname=app] app.bin\n\n# next one\nentry other\n');
    assert.deepStrictEqual(edits[0].range, { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } });
    const again = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: uriOf(messy) }, options: { tabSize: 4, insertSpaces: true } });
    assert.strictEqual(again.length, 1);
    await client.change(messy, edits[0].newText);
    const stable = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: uriOf(messy) }, options: { tabSize: 4, insertSpaces: true } });
    assert.deepStrictEqual(stable, [], 'formatting is idempotent');
  });
});
