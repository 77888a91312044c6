// AT&T text for the MMX/SSE/SSE2 part of the 0F map, in objdump's spelling. The mandatory prefix
// (none, 66, F3, F2) picks the form; a consumed prefix is cleared so it is not printed as well.
// The disassembler has already read the ModRM operand and the immediate the opcode table describes.

/** What this file needs of the disassembler's cursor (an interface here, so neither file imports the other). */
export interface DisCursor {
  rep: number;
  opsize: number;
  reg: number;
  rm: number;
  memText: string;
  isMem(): boolean;
  fmt(mnemonic: string, ...ops: string[]): string;
}

const X = (n: number): string => `%xmm${n}`;
const MMR = (n: number): string => `%mm${n}`;
const R32 = ['%eax', '%ecx', '%edx', '%ebx', '%esp', '%ebp', '%esi', '%edi'];

const PACKED_INT: Record<number, string> = {
  0x60: 'punpcklbw', 0x61: 'punpcklwd', 0x62: 'punpckldq', 0x63: 'packsswb', 0x64: 'pcmpgtb', 0x65: 'pcmpgtw',
  0x66: 'pcmpgtd', 0x67: 'packuswb', 0x68: 'punpckhbw', 0x69: 'punpckhwd', 0x6a: 'punpckhdq', 0x6b: 'packssdw',
  0x6c: 'punpcklqdq', 0x6d: 'punpckhqdq',
  0x74: 'pcmpeqb', 0x75: 'pcmpeqw', 0x76: 'pcmpeqd',
  0xd1: 'psrlw', 0xd2: 'psrld', 0xd3: 'psrlq', 0xd4: 'paddq', 0xd5: 'pmullw', 0xd8: 'psubusb', 0xd9: 'psubusw',
  0xda: 'pminub', 0xdb: 'pand', 0xdc: 'paddusb', 0xdd: 'paddusw', 0xde: 'pmaxub', 0xdf: 'pandn',
  0xe0: 'pavgb', 0xe1: 'psraw', 0xe2: 'psrad', 0xe3: 'pavgw', 0xe4: 'pmulhuw', 0xe5: 'pmulhw', 0xe8: 'psubsb',
  0xe9: 'psubsw', 0xea: 'pminsw', 0xeb: 'por', 0xec: 'paddsb', 0xed: 'paddsw', 0xee: 'pmaxsw', 0xef: 'pxor',
  0xf1: 'psllw', 0xf2: 'pslld', 0xf3: 'psllq', 0xf4: 'pmuludq', 0xf5: 'pmaddwd', 0xf6: 'psadbw', 0xf8: 'psubb',
  0xf9: 'psubw', 0xfa: 'psubd', 0xfb: 'psubq', 0xfc: 'paddb', 0xfd: 'paddw', 0xfe: 'paddd',
};
const FLOAT_ARITH: Record<number, string> = {
  0x51: 'sqrt', 0x52: 'rsqrt', 0x53: 'rcp', 0x54: 'and', 0x55: 'andn', 0x56: 'or', 0x57: 'xor', 0x58: 'add',
  0x59: 'mul', 0x5c: 'sub', 0x5d: 'min', 0x5e: 'div', 0x5f: 'max',
};
const SFX = ['ps', 'pd', 'ss', 'sd'];
const CMP = ['eq', 'lt', 'le', 'unord', 'neq', 'nlt', 'nle', 'ord'];

/**
 * Text of a SIMD instruction whose 0F-map opcode is `b` (with its imm8 `value`, if it has one), or undefined if `b`
 * is not one. Throws on invalid forms.
 */
