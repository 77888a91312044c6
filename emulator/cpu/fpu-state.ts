/**
 * x87 register file. Values are held as JavaScript doubles (64-bit precision rather than the 80-bit
 * extended format); `tag` marks empty slots. st(i) is `st[(top + i) & 7]`.
 */
export class Fpu {
  readonly st = new Float64Array(8);
  /** 1 = empty, 0 = valid (a simplification of the 2-bit tag word). */
  readonly empty = new Uint8Array(8).fill(1);
  top = 0;
  /** Control word: all exceptions masked, 64-bit precision, round to nearest. */
  cw = 0x037f;
  /** Status word bits other than TOP (condition codes C0-C3 and exception flags). */
  sw = 0;

  reset(): void {
    this.st.fill(0);
    this.empty.fill(1);
    this.top = 0;
    this.cw = 0x037f;
    this.sw = 0;
  }

  /** The full status word, with TOP in bits 11-13. */
  statusWord(): number {
    return (this.sw & ~0x3800) | ((this.top & 7) << 11);
  }
}
