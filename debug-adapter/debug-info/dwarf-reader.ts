// A cursor over a DWARF section: fixed-size little-endian integers, LEB128, C strings.
// Values wider than 32 bits are returned as JS numbers (exact up to 2^53), which covers every offset in a 32-bit ELF.

export class DwarfFormatError extends Error {}

export class DwarfReader {
  private readonly view: DataView;
  pos: number;

  constructor(readonly bytes: Uint8Array, pos = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }

  get length(): number {
    return this.bytes.length;
  }

  atEnd(limit = this.bytes.length): boolean {
    return this.pos >= limit;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new DwarfFormatError(`read of ${n} bytes at offset 0x${this.pos.toString(16)} runs past the section end`);
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  s8(): number {
    this.need(1);
    return this.view.getInt8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  s32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(): number {
    const lo = this.u32();
    const hi = this.u32();
    return hi * 0x1_0000_0000 + lo;
  }

  /** An unsigned integer of `size` bytes (1, 2, 4 or 8). */
  unsigned(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 4: return this.u32();
      case 8: return this.u64();
      default: throw new DwarfFormatError(`unsupported integer size ${size}`);
    }
  }

  /** A section offset: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF. */
  offset(is64: boolean): number {
    return is64 ? this.u64() : this.u32();
  }

  uleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) return result;
    }
  }

  sleb(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= scale; // sign-extend from the last group's top bit
        return result;
      }
    }
  }

  cstring(): string {
    const start = this.pos;
    while (this.pos < this.bytes.length && this.bytes[this.pos] !== 0) this.pos++;
    if (this.pos >= this.bytes.length) throw new DwarfFormatError(`unterminated string at offset 0x${start.toString(16)}`);
    const s = Buffer.from(this.bytes.subarray(start, this.pos)).toString('utf8');
    this.pos++;
    return s;
  }

  bytesOf(n: number): Uint8Array {
    this.need(n);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** Reads an initial length field; returns the unit's end offset and whether it is 64-bit DWARF. */
  unitLength(): { end: number; is64: boolean } {
    const len = this.u32();
    if (len === 0xffffffff) {
      const len64 = this.u64();
      return { end: this.pos + len64, is64: true };
    }
    if (len >= 0xfffffff0) throw new DwarfFormatError(`reserved unit length 0x${len.toString(16)}`);
    return { end: this.pos + len, is64: false };
  }
}

/** Reads a NUL-terminated string at `offset` of a string section (.debug_str / .debug_line_str). */
export function stringAt(section: Uint8Array | undefined, offset: number, sectionName: string): string {
  if (!section) throw new DwarfFormatError(`string reference into missing section ${sectionName}`);
  if (offset >= section.length) throw new DwarfFormatError(`string offset 0x${offset.toString(16)} beyond ${sectionName}`);
  return new DwarfReader(section, offset).cstring();
}
