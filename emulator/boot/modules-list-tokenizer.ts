// Splits one modules.lst line into keyword, bracketed options, arguments and comment, with exact columns.

import type { BootDiagnostic } from './boot-errors';
import type { OptionNode, SourceRange, Token } from './modules-list-ast';

export interface TokenizedLine {
  comment?: Token;
  /** Undefined for blank and comment-only lines. */
  keyword?: Token;
  options: OptionNode[];
  optionsRange?: SourceRange;
  args: Token[];
  rest?: Token;
  diagnostics: BootDiagnostic[];
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';

/** `line` is 1-based; columns in the result are 1-based, end exclusive. */
export function tokenizeLine(text: string, line: number, file: string): TokenizedLine {
  const out: TokenizedLine = { options: [], args: [], diagnostics: [] };
  const tok = (start: number, end: number): Token => ({ file, line, column: start + 1, endColumn: end + 1, text: text.slice(start, end) });
  const syntax = (start: number, end: number, message: string): void => {
    out.diagnostics.push({ file, line, column: start + 1, endColumn: Math.max(end, start + 1) + 1, severity: 'error', message, code: 'syntax' });
  };

  // `#` starts a comment anywhere on the line (the real tool strips it before splitting).
  let end = text.indexOf('#');
  if (end >= 0) out.comment = tok(end, text.length);
  else end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  let i = 0;
  while (i < end && isSpace(text[i])) i++;
  if (i >= end) return out;

  const kwStart = i;
  while (i < end && !isSpace(text[i]) && text[i] !== '[') i++;
  out.keyword = tok(kwStart, i);

  if (i < end && text[i] === '[') {
    const open = i;
    const close = text.indexOf(']', open);
    const optEnd = close >= 0 && close < end ? close : end;
    if (optEnd === end) syntax(open, end, `missing ']' after the options of '${out.keyword.text}' — write ${out.keyword.text}[option,...]`);
    out.optionsRange = { file, line, column: open + 1, endColumn: (optEnd === end ? end : optEnd + 1) + 1 };
    parseOptions(text, open + 1, optEnd, tok, syntax, out.options);
    i = optEnd === end ? end : optEnd + 1;
    if (i < end && !isSpace(text[i])) {
      syntax(i, i + 1, `expected a space after ']' — options are written keyword[option,...] followed by the arguments`);
      // Keep going: what follows is still treated as arguments.
    }
  }

  while (i < end && isSpace(text[i])) i++;
  if (i < end) {
    out.rest = tok(i, end);
    while (i < end) {
      const s = i;
      while (i < end && !isSpace(text[i])) i++;
      out.args.push(tok(s, i));
      while (i < end && isSpace(text[i])) i++;
    }
  }
  return out;
}

function parseOptions(
  text: string, from: number, to: number,
  tok: (s: number, e: number) => Token,
  syntax: (s: number, e: number, m: string) => void,
  into: OptionNode[],
): void {
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && text[i] !== ',') continue;
    let s = start;
    let e = i;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (s === e) {
      syntax(Math.max(start - 1, 0), i, 'empty option between brackets or commas — remove the extra comma');
    } else {
      const token = tok(s, e);
      const eq = text.indexOf('=', s);
      const node: OptionNode = { token, key: token.text, keyRange: token };
      if (eq >= 0 && eq < e) {
        const k = tok(s, eq);
        node.key = k.text.trim();
        node.keyRange = k;
        const v = tok(eq + 1, e);
        node.value = v.text.trim();
        node.valueRange = v;
      }
      into.push(node);
    }
    start = i + 1;
  }
}