export function simdText(d: DisCursor, b: number, value: number, bad: () => never): string | undefined {
  const p = d.rep === 0xf3 ? 2 : d.rep === 0xf2 ? 3 : d.opsize === 2 ? 1 : 0;
  const fmt = d.fmt;
  const consume = (): void => {
    if (p >= 2) d.rep = 0;
    else if (p === 1) d.opsize = 4;
  };
  const imm = (): string => `$0x${value.toString(16)}`;
  const isInt = (b >= 0x60 && b <= 0x7f) || b >= 0xd0 || b === 0xc4 || b === 0xc5;
  if (isInt && b in PACKED_INT) {
    if (p > 1 || ((b === 0x6c || b === 0x6d) && p !== 1)) bad();
    consume();
    if (p === 1 || b === 0x6c || b === 0x6d) return fmt(PACKED_INT[b], d.isMem() ? d.memText : X(d.rm), X(d.reg));
    return fmt(PACKED_INT[b], d.isMem() ? d.memText : MMR(d.rm), MMR(d.reg));
  }
  const xe = (): string => (d.isMem() ? d.memText : X(d.rm));
  const me = (): string => (d.isMem() ? d.memText : MMR(d.rm));
  const re = (): string => (d.isMem() ? d.memText : R32[d.rm]);
  if (b in FLOAT_ARITH) {
    if (b >= 0x54 && b <= 0x57 && p > 1) bad();
    if ((b === 0x52 || b === 0x53) && (p === 1 || p === 3)) bad();
    consume();
    return fmt(FLOAT_ARITH[b] + SFX[p], xe(), X(d.reg));
  }
  const pick = (names: Array<string | undefined>): string => {
    const n = names[p];
    if (n === undefined) bad();
    consume();
    return n;
  };
  switch (b) {
    case 0x10: case 0x11: {
      const n = pick(['movups', 'movupd', 'movss', 'movsd']);
      return b === 0x10 ? fmt(n, xe(), X(d.reg)) : fmt(n, X(d.reg), xe());
    }
    case 0x12: case 0x16: {
      const hi = b === 0x16;
      if (!d.isMem()) {
        if (p !== 0) bad();
        return fmt(hi ? 'movlhps' : 'movhlps', X(d.rm), X(d.reg));
      }
      return fmt(pick(hi ? ['movhps', 'movhpd'] : ['movlps', 'movlpd']), d.memText, X(d.reg));
    }
    case 0x13: case 0x17:
      if (!d.isMem()) bad();
      return fmt(pick(b === 0x17 ? ['movhps', 'movhpd'] : ['movlps', 'movlpd']), X(d.reg), d.memText);
    case 0x14: return fmt(pick(['unpcklps', 'unpcklpd']), xe(), X(d.reg));
    case 0x15: return fmt(pick(['unpckhps', 'unpckhpd']), xe(), X(d.reg));
    case 0x28: return fmt(pick(['movaps', 'movapd']), xe(), X(d.reg));
    case 0x29: return fmt(pick(['movaps', 'movapd']), X(d.reg), xe());
    case 0x2b: if (!d.isMem()) bad(); return fmt(pick(['movntps', 'movntpd']), X(d.reg), d.memText);
    case 0x2a: {
      if (p >= 2) {
        const n = pick([undefined, undefined, 'cvtsi2ss', 'cvtsi2sd']);
        return fmt(n, re(), X(d.reg));
      }
      return fmt(pick(['cvtpi2ps', 'cvtpi2pd']), me(), X(d.reg));
    }
    case 0x2c: case 0x2d: {
      const t = b === 0x2c ? 'cvtt' : 'cvt';
      if (p >= 2) return fmt(pick([undefined, undefined, t + 'ss2si', t + 'sd2si']), xe(), R32[d.reg]);
      return fmt(pick([t + 'ps2pi', t + 'pd2pi']), xe(), MMR(d.reg));
    }
    case 0x2e: return fmt(pick(['ucomiss', 'ucomisd']), xe(), X(d.reg));
    case 0x2f: return fmt(pick(['comiss', 'comisd']), xe(), X(d.reg));
    case 0x50: if (d.isMem()) bad(); return fmt(pick(['movmskps', 'movmskpd']), X(d.rm), R32[d.reg]);
    case 0x5a: return fmt(pick(['cvtps2pd', 'cvtpd2ps', 'cvtss2sd', 'cvtsd2ss']), xe(), X(d.reg));
    case 0x5b: return fmt(pick(['cvtdq2ps', 'cvtps2dq', 'cvttps2dq']), xe(), X(d.reg));
    case 0x6e: {
      const n = pick(['movd', 'movd']);
      return fmt(n, re(), p === 1 ? X(d.reg) : MMR(d.reg));
    }
    case 0x6f: case 0x7f: {
      const n = pick(['movq', 'movdqa', 'movdqu']);
      const reg = p === 0 ? MMR(d.reg) : X(d.reg);
      const e = p === 0 ? me() : xe();
      return b === 0x6f ? fmt(n, e, reg) : fmt(n, reg, e);
    }
    case 0x70: {
      const n = pick(['pshufw', 'pshufd', 'pshufhw', 'pshuflw']);
      const i = imm();
      return p === 0 ? fmt(n, i, me(), MMR(d.reg)) : fmt(n, i, xe(), X(d.reg));
    }
    case 0x71: case 0x72: case 0x73: {
      if (d.isMem() || p > 1) bad();
      const names = b === 0x71 ? [, , 'psrlw', , 'psraw', , 'psllw'] : b === 0x72 ? [, , 'psrld', , 'psrad', , 'pslld']
        : [, , 'psrlq', p === 1 ? 'psrldq' : undefined, , , 'psllq', p === 1 ? 'pslldq' : undefined];
      const n = names[d.reg];
      if (n === undefined) bad();
      consume();
      return fmt(n, imm(), p === 1 ? X(d.rm) : MMR(d.rm));
    }
    case 0x77: if (p !== 0) bad(); return 'emms';
    case 0x7e: {
      if (p === 2) { consume(); return fmt('movq', xe(), X(d.reg)); }
      const n = pick(['movd', 'movd']);
      return fmt(n, p === 1 ? X(d.reg) : MMR(d.reg), re());
    }
    case 0xc2: {
      const n = pick(['ps', 'pd', 'ss', 'sd']);
      const e = xe();
      const i = value;
      return i < 8 ? fmt(`cmp${CMP[i]}${n}`, e, X(d.reg)) : fmt(`cmp${n}`, `$0x${i.toString(16)}`, e, X(d.reg));
    }
    case 0xc3: if (!d.isMem() || p !== 0) bad(); return fmt('movnti', R32[d.reg], d.memText);
    case 0xc4: {
      const n = pick(['pinsrw', 'pinsrw']);
      const i = imm();
      return fmt(n, i, re(), p === 1 ? X(d.reg) : MMR(d.reg));
    }
    case 0xc5: {
      if (d.isMem()) bad();
      const n = pick(['pextrw', 'pextrw']);
      const i = imm();
      return fmt(n, i, p === 1 ? X(d.rm) : MMR(d.rm), R32[d.reg]);
    }
    case 0xc6: {
      const n = pick(['shufps', 'shufpd']);
      const i = imm();
      return fmt(n, i, xe(), X(d.reg));
    }
    case 0xd6: {
      if (p === 1) { consume(); return fmt('movq', X(d.reg), xe()); }
      if (d.isMem()) bad();
      if (p === 2) { consume(); return fmt('movq2dq', MMR(d.rm), X(d.reg)); }
      if (p === 3) { consume(); return fmt('movdq2q', X(d.rm), MMR(d.reg)); }
      bad();
      break;
    }
    case 0xd7: {
      if (d.isMem()) bad();
      const n = pick(['pmovmskb', 'pmovmskb']);
      return fmt(n, p === 1 ? X(d.rm) : MMR(d.rm), R32[d.reg]);
    }
    case 0xe6: return fmt(pick([undefined, 'cvttpd2dq', 'cvtdq2pd', 'cvtpd2dq']), xe(), X(d.reg));
    case 0xe7: {
      if (!d.isMem()) bad();
      const n = pick(['movntq', 'movntdq']);
      return fmt(n, p === 1 ? X(d.reg) : MMR(d.reg), d.memText);
    }
    case 0xf7: {
      if (d.isMem()) bad();
      const n = pick(['maskmovq', 'maskmovdqu']);
      return p === 1 ? fmt(n, X(d.rm), X(d.reg)) : fmt(n, MMR(d.rm), MMR(d.reg));
    }
    default:
      return undefined;
  }
  return undefined;
}
