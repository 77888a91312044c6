// Instruction templates for the vector generator: one AT&T instruction each (assembled by gas), the
// EFLAGS bits whose value the architecture defines after it, and optional input constraints.
// `win` is a 64-byte memory window; ESP is never an operand (the harness owns the stack).

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
export const ALL = CF | PF | AF | ZF | SF | OF;

/** Input registers in order EAX ECX EDX EBX EBP ESI EDI (ESP is excluded). */
export type Regs = number[];
export const REG_NAMES = ['eax', 'ecx', 'edx', 'ebx', 'ebp', 'esi', 'edi'];

export interface Template {
  asm: string;
  /** Flags defined after the instruction (others are masked when comparing). */
  defined: number;
  /** Adjusts random inputs (e.g. avoids #DE, points ESI/EDI into the window). */
  fix?: (r: Regs, win: number, mem: Uint8Array) => void;
  /** Random inputs to generate (edge cases are mixed in). */
  count?: number;
}

const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const LOGIC = new Set(['or', 'and', 'xor']);
const SHIFTS = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar'];
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

function aluDefined(op: string): number {
  return LOGIC.has(op) ? ALL & ~AF : ALL;
}

/** Keeps the dividend below divisor·2^n so div/idiv cannot raise #DE (divisor in ECX/CL/CX). */
function fixDiv(bits: number, signed: boolean): (r: Regs) => void {
  return (r) => {
    const m = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    let d = (r[1] & m) >>> 0;
    if (d === 0) d = 1;
    r[1] = ((r[1] & ~m) | d) >>> 0;
    if (bits === 8) {
      // AX / CL: keep AH small relative to CL
      const ah = signed ? 0 : ((r[0] >>> 8) & 0xff) % d;
      r[0] = ((r[0] & 0xffff00ff) | (ah << 8)) >>> 0;
      if (signed) r[0] = ((r[0] & 0xffff0000) | (r[0] & 0x7f)) >>> 0;
    } else if (signed) {
      // sign-extend the low half of the dividend into the high half: quotient fits unless -2^(n-1)/-1
      const lo = bits === 16 ? r[0] & 0xffff : r[0];
      const neg = bits === 16 ? (lo & 0x8000) !== 0 : (lo & 0x80000000) !== 0;
      if (bits === 16) r[2] = ((r[2] & 0xffff0000) | (neg ? 0xffff : 0)) >>> 0;
      else r[2] = neg ? 0xffffffff : 0;
      const dv = bits === 16 ? d : d >>> 0;
      if (dv === m) r[0] = ((r[0] & ~0xffff) | 5) >>> 0; // avoid MIN / -1
    } else {
      if (bits === 16) r[2] = ((r[2] & 0xffff0000) | ((r[2] & 0xffff) % d)) >>> 0;
      else r[2] = (r[2] >>> 0) % d;
    }
  };
}

/** Makes the compared registers equal (whole or low byte) for a third of the inputs each. */
function equalSometimes(r: Regs): void {
  const pick = r[3] % 3;
  if (pick === 0) r[2] = r[1];
  else if (pick === 1) r[2] = ((r[2] & ~0xff) | (r[1] & 0xff)) >>> 0;
}

function strings(r: Regs, win: number): void {
  r[5] = win; // esi
  r[6] = win + 32; // edi
  r[1] = r[1] % 5; // ecx
}

