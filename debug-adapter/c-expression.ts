// A small C-like expression language for breakpoint conditions, exception-filter conditions, logpoint
// interpolation and the Debug Console: numbers, registers and variables (through an environment), casts to
// pointer types with `*` reads, the usual C operators and precedence. An identifier the environment does not
// know stays a bare name, so `dest == srv` or `proto == LOG` compare against the names of the value on the other
// side (a thread, a gate, a protocol).

export class ExpressionError extends Error {}

/** A number, possibly carrying the names it is known by (a thread: "srv:main", "main", "srv"). */
export interface NumberValue {
  kind: 'number';
  n: number;
  names?: string[];
  /** Set by a cast to `T*`: the size and signedness of what `*` reads. */
  pointee?: ScalarType;
}

export interface NameValue {
  kind: 'name';
  name: string;
}

export type ExpressionValue = NumberValue | NameValue;

export interface ScalarType {
  size: 1 | 2 | 4 | 8;
  signed: boolean;
}

export interface ExpressionEnvironment {
  /** A register, variable or event field; undefined when the name means nothing here. */
  identifier(name: string): ExpressionValue | undefined;
  /** `&name`: the address of a variable or symbol. */
  addressOf?(name: string): number | undefined;
  readMemory(address: number, size: number): Uint8Array | undefined;
}

const TYPES: Record<string, ScalarType> = {
  char: { size: 1, signed: true }, 'signed char': { size: 1, signed: true }, 'unsigned char': { size: 1, signed: false },
  short: { size: 2, signed: true }, 'unsigned short': { size: 2, signed: false }, int: { size: 4, signed: true },
  unsigned: { size: 4, signed: false }, 'unsigned int': { size: 4, signed: false }, long: { size: 4, signed: true },
  'unsigned long': { size: 4, signed: false }, 'long long': { size: 8, signed: true }, 'unsigned long long': { size: 8, signed: false },
  int8_t: { size: 1, signed: true }, uint8_t: { size: 1, signed: false }, int16_t: { size: 2, signed: true },
  uint16_t: { size: 2, signed: false }, int32_t: { size: 4, signed: true }, uint32_t: { size: 4, signed: false },
  int64_t: { size: 8, signed: true }, uint64_t: { size: 8, signed: false }, l4_umword_t: { size: 4, signed: false },
  l4_mword_t: { size: 4, signed: true }, l4_addr_t: { size: 4, signed: false }, l4_cap_idx_t: { size: 4, signed: false },
  l4_uint32_t: { size: 4, signed: false }, void: { size: 4, signed: false },
};

export function scalarType(name: string): ScalarType | undefined {
  return TYPES[name.trim().replace(/\s+/g, ' ')];
}

type Token = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string } | { t: 'str'; v: string };

