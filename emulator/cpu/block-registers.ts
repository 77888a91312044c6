// Registers held in JavaScript locals inside a compiled block. The templates of block-codegen.ts name the
// general registers as locals r0-r7; this tracks, while a block is generated instruction by instruction, which
// locals hold the register's current value (loaded) and which hold a value not yet written back to `c.r`
// (dirty). Loads are emitted before an instruction's first read; dirty locals are written back before every
// handler call (handlers use `c.r`), at every exit, and before every call of a Cpu memory method (which may
// fault), so the register state at a fault stays exact.

/** The register locals an inline template reads and writes (found by name: r0-r7 name nothing else there). */
export interface RegisterUse {
  reads: number;
  writes: number;
}

const REG_NAME = /\br([0-7])\b/g;
const CPU_MEMORY_CALL = /\bc\.(rd8|rd16|rd32|rdw|rd|wr8|wr16|wr32|wr)\(/g;
const REG_WRITE = /\br([0-7]) = (?!=)/g;

/** Bit masks of the registers `js` (an inline template) reads and writes. */
export function registerUse(js: string): RegisterUse {
  let all = 0, writes = 0;
  const count = new Array<number>(8).fill(0), written = new Array<number>(8).fill(0);
  for (const m of js.matchAll(REG_NAME)) count[+m[1]]++;
  for (const m of js.matchAll(REG_WRITE)) written[+m[1]]++;
  let reads = 0;
  for (let n = 0; n < 8; n++) {
    if (count[n] !== 0) all |= 1 << n;
    if (written[n] !== 0) writes |= 1 << n;
    // Any occurrence that is not the target of an assignment is a read; so is a write that may not happen (in
    // an `if`, or after something that can fault) unless the template is that one assignment.
    if (count[n] > written[n] || (written[n] !== 0 && !js.startsWith(`r${n} = `))) reads |= 1 << n;
  }
  return { reads: reads & all, writes };
}

/** State of the register locals at one point of the generated code (bit n = register n). */
export class RegisterLocals {
  loaded = 0;
  dirty = 0;

  /** Statements loading the registers of `mask` not loaded yet. */
  load(mask: number): string {
    const need = mask & ~this.loaded;
    this.loaded |= need;
    return statements(need, (n) => `r${n} = r[${n}];`);
  }

  /** After an instruction wrote the registers of `mask` (already loaded where it also read them). */
  wrote(mask: number): void {
    this.loaded |= mask;
    this.dirty |= mask;
  }

  /** Statements writing back the dirty locals (the state stays: for an exit path). */
  writeBack(): string {
    return statements(this.dirty, (n) => `r[${n}] = r${n};`);
  }

  /**
   * `js` with the dirty locals written back before each call of a Cpu memory method (they fault, and a fault must
   * see the exact registers; `extra`: more assignments to make first): `c.rd32(a)` becomes `(r[0] = r0,
   * c).rd32(a)`, which keeps `this`.
   */
  beforeCpuCalls(js: string, extra: string[] = []): string {
    if (this.dirty === 0 && extra.length === 0) return js;
    const wb = [...registersOf(this.dirty).map((n) => `r[${n}] = r${n}`), ...extra].join(', ');
    return js.replace(CPU_MEMORY_CALL, (_m, name: string) => `(${wb}, c).${name}(`);
  }

  /** Before a handler call: write back, and afterwards reload what is needed (the handler may change any). */
  sync(): string {
    const s = this.writeBack();
    this.dirty = 0;
    this.loaded = 0;
    return s;
  }
}

function statements(mask: number, one: (n: number) => string): string {
  let s = '';
  for (let n = 0; n < 8; n++) if ((mask & (1 << n)) !== 0) s += one(n) + ' ';
  return s;
}

/** Bit mask to the list of register numbers in it. */
export function registersOf(mask: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < 8; n++) if ((mask & (1 << n)) !== 0) out.push(n);
  return out;
}
