// Finding `rom/NAME` references (the names programs use to open boot modules) in moe command lines and in ned
// Lua scripts, with exact positions, so the language server can check, complete and link them.

/** One `rom/NAME` occurrence. Lines and columns are 1-based; endColumn is exclusive. */
export interface RomReference {
  /** The module name after `rom/`. */
  name: string;
  line: number;
  /** Column of the `r` of `rom/`. */
  column: number;
  /** Column of the first character of the name. */
  nameColumn: number;
  endColumn: number;
  /** True when written as `--init=rom/NAME`. */
  init: boolean;
}

// A ROM name ends at whitespace, a quote, or punctuation that cannot be part of a file name in these languages.
const ROM_REF = /(--init=)?\brom\/([^\s"'`,;()[\]{}]*)/g;

/** `rom/NAME` references in one piece of text that lies on one line, starting at `column` (1-based). */
export function romReferencesInText(text: string, line: number, column = 1): RomReference[] {
  const out: RomReference[] = [];
  for (const m of text.matchAll(ROM_REF)) {
    const start = (m.index ?? 0) + (m[1]?.length ?? 0);
    const name = m[2];
    // Lua strings may continue with a program argument ("rom/hello arg"); names never end with a dot or colon.
    const trimmed = name.replace(/[.:]+$/, '');
    out.push({ name: trimmed, line, column: column + start, nameColumn: column + start + 4, endColumn: column + start + 4 + trimmed.length, init: m[1] !== undefined });
  }
  return out;
}

/**
 * `rom/NAME` references inside the string literals of a Lua script (ned's `.cfg`/`.lua`). References in comments
 * are ignored. Handles "..." and '...' strings with escapes, [[...]] / [==[...]==] long strings, `--` line comments
 * and `--[[ ]]` block comments.
 */
export function romReferencesInLua(text: string): RomReference[] {
  const out: RomReference[] = [];
  const lines = text.split('\n');
  // A long bracket (string or comment) that is still open at the start of a line: its closing delimiter.
  let openLong: { close: string; isString: boolean } | undefined;
  for (let n = 0; n < lines.length; n++) {
    const s = lines[n];
    let i = 0;
    const scanString = (from: number, to: number): void => {
      out.push(...romReferencesInText(s.slice(from, to), n + 1, from + 1));
    };
    if (openLong) {
      const end = s.indexOf(openLong.close);
      const stop = end < 0 ? s.length : end;
      if (openLong.isString) scanString(0, stop);
      if (end < 0) continue;
      i = end + openLong.close.length;
      openLong = undefined;
    }
    while (i < s.length) {
      const c = s[i];
      if (c === '-' && s[i + 1] === '-') {
        const long = /^\[(=*)\[/.exec(s.slice(i + 2));
        if (!long) break; // line comment
        const close = `]${long[1]}]`;
        const from = i + 2 + long[0].length;
        const end = s.indexOf(close, from);
        if (end < 0) { openLong = { close, isString: false }; break; }
        i = end + close.length;
        continue;
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
        scanString(i + 1, Math.min(j, s.length));
        i = j + 1;
        continue;
      }
      if (c === '[') {
        const long = /^\[(=*)\[/.exec(s.slice(i));
        if (long) {
          const close = `]${long[1]}]`;
          const from = i + long[0].length;
          const end = s.indexOf(close, from);
          scanString(from, end < 0 ? s.length : end);
          if (end < 0) { openLong = { close, isString: true }; break; }
          i = end + close.length;
          continue;
        }
      }
      i++;
    }
  }
  return out;
}
