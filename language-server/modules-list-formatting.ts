// Formatting of a modules.lst. It only changes layout, never meaning: no indentation, one space between the
// keyword (with its options, written `[a,b=c]`) and the arguments, arguments kept exactly as written, one space
// before a trailing comment, no trailing blanks, one blank line before each entry/group (and its leading
// comments), runs of blank lines collapsed, one newline at the end. Lines with syntax errors are only trimmed.

import type { TextEdit } from 'vscode-languageserver';
import { tokenizeLine } from '../emulator/boot/modules-list-tokenizer';
import { keywordInfo } from '../emulator/boot/modules-list-keywords';

export function formatModulesListText(text: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const input = text.split(/\r?\n/);
  if (input.length > 0 && input[input.length - 1] === '') input.pop();

  const out: string[] = [];
  for (let n = 0; n < input.length; n++) {
    const raw = input[n];
    const t = tokenizeLine(raw, n + 1, '');
    let line: string;
    if (t.diagnostics.length > 0) line = raw.trimEnd();
    else if (!t.keyword) line = t.comment ? t.comment.text.trimEnd() : '';
    else {
      const opts = t.optionsRange ? `[${t.options.map((o) => (o.value !== undefined ? `${o.key}=${o.value}` : o.key)).join(',')}]` : '';
      const rest = t.rest ? ` ${t.rest.text}` : '';
      const comment = t.comment ? ` ${t.comment.text.trimEnd()}` : '';
      line = `${t.keyword.text}${opts}${rest}${comment}`;
    }

    const kind = t.keyword ? keywordInfo(t.keyword.text)?.kind : undefined;
    if (line === '') {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    if ((kind === 'entry' || kind === 'group') && out.length > 0) {
      // Keep the comment lines right above the block with it: the blank line goes above them.
      let i = out.length;
      while (i > 0 && out[i - 1].startsWith('#')) i--;
      if (i > 0 && out[i - 1] !== '') out.splice(i, 0, '');
    }
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.length ? out.join(eol) + eol : '';
}

export function formatModulesList(text: string): TextEdit[] {
  const formatted = formatModulesListText(text);
  if (formatted === text) return [];
  const lines = text.split('\n');
  return [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, newText: formatted }];
}