const OPERATORS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '(', ')', '?', ':'];

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(0x[0-9a-f]+|0b[01]+|\d+)[uUlL]*/i.exec(text.slice(i));
    if (num) {
      const s = num[1].toLowerCase();
      out.push({ t: 'num', v: s.startsWith('0b') ? parseInt(s.slice(2), 2) : Number(s) });
      i += num[0].length;
      continue;
    }
    const id = /^\$?[a-z_][\w.:]*/i.exec(text.slice(i));
    if (id) {
      // `task:thread` names may contain a colon; a trailing colon belongs to `?:`.
      let v = id[0];
      while (v.endsWith(':') || v.endsWith('.')) v = v.slice(0, -1);
      out.push({ t: 'id', v });
      i += v.length;
      continue;
    }
    if (c === "'") {
      const m = /^'(\\.|[^'\\])'/.exec(text.slice(i));
      if (!m) throw new ExpressionError(`bad character literal at column ${i + 1}`);
      const ch = m[1].startsWith('\\') ? ({ n: 10, t: 9, r: 13, '0': 0 } as Record<string, number>)[m[1][1]] ?? m[1].charCodeAt(1) : m[1].charCodeAt(0);
      out.push({ t: 'num', v: ch });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new ExpressionError('unterminated string');
      out.push({ t: 'str', v: text.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected "${c}" at column ${i + 1}`);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

function num(n: number, extra?: Partial<NumberValue>): NumberValue {
  return { kind: 'number', n, ...extra };
}

/** Parses and evaluates one expression. */
export function evaluateExpression(text: string, env: ExpressionEnvironment): ExpressionValue {
  const toks = tokenize(text);
  if (toks.length === 0) throw new ExpressionError('empty expression');
  let p = 0;
  const peek = (): Token | undefined => toks[p];
  const isOp = (v: string): boolean => peek()?.t === 'op' && peek()!.v === v;
  const expect = (v: string): void => {
    if (!isOp(v)) throw new ExpressionError(`expected "${v}"`);
    p++;
  };
  const numberOf = (v: ExpressionValue): number => {
    if (v.kind === 'number') return v.n;
    throw new ExpressionError(`"${v.name}" is not a register, variable or symbol here`);
  };
  const truth = (v: ExpressionValue): boolean => numberOf(v) !== 0;

  const castType = (): ScalarType & { pointer: boolean } | undefined => {
    // `(` already seen: is this a cast such as `(int*)` or `(unsigned char)`?
    const save = p;
    const words: string[] = [];
    while (peek()?.t === 'id') words.push((toks[p++] as { v: string }).v);
    let pointer = false;
    while (isOp('*')) { p++; pointer = true; }
    const type = words.length ? scalarType(words.join(' ')) : undefined;
    if (type && isOp(')')) {
      p++;
      return { ...type, pointer };
    }
    p = save;
    return undefined;
  };

  const read = (address: number, type: ScalarType): number => {
    const bytes = env.readMemory(address >>> 0, type.size);
    if (!bytes) throw new ExpressionError(`cannot read ${type.size} bytes at 0x${(address >>> 0).toString(16)}: not mapped`);
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    switch (type.size) {
      case 1: return type.signed ? v.getInt8(0) : v.getUint8(0);
      case 2: return type.signed ? v.getInt16(0, true) : v.getUint16(0, true);
      case 8: return Number(type.signed ? v.getBigInt64(0, true) : v.getBigUint64(0, true));
      default: return type.signed ? v.getInt32(0, true) : v.getUint32(0, true);
    }
  };

  const unary = (): ExpressionValue => {
    const tok = peek();
    if (!tok) throw new ExpressionError('unexpected end of expression');
    if (tok.t === 'op') {
      switch (tok.v) {
        case '-': p++; return num(-numberOf(unary()));
        case '+': p++; return num(numberOf(unary()));
        case '!': p++; return num(truth(unary()) ? 0 : 1);
        case '~': p++; return num(~numberOf(unary()) >>> 0);
        case '*': {
          p++;
          const v = unary();
          return num(read(numberOf(v), v.kind === 'number' && v.pointee ? v.pointee : { size: 4, signed: false }));
        }
        case '&': {
          p++;
          const id = peek();
          if (id?.t !== 'id') throw new ExpressionError('& needs a variable or symbol name');
          p++;
          const a = env.addressOf?.(id.v.replace(/^\$/, ''));
          if (a === undefined) throw new ExpressionError(`"${id.v}" has no address`);
          return num(a >>> 0);
        }
        case '(': {
          p++;
          const cast = castType();
          if (cast) {
            const v = numberOf(unary());
            if (cast.pointer) return num(v >>> 0, { pointee: { size: cast.size, signed: cast.signed } });
            return num(truncate(v, cast));
          }
          const v = conditional();
          expect(')');
          return v;
        }
      }
      throw new ExpressionError(`unexpected "${tok.v}"`);
    }
    p++;
    if (tok.t === 'num') return num(tok.v);
    if (tok.t === 'str') return { kind: 'name', name: tok.v };
    const v = env.identifier(tok.v) ?? env.identifier(tok.v.replace(/^\$/, ''));
    return v ?? { kind: 'name', name: tok.v.replace(/^\$/, '') };
  };

  const binary = (minPrec: number): ExpressionValue => {
    let left = unary();
    for (;;) {
      const tok = peek();
      const prec = tok?.t === 'op' ? BINARY[tok.v] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      p++;
      const op = (tok as { v: string }).v;
      if (op === '&&') { const r = binary(prec + 1); left = num(truth(left) && truth(r) ? 1 : 0); continue; }
      if (op === '||') { const r = binary(prec + 1); left = num(truth(left) || truth(r) ? 1 : 0); continue; }
      const right = binary(prec + 1);
      left = apply(op, left, right);
    }
  };

  const conditional = (): ExpressionValue => {
    const c = binary(1);
    if (!isOp('?')) return c;
    p++;
    const a = conditional();
    expect(':');
    const b = conditional();
    return truth(c) ? a : b;
  };

  const apply = (op: string, l: ExpressionValue, r: ExpressionValue): ExpressionValue => {
    if (op === '==' || op === '!=') {
      const eq = valuesEqual(l, r);
      return num(eq === (op === '==') ? 1 : 0);
    }
    const a = numberOf(l);
    const b = numberOf(r);
    switch (op) {
      case '+': return num(a + b, l.kind === 'number' && l.pointee ? { pointee: l.pointee } : undefined);
      case '-': return num(a - b);
      case '*': return num(a * b);
      case '/': if (b === 0) throw new ExpressionError('division by zero'); return num(Math.trunc(a / b));
      case '%': if (b === 0) throw new ExpressionError('division by zero'); return num(a % b);
      case '<<': return num((a << b) >>> 0);
      case '>>': return num(a >>> b);
      case '&': return num((a & b) >>> 0);
      case '|': return num((a | b) >>> 0);
      case '^': return num((a ^ b) >>> 0);
      case '<': return num(a < b ? 1 : 0);
      case '>': return num(a > b ? 1 : 0);
      case '<=': return num(a <= b ? 1 : 0);
      case '>=': return num(a >= b ? 1 : 0);
    }
    throw new ExpressionError(`unknown operator ${op}`);
  };

  const result = conditional();
  if (p < toks.length) throw new ExpressionError(`unexpected "${(toks[p] as { v: unknown }).v}" after the expression`);
  return result;
}

function truncate(v: number, t: ScalarType): number {
  if (t.size === 8) return v;
  const bits = t.size * 8;
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  let u = (v & mask) >>> 0;
  if (t.signed && u >= 2 ** (bits - 1)) u -= 2 ** bits;
  return u;
}

/** Does a name denote this value? Matches whole names and either half of `task:thread`. */
export function nameMatches(names: string[] | undefined, name: string): boolean {
  const n = name.toLowerCase();
  return (names ?? []).some((x) => {
    const s = x.toLowerCase();
    return s === n || s.split(':').includes(n) || s.replace(/^l4_proto_/, '') === n.replace(/^l4_proto_/, '');
  });
}

function valuesEqual(l: ExpressionValue, r: ExpressionValue): boolean {
  if (l.kind === 'name' && r.kind === 'name') return l.name === r.name;
  if (l.kind === 'name') return nameMatches((r as NumberValue).names, l.name);
  if (r.kind === 'name') return nameMatches(l.names, r.name);
  // Numbers compare as 32-bit words, so -13 equals 0xfffffff3 as the kernel sees it.
  return l.n === r.n || (l.n >>> 0) === (r.n >>> 0);
}

export function isTrue(v: ExpressionValue): boolean {
  if (v.kind === 'name') throw new ExpressionError(`"${v.name}" is not a register, variable or symbol here`);
  return v.n !== 0;
}

export function formatExpressionValue(v: ExpressionValue, hex: boolean): string {
  if (v.kind === 'name') return v.name;
  const n = v.n;
  const base = Number.isInteger(n) && n >= -0x80000000 && n <= 0xffffffff
    ? hex ? `0x${(n >>> 0).toString(16)}` : String(n)
    : String(n);
  return v.names && v.names.length ? `${base} (${v.names[0]})` : base;
}
