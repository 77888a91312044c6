// fnstsw m16 and stmxcsr m32 store status words whose C1/exception bits (x87) and exception flags (MXCSR) our CPU
// does not model (emulator/cpu/README.md). The register comparison masks those bits; a store of them into memory
// changes the memory checksum instead. This classifies such a store: when putting the oracle's word in place of
// ours makes the checksums equal and the two words agree on every modelled bit, the case ends with a counted
// reason; any other difference stays a divergence.
import { Cpu } from '../../../emulator/cpu/cpu';
import { decode } from '../../../emulator/cpu/decoder';
import { FuzzMachine } from './machine';
import { OracleRecord } from './oracle';

export interface StatusStore {
  kind: 'fnstsw' | 'stmxcsr';
  ea: number;
}

const PREFIXES = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3];

/** The status store at EIP (fnstsw m16: DD /7; stmxcsr m32: 0F AE /3) and its address, before it executes. */
export function statusStoreAt(cpu: Cpu, b: Uint8Array): StatusStore | undefined {
  let p = 0;
  while (p < 14 && PREFIXES.includes(b[p])) p++;
  const fnstsw = b[p] === 0xdd && b[p + 1] < 0xc0 && ((b[p + 1] >> 3) & 7) === 7;
  const stmxcsr = b[p] === 0x0f && b[p + 1] === 0xae && b[p + 2] < 0xc0 && ((b[p + 2] >> 3) & 7) === 3;
  if (!fnstsw && !stmxcsr) return undefined;
  try {
    return { kind: fnstsw ? 'fnstsw' : 'stmxcsr', ea: cpu.ea(decode(cpu, cpu.eip >>> 0)) >>> 0 };
  } catch {
    return undefined; // the fetch faults: the fault comparison handles it
  }
}

/** The reason to end the comparison, or undefined when the store differs in a modelled bit or elsewhere. */
export function unmodelledStatusBits(m: FuzzMachine, s: StatusStore, rec: OracleRecord, ccDefined: boolean): string | undefined {
  const size = s.kind === 'fnstsw' ? 2 : 4;
  const ours = m.as.read(s.ea, size);
  if (ours === undefined) return undefined;
  const saved = Uint8Array.from(ours);
  const theirs = new Uint8Array(size);
  const word = s.kind === 'fnstsw' ? rec.fsave.readUInt16LE(4) : rec.mxcsr >>> 0;
  for (let k = 0; k < size; k++) theirs[k] = (word >>> (8 * k)) & 0xff;
  m.as.write(s.ea, theirs);
  const equalWithTheirs = m.memsum() === rec.memsum;
  m.as.write(s.ea, saved);
  if (!equalWithTheirs) return undefined;
  let ourWord = 0;
  for (let k = 0; k < size; k++) ourWord |= saved[k] << (8 * k);
  // Modelled: x87 TOP and (when defined) C0/C2/C3; MXCSR control bits (rounding, masks, FZ, DAZ).
  const mask = s.kind === 'fnstsw' ? 0x3800 | (ccDefined ? 0x4500 : 0) : 0xffc0;
  if (((ourWord ^ word) & mask) !== 0) return undefined;
  return s.kind === 'fnstsw'
    ? 'fnstsw m16 stores x87 C1/exception bits (not modelled, documented)'
    : 'stmxcsr stores MXCSR exception flags (not modelled, documented)';
}
