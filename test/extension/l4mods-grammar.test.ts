import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileTextMateRegex, Grammar, grammarRegexes, LineTokenizer } from './textmate-line-tokenizer';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes', 'l4mods.tmLanguage.json'), 'utf8')) as Grammar;

/** Checks that every character of the first occurrence of `needle` (at or after `from`) in `line` has `scope`. */
function assertScope(line: string, needle: string, scope: string, from = 0): void {
  const at = line.indexOf(needle, from);
  assert.ok(at >= 0, `"${needle}" not in "${line}"`);
  const all = new LineTokenizer(grammar).scopeLine(line);
  for (let i = at; i < at + needle.length; i++) {
    assert.ok(all[i].includes(scope), `"${needle}" in "${line}" (char ${i - at}): expected ${scope}, got [${all[i].join(', ')}]`);
  }
}

describe('l4mods TextMate grammar', () => {
  it('is valid JSON with the scope name the package contributes', () => {
    assert.strictEqual(grammar.scopeName, 'source.l4mods');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'l4mods');
    assert.strictEqual(contributed.scopeName, grammar.scopeName);
    assert.ok(fs.existsSync(path.join(ROOT, contributed.path)));
  });

  it('every regex compiles (Oniguruma syntax limited to what JavaScript reads the same way)', () => {
    const regexes = grammarRegexes(grammar);
    assert.ok(regexes.length > 20, 'grammar has its regexes');
    for (const { where, source } of regexes) {
      assert.doesNotThrow(() => compileTextMateRegex(source), `${where}: ${source}`);
    }
  });

  it('every include names a repository rule', () => {
    const text = JSON.stringify(grammar);
    for (const m of text.matchAll(/"include":"#([^"]+)"/g)) assert.ok(grammar.repository[m[1]], `#${m[1]} is missing`);
  });

  it('rejects Oniguruma-only syntax in the checker itself', () => {
    assert.throws(() => compileTextMateRegex('\\Gfoo'));
    assert.throws(() => compileTextMateRegex('a(?i:b)'));
  });

  it('comments', () => {
    assertScope('# the lecture example', '# the lecture example', 'comment.line.number-sign.l4mods');
    assertScope('module hello   # our program', '# our program', 'comment.line.number-sign.l4mods');
    assertScope('entry hello # x', 'hello', 'entity.name.section.entry.l4mods');
  });

  it('entries and titles, case-insensitive', () => {
    assertScope('entry hello', 'entry', 'keyword.control.entry.l4mods');
    assertScope('entry hello', 'hello', 'entity.name.section.entry.l4mods');
    assertScope('ENTRY Hello', 'ENTRY', 'keyword.control.entry.l4mods');
    assertScope('title hello world', 'hello world', 'entity.name.section.entry.l4mods');
    assertScope('entry[no-defaults] bare', 'no-defaults', 'entity.other.attribute-name.option.l4mods');
    assertScope('entry[no-defaults] bare', 'bare', 'entity.name.section.entry.l4mods');
  });

  it('modaddr with a hex number', () => {
    assertScope('modaddr 0x01100000', 'modaddr', 'keyword.other.modaddr.l4mods');
    assertScope('modaddr 0x01100000', '0x01100000', 'constant.numeric.hex.l4mods');
  });

  it('base modules and defaults with their file and arguments', () => {
    for (const kw of ['kernel', 'sigma0', 'roottask', 'bootstrap', 'default-kernel', 'default-sigma0', 'default-roottask', 'default-bootstrap']) {
      assertScope(`${kw} somefile`, kw, 'keyword.other.base-module.l4mods');
      assertScope(`${kw} somefile`, 'somefile', 'string.unquoted.module-path.l4mods');
    }
    assertScope('default-kernel fiasco -serial_esc', '-serial_esc', 'variable.parameter.option.l4mods');
  });

  it('moe --init=rom/NAME', () => {
    const line = 'roottask moe --init=rom/hello';
    assertScope(line, 'moe', 'string.unquoted.module-path.l4mods');
    assertScope(line, '--init', 'variable.parameter.option.l4mods');
    assertScope(line, '=', 'keyword.operator.assignment.l4mods');
    assertScope(line, 'rom', 'support.type.rom.l4mods', line.indexOf('='));
    assertScope(line, 'hello', 'entity.name.module.l4mods');
    assertScope('roottask moe --debug=all --l4re-dbg=all', 'all', 'string.unquoted.option-value.l4mods');
    assertScope('roottask moe rom/hello.cfg', 'hello.cfg', 'entity.name.module.l4mods');
    assertScope('roottask moe "rom/hello.cfg"', '"', 'string.quoted.double.l4mods');
  });

  it('module lines, their spellings and options', () => {
    for (const kw of ['module', 'bin', 'data', 'moe', 'initrd', 'module-glob', 'module-perl', 'module-shell', 'bin-nostrip', 'data-nostrip', 'MODULE']) {
      assertScope(`${kw} l4re`, kw, 'keyword.other.module.l4mods');
      assertScope(`${kw} l4re`, 'l4re', 'string.unquoted.module-path.l4mods');
    }
    const line = 'module[arch=x86,fname=hi,nostrip] hello arg1';
    assertScope(line, '[', 'punctuation.definition.options.begin.l4mods');
    assertScope(line, 'arch', 'entity.other.attribute-name.option.l4mods');
    assertScope(line, 'x86', 'string.unquoted.option-value.l4mods');
    assertScope(line, 'nostrip', 'entity.other.attribute-name.option.l4mods');
    assertScope(line, 'hello', 'string.unquoted.module-path.l4mods');
    assertScope('module[attr:cmd=x] a', 'attr:cmd', 'entity.other.attribute-name.option.l4mods');
    assertScope('module ${HOME}/x', '${HOME}', 'variable.other.environment.l4mods');
  });

  it('groups, include, searchpath, set', () => {
    assertScope('group base', 'group', 'keyword.control.group.l4mods');
    assertScope('group base', 'base', 'entity.name.section.group.l4mods');
    assertScope('module-group base extra', 'module-group', 'keyword.other.module-group.l4mods');
    assertScope('module-group base extra', 'extra', 'variable.other.group.l4mods');
    assertScope('include ${L4DIR}/conf/common.list', 'include', 'keyword.control.include.l4mods');
    assertScope('include ${L4DIR}/conf/common.list', '${L4DIR}', 'variable.other.environment.l4mods');
    assertScope('include ${L4DIR}/conf/common.list', '/conf/common.list', 'string.unquoted.path.l4mods');
    assertScope('searchpath bin', 'searchpath', 'keyword.other.searchpath.l4mods');
    assertScope('set mode linux', 'set', 'keyword.other.set.l4mods');
    assertScope('set mode linux', 'mode', 'variable.other.definition.l4mods');
    assertScope('set mode linux', 'linux', 'string.unquoted.value.l4mods');
  });

  it('marks an unknown keyword but not keywords that merely start like one', () => {
    assertScope('vbus foo', 'vbus', 'invalid.illegal.unknown-keyword.l4mods');
    assertScope('modules hello', 'modules', 'invalid.illegal.unknown-keyword.l4mods');
    assertScope('entryx hello', 'entryx', 'invalid.illegal.unknown-keyword.l4mods');
  });

  it('tokenizes the lecture example without illegal tokens', () => {
    const lines = ['modaddr 0x01100000', '', 'entry hello', 'roottask moe --init=rom/hello', 'module l4re', 'module hello'];
    const tok = new LineTokenizer(grammar);
    for (const l of lines) for (const s of tok.scopeLine(l)) assert.ok(!s.some((x) => x.startsWith('invalid')), l);
  });
});
