/** Formats a 32-bit value as 0x-prefixed, zero-padded hex. */
export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}
