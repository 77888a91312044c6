import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

interface CommandContribution { command: string; title: string; category?: string }

/** Every `registerCommand('id', ...)` in the extension's sources (extension/ and its folders, such as views/). */
function registeredCommandIds(): string[] {
  const ids: string[] = [];
  const dir = path.join(ROOT, 'extension');
  for (const f of (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    for (const m of text.matchAll(/export const \w+_COMMAND = '([^']+)'/g)) ids.push(m[1]);
  }
  return ids;
}

describe('package.json contributions', () => {
  it('the entry point is the webpack bundle of extension/extension.ts', () => {
    assert.strictEqual(pkg.main, './dist/extension.js');
    const webpack = fs.readFileSync(path.join(ROOT, 'webpack.config.js'), 'utf8');
    assert.match(webpack, /extension:\s*'\.\/extension\/extension\.ts'/);
  });

  it('every command has a title and a category, and is registered by the extension', () => {
    const registered = registeredCommandIds();
    assert.ok(contributes.commands.length >= 2);
    for (const c of contributes.commands as CommandContribution[]) {
      assert.ok(c.title && c.title.trim(), `${c.command} has no title`);
      assert.strictEqual(c.category, 'Fiasco', `${c.command} category`);
      assert.ok(registered.includes(c.command), `${c.command} is contributed but never registered`);
    }
    for (const id of registered) {
      assert.ok(contributes.commands.some((c: CommandContribution) => c.command === id), `${id} is registered but not contributed`);
    }
    const titles = contributes.commands.map((c: CommandContribution) => `${c.category}: ${c.title}`);
    assert.ok(titles.includes('Fiasco: Boot Entry…'));
    assert.ok(titles.includes('Fiasco: Build Packages'));
  });

  it('menus refer to contributed commands only', () => {
    const ids = new Set(contributes.commands.map((c: CommandContribution) => c.command));
    for (const items of Object.values(contributes.menus ?? {}) as Array<Array<{ command: string }>>) {
      for (const item of items) assert.ok(ids.has(item.command), item.command);
    }
  });

  it('the fiasco debugger has the launch attributes of the design', () => {
    const dbg = contributes.debuggers.find((d: { type: string }) => d.type === 'fiasco');
    assert.ok(dbg, 'debugger type fiasco');
    assert.strictEqual(dbg.label, 'Fiasco.OC (L4)');
    assert.deepStrictEqual(dbg.languages, ['c', 'l4mods']);
    const props = dbg.configurationAttributes.launch.properties;
    assert.strictEqual(props.modulesList.type, 'string');
    assert.strictEqual(props.modulesList.default, '${workspaceFolder}/conf/modules.lst');
    assert.strictEqual(props.entry.type, 'string');
    assert.strictEqual(props.searchPath.type, 'array');
    assert.strictEqual(props.searchPath.items.type, 'string');
    assert.strictEqual(props.stopOnEntry.type, 'boolean');
    assert.strictEqual(props.stopOnEntry.default, true);
    assert.strictEqual(props.breakOnIpc.type, 'boolean');
    assert.strictEqual(props.breakOnIpc.default, false);
    assert.strictEqual(props.trace.type, 'boolean');
    for (const [name, p] of Object.entries(props) as Array<[string, { description?: string }]>) assert.ok(p.description, `${name} has a description`);
    // initial configurations and snippets use only known attributes
    const known = new Set(['type', 'request', 'name', ...Object.keys(props)]);
    const bodies = [...dbg.initialConfigurations, ...dbg.configurationSnippets.map((s: { body: object }) => s.body)];
    assert.ok(dbg.initialConfigurations.length >= 1 && dbg.configurationSnippets.length >= 1);
    for (const b of bodies) {
      assert.strictEqual(b.type, 'fiasco');
      assert.strictEqual(b.request, 'launch');
      for (const k of Object.keys(b)) assert.ok(known.has(k), `unknown attribute ${k}`);
    }
  });

  it('breakpoints can be set in C', () => {
    assert.ok(contributes.breakpoints.some((b: { language: string }) => b.language === 'c'));
  });

  it('the l4mods language covers modules.lst, modules.list and *.modules.lst', () => {
    const lang = contributes.languages.find((l: { id: string }) => l.id === 'l4mods');
    assert.deepStrictEqual(lang.filenames.sort(), ['modules.list', 'modules.lst']);
    assert.ok(lang.filenamePatterns.includes('*.modules.lst'));
    const conf = JSON.parse(fs.readFileSync(path.join(ROOT, lang.configuration), 'utf8'));
    assert.strictEqual(conf.comments.lineComment, '#');
    assert.ok(conf.brackets.some((b: string[]) => b[0] === '[' && b[1] === ']'));
    assert.ok(conf.autoClosingPairs.some((p: { open: string }) => p.open === '['));
    const makeconf = contributes.languages.find((l: { filenames?: string[] }) => l.filenames?.includes('Makeconf.boot'));
    assert.ok(makeconf, 'Makeconf.boot has a language');
  });

  it('activation events cover the debugger, the language and workspaces with a modules list', () => {
    const ev: string[] = pkg.activationEvents;
    for (const e of ['onDebugResolve:fiasco', 'onDebugDynamicConfigurations:fiasco', 'onLanguage:l4mods', 'workspaceContains:**/modules.lst', 'workspaceContains:**/modules.list']) {
      assert.ok(ev.includes(e), e);
    }
  });

  it('the debug adapter setting offers inline and process', () => {
    const s = contributes.configuration.properties['fiasco.debugAdapter'];
    assert.deepStrictEqual(s.enum, ['inline', 'process']);
    assert.strictEqual(s.default, 'inline');
  });

  it('tasks the extension creates have a contributed task definition', () => {
    const def = contributes.taskDefinitions.find((d: { type: string }) => d.type === 'fiasco');
    assert.ok(def);
    assert.deepStrictEqual(def.properties.command.enum, ['run', 'build']);
  });

  it('packaging prerequisites: repository, license, icon, scripts', () => {
    assert.ok(pkg.repository?.url);
    assert.ok(fs.existsSync(path.join(ROOT, 'LICENSE')));
    assert.ok(fs.existsSync(path.join(ROOT, pkg.icon)), `icon ${pkg.icon}`);
    assert.match(pkg.scripts.package, /vsce package --no-dependencies/);
    assert.ok(pkg.scripts['test:e2e']);
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!dist\//m);
  });
});
