import { PhysicalMemory } from '../cpu/physical-memory';
import {
  KIP_ADDRESS,
  KIP_CLOCK_NS_CODE_OFFSET,
  KIP_CLOCK_US_CODE_OFFSET,
  KIP_MAGIC,
  KIP_OFF,
  KIP_SYSCALL_STUB_OFFSET,
  KIP_VERSION,
  SCHEDULER_GRANULARITY_US,
  SYSCALL_STUB,
} from './abi';

/** Offset of the version and feature strings (in units of 16 bytes, as `offset_version_strings`). */
const VERSION_STRINGS_UNITS = 0x60; // byte offset 0x600, clear of the fixed fields, descriptors and code
const MEM_DESCS_OFFSET = 0x100;
const VERSION_STRING = 'Fiasco Studio emulated Fiasco.OC (ia32)';
const FEATURES = ['multi_irq', 'fiasco_studio', 'io_prot'];

/** A little-endian 32-bit displacement. */
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/**
 * Reads the KIP clock word into EDX:EAX wherever the KIP is mapped (moe sees it 1:1 at its physical address,
 * programs at 0xAFFFF000), so it finds the KIP from its own address:
 *   push %ebx; call 1f; 1: pop %ebx            (EBX = code + 6)
 *   2: mov hi(%ebx),%edx; mov lo(%ebx),%eax; cmp hi(%ebx),%edx; jne 2b   (no torn read)
 */
function clockReadPrologue(codeOffset: number): number[] {
  const base = codeOffset + 6;
  const lo = le32(KIP_OFF.CLOCK - base);
  const hi = le32(KIP_OFF.CLOCK + 4 - base);
  return [0x53, 0xe8, 0, 0, 0, 0, 0x5b, 0x8b, 0x93, ...hi, 0x8b, 0x83, ...lo, 0x3b, 0x93, ...hi, 0x75, 0xec];
}

/** KIP+0x900: the clock in µs (EDX:EAX); pop %ebx; ret. */
const CLOCK_US_CODE = Uint8Array.of(...clockReadPrologue(KIP_CLOCK_US_CODE_OFFSET), 0x5b, 0xc3);
/** KIP+0x980: ns = µs × 1000: imul $1000,%edx,%edx; mov $1000,%ecx; mov %edx,%ebx; mul %ecx; add %ebx,%edx; pop %ebx; ret. */
const CLOCK_NS_CODE = Uint8Array.of(
  ...clockReadPrologue(KIP_CLOCK_NS_CODE_OFFSET),
  0x69, 0xd2, 0xe8, 0x03, 0x00, 0x00, 0xb9, 0xe8, 0x03, 0x00, 0x00, 0x89, 0xd3, 0xf7, 0xe1, 0x01, 0xda, 0x5b, 0xc3,
);

/** The Kernel Info Page: one physical frame, mapped read/execute into every task at KIP_ADDRESS. */
export class Kip {
  readonly frame: number;
  private readonly view: DataView;
  /** The RAM's written-frame map (PhysicalMemory.written): writes through `view` mark the KIP's frame there. */
  private readonly written: Uint8Array;

  /** `frame`: a fixed physical frame (the bootstrap layout puts the KIP at 0x400000); else one is allocated. */
  constructor(phys: PhysicalMemory, ramBytes: number, instructionsPerMicrosecond: number, frame?: number, syscallStub: Uint8Array = SYSCALL_STUB) {
    this.frame = frame ?? phys.allocFrame();
    this.view = new DataView(phys.bytes.buffer, phys.bytes.byteOffset + this.frame, 4096);
    this.written = phys.written;
    const v = this.view;
    v.setUint32(KIP_OFF.MAGIC, KIP_MAGIC, true);
    v.setUint32(KIP_OFF.VERSION, KIP_VERSION, true);
    v.setUint8(KIP_OFF.OFFSET_VERSION_STRINGS, VERSION_STRINGS_UNITS);
    v.setUint32(KIP_OFF.SCHEDULER_GRANULARITY, SCHEDULER_GRANULARITY_US, true);
    // CPU frequency in kHz: instructions per µs × 1000.
    v.setUint32(KIP_OFF.FREQUENCY_CPU, instructionsPerMicrosecond * 1000, true);
    v.setUint32(KIP_OFF.LEGACY_FREQUENCY_CPU, instructionsPerMicrosecond * 1000, true);
    // One memory descriptor: conventional RAM 0 .. ramBytes-1 (l = start|type 1, h = end inclusive).
    v.setUint32(KIP_OFF.MEM_DESCS_OFFSET, MEM_DESCS_OFFSET, true);
    v.setUint32(KIP_OFF.MEM_DESCS_NUM, 1, true);
    v.setUint32(MEM_DESCS_OFFSET, 0 | 1, true);
    v.setUint32(MEM_DESCS_OFFSET + 4, (ramBytes - 1) | 0x3ff, true);
    const name = new TextEncoder().encode('pc');
    phys.bytes.set(name, this.frame + KIP_OFF.PLATFORM_INFO);
    let p = this.frame + VERSION_STRINGS_UNITS * 16;
    for (const s of [VERSION_STRING, ...FEATURES, '']) {
      const b = new TextEncoder().encode(s);
      phys.bytes.set(b, p);
      phys.bytes[p + b.length] = 0;
      p += b.length + 1;
    }
    phys.bytes.set(syscallStub, this.frame + KIP_SYSCALL_STUB_OFFSET);
    phys.bytes.set(CLOCK_US_CODE, this.frame + KIP_CLOCK_US_CODE_OFFSET);
    phys.bytes.set(CLOCK_NS_CODE, this.frame + KIP_CLOCK_NS_CODE_OFFSET);
    this.markWritten();
  }

  /**
   * Marks the KIP's frame written (for time travel's snapshots) after a write through `page`. Not
   * PhysicalMemory.frameChanged: that would also drop the decoded syscall and clock code on every clock update.
   */
  markWritten(): void {
    this.written[this.frame >>> 12] = 1;
  }

  readonly address = KIP_ADDRESS;

  /** The KIP page itself, for the boot code that lays out the fields bootstrap fills in. */
  get page(): DataView {
    return this.view;
  }

  /** False when the page uses the current layout only (the real boot's descriptors start at 0x90). */
  legacyClock = true;

  /** Writes the clock (µs) in both the current and the legacy place. */
  setClock(us: number): void {
    const lo = us >>> 0;
    const hi = Math.floor(us / 0x1_0000_0000) >>> 0;
    this.view.setUint32(KIP_OFF.CLOCK, lo, true);
    this.view.setUint32(KIP_OFF.CLOCK + 4, hi, true);
    this.markWritten();
    if (!this.legacyClock) return;
    this.view.setUint32(KIP_OFF.LEGACY_CLOCK, lo, true);
    this.view.setUint32(KIP_OFF.LEGACY_CLOCK + 4, hi, true);
  }
}
