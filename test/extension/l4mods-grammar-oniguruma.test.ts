// The l4mods grammar tokenized by VS Code's own engine (vscode-textmate + Oniguruma),
// complementing l4mods-grammar.test.ts, which checks the same grammar with JavaScript regexes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GRAMMAR_FILE = path.join(ROOT, 'syntaxes', 'l4mods.tmLanguage.json');

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      scope === 'source.l4mods' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
  });
  const grammar = await registry.loadGrammar('source.l4mods');
  assert.ok(grammar, 'grammar loads');
  return grammar;
}

describe('l4mods grammar in vscode-textmate (Oniguruma)', () => {
  let grammar: textmate.IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  /** Tokenizes a whole document; returns per line the scopes of each token with its text. */
  function tokenize(lines: string[]): Array<Array<{ text: string; scopes: string[] }>> {
    let stack = textmate.INITIAL;
    return lines.map((line) => {
      const r = grammar.tokenizeLine(line, stack);
      stack = r.ruleStack;
      return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  }
  function scopeOf(line: string, text: string): string[] {
    const tok = tokenize([line])[0].find((t) => t.text === text);
    assert.ok(tok, `no token "${text}" in "${line}": ${JSON.stringify(tokenize([line])[0].map((t) => t.text))}`);
    return tok.scopes;
  }

  it('tokenizes the hello example', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'examples', 'hello', 'conf', 'modules.lst'), 'utf8').split('\n');
    const toks = tokenize(doc).flat();
    assert.ok(!toks.some((t) => t.scopes.some((s) => s.startsWith('invalid'))), 'no illegal tokens');
    assert.ok(toks.some((t) => t.text === 'hello-syscall' && t.scopes.includes('entity.name.section.entry.l4mods')));
    assert.ok(toks.some((t) => t.text === 'modaddr' && t.scopes.includes('keyword.other.modaddr.l4mods')));
  });

  it('gives keywords, names, options and rom references their scopes', () => {
    assert.ok(scopeOf('ENTRY hello', 'ENTRY').includes('keyword.control.entry.l4mods'));
    assert.ok(scopeOf('entry hello', 'hello').includes('entity.name.section.entry.l4mods'));
    assert.ok(scopeOf('modaddr 0x01100000', '0x01100000').includes('constant.numeric.hex.l4mods'));
    assert.ok(scopeOf('roottask moe --init=rom/hello', 'roottask').includes('keyword.other.base-module.l4mods'));
    assert.ok(scopeOf('roottask moe --init=rom/hello', 'moe').includes('string.unquoted.module-path.l4mods'));
    assert.ok(scopeOf('roottask moe --init=rom/hello', '--init').includes('variable.parameter.option.l4mods'));
    assert.ok(scopeOf('roottask moe --init=rom/hello', 'hello').includes('entity.name.module.l4mods'));
    assert.ok(scopeOf('module[arch=x86,fname=hi] hello', 'fname').includes('entity.other.attribute-name.option.l4mods'));
    assert.ok(scopeOf('module-glob foo*', 'module-glob').includes('keyword.other.module.l4mods'));
    assert.ok(scopeOf('module hello # x', '#').includes('comment.line.number-sign.l4mods'));
    assert.ok(scopeOf('include ${L4DIR}/x.list', '${L4DIR}').includes('variable.other.environment.l4mods'));
    assert.ok(scopeOf('vbus x', 'vbus').includes('invalid.illegal.unknown-keyword.l4mods'));
  });

  it('does not leak a line rule into the next line', () => {
    const [, second] = tokenize(['entry hello', 'module l4re']);
    assert.ok(second.find((t) => t.text === 'module')?.scopes.includes('keyword.other.module.l4mods'));
    assert.ok(!second.some((t) => t.scopes.includes('meta.entry.l4mods')));
  });
});
