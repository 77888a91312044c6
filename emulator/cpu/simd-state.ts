/**
 * MMX and SSE register state. One byte buffer with typed views of every lane width: XMM k at byte 16k,
 * MM k at byte 128 + 8k, then scratch space for memory operands and intermediate results.
 * MMX registers are kept apart from the x87 stack (whose registers are doubles here); MMX instructions
 * still mark every x87 tag valid and set TOP to 0, and emms empties the tags, as on hardware.
 */
export class SimdState {
  readonly buf = new ArrayBuffer(288);
  readonly u8 = new Uint8Array(this.buf);
  readonly i8 = new Int8Array(this.buf);
  readonly u16 = new Uint16Array(this.buf);
  readonly i16 = new Int16Array(this.buf);
  readonly u32 = new Uint32Array(this.buf);
  readonly i32 = new Int32Array(this.buf);
  readonly f32 = new Float32Array(this.buf);
  readonly f64 = new Float64Array(this.buf);
  readonly u64 = new BigUint64Array(this.buf);
  readonly i64 = new BigInt64Array(this.buf);
  /** MXCSR: all exceptions masked, round to nearest. */
  mxcsr = 0x1f80;

  reset(): void {
    this.u8.fill(0);
    this.mxcsr = 0x1f80;
  }
}

/** Byte offsets in SimdState.buf. */
export const XMM = 0, MM = 128, TMP = 192, TMP2 = 224, TMP3 = 256;
