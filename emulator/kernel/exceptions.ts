import type { Thread } from './thread';
import { hex32 } from '../util/hex';

const NAMES: Record<number, string> = {
  0: '#DE divide error',
  1: '#DB debug',
  3: '#BP breakpoint (int3)',
  4: '#OF overflow',
  5: '#BR bound range',
  6: '#UD invalid opcode',
  7: '#NM device not available',
  13: '#GP general protection',
  14: '#PF page fault',
  16: '#MF x87 floating-point error',
  17: '#AC alignment check',
  19: '#XM SIMD floating-point error',
};

export function exceptionName(trapno: number): string {
  return NAMES[trapno] ?? `exception ${trapno}`;
}

/** "hello:main: #PF page fault (write) at 0x00000000, eip 0x08048123 (main+0x13)": an exception as raised, before
 *  anyone knows whether a handler will take it (the kernel's 'exception' event). */
export function describeRaisedException(t: Thread, trapno: number, errorCode: number): string {
  const eip = t.cpu.eip;
  let where = `eip ${hex32(eip)}`;
  const sym = t.task.image?.elf.symbolAt(eip);
  if (sym) where += ` (${sym.symbol.name}+0x${sym.offset.toString(16)})`;
  let what = exceptionName(trapno);
  if (trapno === 14) what += ` (${errorCode & 16 ? 'fetch' : errorCode & 2 ? 'write' : 'read'}) at ${hex32(t.cpu.faultAddress)}`;
  else if (errorCode) what += ` (error code ${hex32(errorCode)})`;
  return `${t.name}: ${what}, ${where}`;
}

/** "hello:main: unhandled #PF page fault …": the same exception once nobody took it and the thread stops. */
export function describeException(t: Thread, trapno: number, errorCode: number): string {
  return describeRaisedException(t, trapno, errorCode).replace(`${t.name}: `, `${t.name}: unhandled `);
}
