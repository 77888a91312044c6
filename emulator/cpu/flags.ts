/** EFLAGS bits. */
export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, TF = 0x100, IF = 0x200, DF = 0x400, OF = 0x800;
export const NT = 0x4000, AC = 0x40000, ID = 0x200000;
/** The six arithmetic status flags, which may be held lazily. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;
/** Bits a ring-3 program may change (popf, setEflags); IF and IOPL stay as the kernel set them. NT is writable by
 * popf at any privilege level (SDM POPF: only IOPL, IF, VIP, VIF, VM and RF are protected). */
export const USER_FLAGS = ARITH_FLAGS | TF | DF | NT | AC | ID;

/** How the last flag-setting operation computed its result, for on-demand CF/OF/AF. */
export const enum FlagOp {
  ADD = 0,
  /** add with carry-in 1 */
  ADC = 1,
  SUB = 2,
  /** subtract with borrow-in 1 */
  SBB = 3,
  /** CF = OF = AF = 0 (or CF/OF held in the materialised flags) */
  LOGIC = 4,
}

/** PF value (0 or PF) for each low result byte: set when the number of one bits is even. */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let bits = 0;
  for (let b = i; b !== 0; b >>= 1) bits += b & 1;
  PARITY[i] = (bits & 1) === 0 ? PF : 0;
}