export function templates(): Template[] {
  const t: Template[] = [];
  for (const op of ALU) {
    const def = aluDefined(op);
    for (const [sfx, a, b] of [['b', '%cl', '%dl'], ['b', '%ah', '%bh'], ['w', '%cx', '%si'], ['l', '%ecx', '%edi']]) {
      t.push({ asm: `${op}${sfx} ${a},${b}`, defined: def });
      t.push({ asm: `${op}${sfx} ${a},win+8`, defined: def });
      t.push({ asm: `${op}${sfx} win+4,${b}`, defined: def });
    }
    t.push({ asm: `${op}b $0x81,%al`, defined: def });
    t.push({ asm: `${op}w $0x8001,%ax`, defined: def });
    t.push({ asm: `${op}l $0x80000001,%eax`, defined: def });
    t.push({ asm: `${op}l $-3,%ebx`, defined: def });
    t.push({ asm: `${op}w $0x7f,%dx`, defined: def });
    t.push({ asm: `${op}l $0x12345678,win+12`, defined: def });
    t.push({ asm: `${op}b $0xfe,win+3`, defined: def });
  }
  for (const [sfx, r] of [['b', '%dh'], ['w', '%bp'], ['l', '%esi']]) {
    t.push({ asm: `inc${sfx} ${r}`, defined: ALL & ~CF });
    t.push({ asm: `dec${sfx} ${r}`, defined: ALL & ~CF });
    t.push({ asm: `neg${sfx} ${r}`, defined: ALL });
    t.push({ asm: `not${sfx} ${r}`, defined: 0 });
    t.push({ asm: `inc${sfx} win+16`, defined: ALL & ~CF });
    t.push({ asm: `neg${sfx} win+16`, defined: ALL });
    t.push({ asm: `test${sfx} ${r.replace('dh', 'cl').replace('bp', 'cx').replace('esi', 'ecx')},${r}`, defined: ALL & ~AF });
  }
  t.push({ asm: 'testl $0x80000001,win+20', defined: ALL & ~AF });
  // multiply and divide
  for (const [sfx, r, bits] of [['b', '%cl', 8], ['w', '%cx', 16], ['l', '%ecx', 32]] as Array<[string, string, number]>) {
    t.push({ asm: `mul${sfx} ${r}`, defined: CF | OF });
    t.push({ asm: `imul${sfx} ${r}`, defined: CF | OF });
    t.push({ asm: `div${sfx} ${r}`, defined: 0, fix: fixDiv(bits, false) });
    t.push({ asm: `idiv${sfx} ${r}`, defined: 0, fix: fixDiv(bits, true) });
  }
  t.push({ asm: 'imul %ecx,%edx', defined: CF | OF });
  t.push({ asm: 'imul %cx,%dx', defined: CF | OF });
  t.push({ asm: 'imul $0x12345,%ecx,%edx', defined: CF | OF });
  t.push({ asm: 'imul $-7,win+8,%edx', defined: CF | OF });
  t.push({ asm: 'imul $300,%cx,%bx', defined: CF | OF });
  // shifts and rotates: OF is defined only for 1-bit shifts, AF never
  for (const op of SHIFTS) {
    const carryOnly = op.startsWith('r');
    for (const [sfx, r] of [['b', '%dl'], ['w', '%dx'], ['l', '%edx']]) {
      const one = carryOnly ? CF | OF : ALL & ~AF;
      const many = carryOnly ? CF : ALL & ~AF & ~OF;
      t.push({ asm: `${op}${sfx} $1,${r}`, defined: one });
      t.push({ asm: `${op}${sfx} $5,${r}`, defined: many });
      t.push({ asm: `${op}${sfx} %cl,${r}`, defined: many & ~CF, fix: (x) => { x[1] = (x[1] & ~0xff) | ((x[1] & 0xff) % 40); } });
    }
    t.push({ asm: `${op}l $3,win+8`, defined: carryOnly ? CF : ALL & ~AF & ~OF });
  }
  for (const [sfx, a, b] of [['w', '%cx', '%dx'], ['l', '%ecx', '%edx']]) {
    for (const op of ['shld', 'shrd']) {
      t.push({ asm: `${op}${sfx} $7,${a},${b}`, defined: CF | PF | ZF | SF });
      t.push({ asm: `${op}${sfx} %cl,${a},${b}`, defined: PF | ZF | SF, fix: (x) => { x[1] = (x[1] & ~0xff) | (1 + ((x[1] & 0xff) % 15)); } });
    }
  }
  // bits
  for (const op of ['bt', 'bts', 'btr', 'btc']) {
    t.push({ asm: `${op}l %ecx,%edx`, defined: CF });
    t.push({ asm: `${op}w %cx,%dx`, defined: CF });
    t.push({ asm: `${op}l $13,%edx`, defined: CF });
    t.push({ asm: `${op}l $45,win+8`, defined: CF });
    t.push({ asm: `${op}l %ecx,win+16`, defined: CF, fix: (x) => { x[1] = (x[1] % 256) - 64; } });
  }
  t.push({ asm: 'bsfl %ecx,%edx', defined: ZF, fix: (x) => { if ((x[1] & 7) === 0) x[1] = 0; } });
  t.push({ asm: 'bsrl %ecx,%edx', defined: ZF });
  t.push({ asm: 'bsfw %cx,%dx', defined: ZF });
  t.push({ asm: 'bswap %esi', defined: ALL });
  // moves, exchanges, conversions
  t.push({ asm: 'movzbl %ch,%edx', defined: ALL }, { asm: 'movsbl %cl,%edx', defined: ALL }, { asm: 'movswl %cx,%edx', defined: ALL });
  t.push({ asm: 'movzwl win+6,%edx', defined: ALL }, { asm: 'movsbw win+1,%dx', defined: ALL });
  t.push({ asm: 'xchg %ecx,%edx', defined: ALL }, { asm: 'xchg %cl,%dh', defined: ALL }, { asm: 'xchg %edi,win+8', defined: ALL });
  t.push({ asm: 'xadd %ecx,%edx', defined: ALL }, { asm: 'xaddb %cl,win+2', defined: ALL });
  t.push({ asm: 'cmpxchg %ecx,%edx', defined: ALL, fix: (x) => { if (x[3] & 1) x[2] = x[0]; } });
  const put32 = (m: Uint8Array, at: number, v: number): void => { for (let k = 0; k < 4; k++) m[at + k] = (v >>> (8 * k)) & 0xff; };
  t.push({ asm: 'cmpxchgl %ecx,win+8', defined: ALL, fix: (x, _w, m) => { if (x[3] & 1) put32(m, 8, x[0]); } });
  t.push({ asm: 'cmpxchg8b win+16', defined: ZF, fix: (x, _w, m) => { if (x[3] & 1) { put32(m, 16, x[0]); put32(m, 20, x[2]); } } });
  t.push({ asm: 'lea 0x12(%ecx,%edx,4),%esi', defined: ALL }, { asm: 'lea -8(%ebp),%di', defined: ALL });
  t.push({ asm: 'cbtw', defined: ALL }, { asm: 'cwtl', defined: ALL }, { asm: 'cwtd', defined: ALL }, { asm: 'cltd', defined: ALL });
  t.push({ asm: 'daa', defined: CF | AF | SF | ZF | PF }, { asm: 'das', defined: CF | AF | SF | ZF | PF });
  t.push({ asm: 'aaa', defined: CF | AF }, { asm: 'aas', defined: CF | AF });
  t.push({ asm: 'aam $10', defined: SF | ZF | PF }, { asm: 'aad $10', defined: SF | ZF | PF });
  t.push({ asm: 'lahf', defined: ALL }, { asm: 'sahf', defined: ALL }, { asm: 'cmc', defined: ALL }, { asm: 'clc', defined: ALL }, { asm: 'stc', defined: ALL });
  t.push({ asm: '.byte 0xd6 # salc', defined: ALL });
  for (let cc = 0; cc < 16; cc++) {
    t.push({ asm: `set${CC[cc]} %dl`, defined: ALL, count: 6 });
    t.push({ asm: `cmov${CC[cc]}l %ecx,%edx`, defined: ALL, count: 6 });
  }
  // flag producer + consumer pairs (the compiled tier fuses these into one condition)
  for (const [op, a, b] of [['cmpl', '%ecx', '%edx'], ['testl', '%ecx', '%edx'], ['subl', '%ecx', '%edx'], ['andl', '%ecx', '%edx'],
    ['cmpb', '%cl', '%dl'], ['testb', '%cl', '%dl'], ['cmpw', '%cx', '%dx'], ['xorl', '%ecx', '%edx']]) {
    for (let cc = 0; cc < 16; cc++) t.push({ asm: `${op} ${a},${b}; set${CC[cc]} %al`, defined: ALL & ~AF, count: 6, fix: equalSometimes });
  }
  for (let cc = 0; cc < 16; cc++) t.push({ asm: `cmpl %ecx,%edx; cmov${CC[cc]}l %esi,%edi`, defined: ALL, count: 6, fix: equalSometimes });
  // strings (ESI/EDI point into the window, DF clear)
  for (const s of ['movsb', 'movsl', 'stosb', 'stosw', 'lodsl', 'cmpsb', 'scasl']) {
    const rep = s.startsWith('cmps') ? 'repz' : s.startsWith('scas') ? 'repnz' : 'rep';
    t.push({ asm: s, defined: ALL, fix: strings }, { asm: `${rep} ${s}`, defined: ALL, fix: strings });
  }
  // SSE/SSE2 (xmm0 and xmm1 carry random inputs; the window is 16-byte aligned)
  const sse = [
    'addps', 'addpd', 'addss', 'addsd', 'subps', 'subsd', 'mulps', 'mulsd', 'divps', 'divsd', 'minps', 'maxsd', 'minsd', 'maxps',
    'sqrtps', 'sqrtsd', 'sqrtss', 'andps', 'andnpd', 'orps', 'xorpd', 'unpcklps', 'unpckhpd', 'cvtps2pd', 'cvtpd2ps', 'cvtss2sd',
    'cvtsd2ss', 'cvtdq2ps', 'cvtps2dq', 'cvttps2dq', 'cvtdq2pd', 'cvttpd2dq', 'cvtpd2dq',
    'paddb', 'paddw', 'paddd', 'paddq', 'psubb', 'psubw', 'psubd', 'psubq', 'paddsb', 'paddsw', 'paddusb', 'paddusw',
    'psubsb', 'psubsw', 'psubusb', 'psubusw', 'pcmpeqb', 'pcmpeqw', 'pcmpeqd', 'pcmpgtb', 'pcmpgtw', 'pcmpgtd',
    'pand', 'pandn', 'por', 'pxor', 'pmullw', 'pmulhw', 'pmulhuw', 'pmuludq', 'pmaddwd', 'psadbw', 'pavgb', 'pavgw',
    'pminub', 'pmaxub', 'pminsw', 'pmaxsw', 'packsswb', 'packssdw', 'packuswb', 'punpcklbw', 'punpcklwd', 'punpckldq',
    'punpcklqdq', 'punpckhbw', 'punpckhwd', 'punpckhdq', 'punpckhqdq', 'psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq',
    'psraw', 'psrad', 'movaps', 'movdqa', 'movdqu', 'movq', 'movss', 'movsd', 'movhlps', 'movlhps',
  ];
  for (const m of sse) {
    const shift = /^ps(ll|rl|ra)/.test(m);
    t.push({ asm: `${m} %xmm1,%xmm0`, defined: ALL, count: shift ? 12 : 16 });
    if (m !== 'movhlps' && m !== 'movlhps') t.push({ asm: `${m} win+16,%xmm0`, defined: ALL, count: 6 });
  }
  for (const m of ['psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq', 'psraw', 'psrad']) {
    t.push({ asm: `${m} $3,%xmm0`, defined: ALL, count: 4 }, { asm: `${m} $33,%xmm0`, defined: ALL, count: 2 });
  }
  t.push({ asm: 'pslldq $5,%xmm0', defined: ALL, count: 4 }, { asm: 'psrldq $11,%xmm0', defined: ALL, count: 4 });
  for (const imm of [0x1b, 0xe4, 0x4e, 0x00]) {
    t.push({ asm: `pshufd $${imm},%xmm1,%xmm0`, defined: ALL, count: 3 }, { asm: `shufps $${imm},%xmm1,%xmm0`, defined: ALL, count: 3 });
    t.push({ asm: `pshuflw $${imm},%xmm1,%xmm0`, defined: ALL, count: 2 }, { asm: `pshufhw $${imm},%xmm1,%xmm0`, defined: ALL, count: 2 });
  }
  t.push({ asm: 'shufpd $1,%xmm1,%xmm0', defined: ALL, count: 4 }, { asm: 'shufpd $2,%xmm1,%xmm0', defined: ALL, count: 4 });
  for (let p = 0; p < 8; p++) {
    t.push({ asm: `cmpps $${p},%xmm1,%xmm0`, defined: ALL, count: 4 }, { asm: `cmpsd $${p},%xmm1,%xmm0`, defined: ALL, count: 4 });
  }
  for (const m of ['ucomiss', 'comiss', 'ucomisd', 'comisd']) t.push({ asm: `${m} %xmm1,%xmm0`, defined: ALL, count: 20 });
  for (const m of ['cvtsd2si', 'cvttsd2si', 'cvtss2si', 'cvttss2si']) t.push({ asm: `${m} %xmm1,%edx`, defined: ALL, count: 20 });
  t.push({ asm: 'cvtsi2sd %ecx,%xmm0', defined: ALL }, { asm: 'cvtsi2ss %ecx,%xmm0', defined: ALL });
  t.push({ asm: 'movd %ecx,%xmm0', defined: ALL }, { asm: 'movd %xmm1,%edx', defined: ALL }, { asm: 'movd %xmm1,win+4', defined: ALL });
  t.push({ asm: 'pmovmskb %xmm1,%edx', defined: ALL }, { asm: 'movmskps %xmm1,%edx', defined: ALL }, { asm: 'movmskpd %xmm1,%edx', defined: ALL });
  t.push({ asm: 'pextrw $5,%xmm1,%edx', defined: ALL }, { asm: 'pinsrw $3,%ecx,%xmm0', defined: ALL });
  t.push({ asm: 'movq %xmm1,win+24', defined: ALL }, { asm: 'movdqa %xmm1,win+32', defined: ALL }, { asm: 'movups %xmm1,win+4', defined: ALL });
  t.push({ asm: 'movlps win+8,%xmm0', defined: ALL }, { asm: 'movhpd win+8,%xmm0', defined: ALL }, { asm: 'movhps %xmm1,win+40', defined: ALL });
  return t;
}
