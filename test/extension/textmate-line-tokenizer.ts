// A small TextMate tokenizer for grammar tests: enough of the TextMate rules
// (match, begin/end, captures with nested patterns, includes) to check which
// scopes our grammar gives to each character. VS Code's own engine is exercised
// in l4mods-grammar-oniguruma.test.ts; this one additionally keeps the grammar
// to regex syntax that JavaScript and Oniguruma read the same way (a leading
// (?i) becomes the JS `i` flag), so other JS-based highlighters can use it.

export interface Capture { name?: string; patterns?: Rule[] }
export interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, Capture>;
  beginCaptures?: Record<string, Capture>;
  endCaptures?: Record<string, Capture>;
  patterns?: Rule[];
  include?: string;
}
export interface Grammar { scopeName: string; patterns: Rule[]; repository: Record<string, Rule> }

/** Oniguruma-only syntax we do not translate; finding it in a grammar is a test failure. */
const UNSUPPORTED = [/\\[GAzZhH]/, /\(\?[imx-]+\)/, /\(\?[imx-]+:/, /[*+?}]\+/, /\\p\{Alnum\}/];

/** Compiles a TextMate regex as JavaScript (sticky search via lastIndex, capture indices). */
export function compileTextMateRegex(source: string): RegExp {
  let flags = 'dgu';
  let body = source;
  if (body.startsWith('(?i)')) {
    flags += 'i';
    body = body.slice(4);
  }
  for (const bad of UNSUPPORTED) {
    if (bad.test(body)) throw new Error(`Oniguruma-only syntax ${bad} in ${source}`);
  }
  return new RegExp(body, flags);
}

/** Every regex string of the grammar with a path naming where it is. */
export function grammarRegexes(grammar: Grammar): Array<{ where: string; source: string }> {
  const out: Array<{ where: string; source: string }> = [];
  const walk = (rule: Rule, where: string): void => {
    for (const key of ['match', 'begin', 'end'] as const) {
      const s = rule[key];
      if (typeof s === 'string') out.push({ where: `${where}.${key}`, source: s });
    }
    (rule.patterns ?? []).forEach((p, i) => walk(p, `${where}.patterns[${i}]`));
    for (const key of ['captures', 'beginCaptures', 'endCaptures'] as const) {
      for (const [n, c] of Object.entries(rule[key] ?? {})) (c.patterns ?? []).forEach((p, i) => walk(p, `${where}.${key}[${n}].patterns[${i}]`));
    }
  };
  grammar.patterns.forEach((p, i) => walk(p, `patterns[${i}]`));
  for (const [name, rule] of Object.entries(grammar.repository)) walk(rule, `repository.${name}`);
  return out;
}

export class LineTokenizer {
  private readonly cache = new Map<string, RegExp>();
  private stack: Rule[] = [];

  constructor(private readonly grammar: Grammar) {}

  private regex(source: string): RegExp {
    let r = this.cache.get(source);
    if (!r) {
      r = compileTextMateRegex(source);
      this.cache.set(source, r);
    }
    return r;
  }

  /** Expands includes into the concrete match/begin rules, in order. */
  private expand(rules: readonly Rule[], seen = new Set<string>()): Rule[] {
    const out: Rule[] = [];
    for (const r of rules) {
      if (r.include) {
        if (seen.has(r.include)) continue;
        const next = new Set(seen).add(r.include);
        if (r.include === '$self' || r.include === '$base') out.push(...this.expand(this.grammar.patterns, next));
        else if (r.include.startsWith('#')) {
          const target = this.grammar.repository[r.include.slice(1)];
          if (!target) throw new Error(`unknown include ${r.include}`);
          out.push(...this.expand([target], next));
        } else throw new Error(`external include ${r.include} not supported`);
      } else if (r.match || r.begin) out.push(r);
      else if (r.patterns) out.push(...this.expand(r.patterns, seen));
    }
    return out;
  }

  /** Applies a match's name and captures onto the per-character scope lists. */
  private applyMatch(scopes: string[][], m: RegExpExecArray, offset: number, name: string | undefined, captures: Record<string, Capture> | undefined): void {
    const start = m.index;
    const end = start + m[0].length;
    if (name) for (let i = start; i < end; i++) scopes[offset + i].push(name);
    const indices = m.indices;
    if (!captures || !indices) return;
    for (let g = 0; g < indices.length; g++) {
      const cap = captures[String(g)];
      const range = indices[g];
      if (!cap || !range) continue;
      if (cap.name) for (let i = range[0]; i < range[1]; i++) scopes[offset + i].push(cap.name);
      if (cap.patterns) {
        const text = m.input.slice(range[0], range[1]);
        const inner = new LineTokenizer(this.grammar);
        const innerScopes = inner.scopeLine(text, cap.patterns);
        innerScopes.forEach((s, i) => scopes[offset + range[0] + i].push(...s));
      }
    }
  }

  /** Scopes (outermost first, without the grammar's root scope) of every character of `line`. */
  scopeLine(line: string, rootPatterns: Rule[] = this.grammar.patterns): string[][] {
    const scopes: string[][] = Array.from({ length: line.length }, () => []);
    const openNames = (): string[] => this.stack.filter((r) => r.name).map((r) => r.name as string);
    const fill = (from: number, to: number): void => {
      for (let i = from; i < to; i++) scopes[i].push(...openNames());
    };
    let pos = 0;
    for (let guard = 0; guard < 10000; guard++) {
      const top = this.stack[this.stack.length - 1];
      const candidates = this.expand(top ? (top.patterns ?? []) : rootPatterns);
      let best: { m: RegExpExecArray; rule: Rule | 'end' } | undefined;
      if (top?.end) {
        const re = this.regex(top.end);
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m) best = { m, rule: 'end' };
      }
      for (const rule of candidates) {
        const re = this.regex((rule.match ?? rule.begin) as string);
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m && m[0].length > 0 && (!best || m.index < best.m.index)) best = { m, rule };
      }
      if (!best) break;
      const { m, rule } = best;
      fill(pos, m.index);
      if (rule === 'end') {
        fill(m.index, m.index + m[0].length);
        this.applyMatch(scopes, m, 0, undefined, top?.endCaptures ?? top?.captures);
        this.stack.pop();
      } else {
        fill(m.index, m.index + m[0].length);
        if (rule.match) this.applyMatch(scopes, m, 0, rule.name, rule.captures);
        else {
          this.applyMatch(scopes, m, 0, rule.name, rule.beginCaptures ?? rule.captures);
          this.stack.push(rule);
        }
      }
      pos = m.index + m[0].length;
      if (pos > line.length) break;
    }
    fill(pos, line.length);
    return scopes;
  }
}
