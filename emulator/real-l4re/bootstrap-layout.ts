// The physical memory of a real L4Re boot as bootstrap leaves it for the kernel: sigma0 and the root task
// loaded at their physical addresses, the boot modules copied to `modaddr`, the module table
// (l4util_l4mod_info) at 0x1000, and the KIP fields bootstrap fills in (memory descriptors, sigma0_ip,
// root_ip, user_ptr). Reference: shared/l4re-x86/reference/kip-decoded.txt and mbi-page.bin.

import { loadElfFile } from '../elf/elf-file-cache';
import * as fs from 'fs';
import { ElfFile, ElfError } from '../elf/elf-file';
import { PT_LOAD, PF_R, PF_W, PF_X } from '../elf/elf-constants';
import type { PhysicalMemory } from '../cpu/physical-memory';
import { PAGE_SIZE } from '../cpu/physical-memory';
import type { PhysicalLayout } from '../kernel/kernel';

/** QEMU's `-m 256` PC: RAM below 640 KiB, and from 1 MiB up to the ACPI tables in the last 128 KiB. */
export const REAL_BOOT_RAM_BYTES = 256 * 1024 * 1024;
const LOW_RAM_END = 0x9fc00;
const HIGH_RAM_START = 0x10_0000;
const ACPI_START = REAL_BOOT_RAM_BYTES - 0x2_0000;
/** The module table page (bootstrap's `mbi_rt`). */
export const MBI_ADDRESS = 0x1000;
/** Where the real kernel's KIP lies (sigma0 prints "KIP @ 400000"). */
export const KIP_PHYSICAL = 0x40_0000;
/**
 * What the real kernel keeps for itself below the pool: its data pages from the KIP on (Reserved
 * [0x400000-0x497fff]) and the AP trampoline page at 0x8000. Our kernel needs only the KIP page there, but
 * we reserve the same ranges so that sigma0 and moe see the same free RAM as on the real system.
 */
export const KERNEL_DATA = { start: 0x40_0000, end: 0x49_8000 };
export const TRAMPOLINE_PAGE = 0x8000;
/** The kernel's memory pool, as real Fiasco reserves it at the top of RAM (Reserved, sub-type 1). */
export const KERNEL_POOL = { start: 0x0eb6_f000, end: ACPI_START };
/** bootstrap's default `-modaddr` in the reference build's modules.list. */
export const DEFAULT_MODADDR = 0x0110_0000;

export const REAL_PHYSICAL_LAYOUT: PhysicalLayout = { kipFrame: KIP_PHYSICAL, kernelPool: KERNEL_POOL, sysenter: true, kipInEveryTask: false };

/** KIP memory descriptor types (l4sys/include/kip: L4::Kip::Mem_desc). */
export const MD = { CONVENTIONAL: 1, RESERVED: 2, DEDICATED: 3, SHARED: 4, INFO: 0xd, BOOTLOADER: 0xe, ARCH: 0xf } as const;

export interface MemDesc {
  start: number;
  /** Inclusive end. */
  end: number;
  type: number;
  subType: number;
  eager?: boolean;
  virtual?: boolean;
}

/** The two words of a descriptor: low = start | type | sub<<4 | eager<<8 | virtual<<9, high = end | 0x3ff. */
export function encodeMemDesc(d: MemDesc): [number, number] {
  const lo = ((d.start & ~0x3ff) | (d.type & 0xf) | ((d.subType & 0xf) << 4) | (d.eager ? 0x100 : 0) | (d.virtual ? 0x200 : 0)) >>> 0;
  return [lo, (d.end | 0x3ff) >>> 0];
}

export function decodeMemDesc(lo: number, hi: number): MemDesc {
  return { start: (lo & ~0x3ff) >>> 0, end: hi >>> 0, type: lo & 0xf, subType: (lo >>> 4) & 0xf, eager: (lo & 0x100) !== 0, virtual: (lo & 0x200) !== 0 };
}

export interface PlacedImage {
  path: string;
  elf: ElfFile;
  entry: number;
  /** Each loaded segment with its memory rights (sigma0 sub-type: R=4 W=2 X=1). */
  segments: Array<{ start: number; end: number; rights: number }>;
}

export interface PlacedModule {
  cmdline: string;
  /** l4mod flags & 7: 1 kernel, 2 sigma0, 3 roottask, 0 other. */
  kind: number;
  start: number;
  /** Exclusive end. */
  end: number;
}

const roundUp = (v: number, a: number): number => Math.ceil(v / a) * a;

/** Copies an ELF program's loadable segments to their physical addresses (p_paddr), bss zeroed. */
export function placeImage(phys: PhysicalMemory, path: string): PlacedImage {
  const elf = loadElfFile(path);
  elf.assertI386Executable();
  const segments: PlacedImage['segments'] = [];
  for (const seg of elf.segments) {
    if (seg.type !== PT_LOAD || seg.memsz === 0) continue;
    const pa = seg.paddr;
    if (pa < HIGH_RAM_START || pa + seg.memsz > KERNEL_POOL.start) {
      throw new ElfError(path, `program header ${seg.index}`, `${path}: program header ${seg.index} (p_paddr 0x${pa.toString(16)}, p_memsz 0x${seg.memsz.toString(16)}) is not in free RAM [0x${HIGH_RAM_START.toString(16)}, 0x${KERNEL_POOL.start.toString(16)}) — a real boot loads sigma0 and moe at their physical addresses`);
    }
    phys.bytes.fill(0, pa, pa + seg.memsz);
    phys.bytes.set(elf.bytes.subarray(seg.offset, seg.offset + seg.filesz), pa);
    phys.notifyWrite(pa, seg.memsz);
    const rights = (seg.flags & PF_R ? 4 : 0) | (seg.flags & PF_W ? 2 : 0) | (seg.flags & PF_X ? 1 : 0);
    segments.push({ start: pa, end: pa + seg.memsz, rights });
  }
  return { path, elf, entry: elf.entry, segments };
}

/**
 * Copies the modules to page-aligned places from `modaddr` on, in order (kernel, sigma0, roottask, the rest),
 * as bootstrap's "Moving up to N modules behind modaddr". A module without a file (our kernel) is empty.
 */
export function placeModules(phys: PhysicalMemory, modaddr: number, modules: Array<{ cmdline: string; kind: number; path?: string }>): PlacedModule[] {
  const out: PlacedModule[] = [];
  let at = roundUp(modaddr, PAGE_SIZE);
  for (const m of modules) {
    const bytes = m.path ? fs.readFileSync(m.path) : new Uint8Array(0);
    if (at + bytes.length > KERNEL_POOL.start) throw new RangeError(`boot modules from 0x${modaddr.toString(16)} do not fit below the kernel's memory at 0x${KERNEL_POOL.start.toString(16)}`);
    phys.bytes.set(bytes, at);
    phys.notifyWrite(at, bytes.length);
    out.push({ cmdline: m.cmdline, kind: m.kind, start: at, end: at + bytes.length });
    at = roundUp(at + bytes.length, PAGE_SIZE);
  }
  return out;
}

/**
 * Writes the l4util_l4mod_info module table at MBI_ADDRESS (l4util/include/l4mod.h): header {u64 flags,
 * cmdline, mods_addr; u32 mods_count, pad; u64 vbe_ctrl, vbe_mode}, the module records {u64 flags, start,
 * end, cmdline}, then the command lines (4-byte aligned). Returns its size in bytes.
 */
export function writeModuleTable(phys: PhysicalMemory, cmdline: string, modules: PlacedModule[]): number {
  const v = phys.view;
  const base = MBI_ADDRESS;
  const modsAddr = base + 0x30;
  let str = modsAddr + 32 * modules.length;
  const putString = (s: string): number => {
    const b = new TextEncoder().encode(s);
    if (str + b.length + 1 > base + PAGE_SIZE) throw new RangeError('boot module command lines do not fit into the module table page');
    const at = str;
    phys.bytes.set(b, at);
    phys.bytes[at + b.length] = 0;
    str = roundUp(at + b.length + 1, 4);
    return at;
  };
  const u64 = (off: number, value: number): void => {
    v.setUint32(off, value >>> 0, true);
    v.setUint32(off + 4, 0, true);
  };
  u64(base, 4); // flags, as bootstrap writes them
  u64(base + 8, putString(cmdline));
  u64(base + 0x10, modsAddr);
  v.setUint32(base + 0x18, modules.length, true);
  modules.forEach((m, i) => {
    const r = modsAddr + 32 * i;
    u64(r, m.kind);
    u64(r + 8, m.start);
    u64(r + 16, m.end);
    u64(r + 24, putString(m.cmdline));
  });
  phys.notifyWrite(base, PAGE_SIZE);
  return str - base;
}

/**
 * The memory descriptors bootstrap and the kernel write, in the order of the reference KIP. `rootExtra`: more
 * memory the boot placed for the root task (the initial stack of a program root task), described like its
 * image (Bootloader, the rights as sub-type), after it.
 */
export function memoryDescriptors(sigma0: PlacedImage, root: PlacedImage, mbiBytes: number, modules: PlacedModule[], rootExtra: PlacedImage['segments'] = []): MemDesc[] {
  const end = (a: number): number => roundUp(a, 0x400) - 1;
  const span = (segs: Array<{ start: number; end: number }>): { start: number; end: number } => ({ start: Math.min(...segs.map((s) => s.start)), end: Math.max(...segs.map((s) => s.end)) });
  const s0 = span(sigma0.segments);
  const others = modules.filter((m) => m.kind === 0 && m.end > m.start);
  const out: MemDesc[] = [
    { start: 0, end: LOW_RAM_END - 1, type: MD.CONVENTIONAL, subType: 0 },
    { start: HIGH_RAM_START, end: ACPI_START - 1, type: MD.CONVENTIONAL, subType: 0 },
    { start: 0, end: 0xfff, type: MD.ARCH, subType: 0 },
    { start: MBI_ADDRESS, end: end(MBI_ADDRESS + mbiBytes), type: MD.BOOTLOADER, subType: 7 },
    { start: TRAMPOLINE_PAGE, end: TRAMPOLINE_PAGE + PAGE_SIZE - 1, type: MD.RESERVED, subType: 0 },
    { start: LOW_RAM_END, end: 0x9ffff, type: MD.ARCH, subType: 2 },
    { start: 0xf0000, end: 0xfffff, type: MD.ARCH, subType: 2 },
    { start: s0.start, end: end(s0.end), type: MD.DEDICATED, subType: 0, eager: true },
    ...[...root.segments, ...rootExtra].map((s) => ({ start: s.start, end: end(s.end), type: MD.BOOTLOADER, subType: s.rights, eager: true })),
    { start: 0xfee0_0000, end: 0xfee0_0fff, type: MD.RESERVED, subType: 2 },
    { start: KERNEL_DATA.start, end: KERNEL_DATA.end - 1, type: MD.RESERVED, subType: 0 },
  ];
  if (others.length) out.push({ start: others[0].start, end: end(others[others.length - 1].end), type: MD.BOOTLOADER, subType: 0 });
  out.push(
    { start: ACPI_START, end: REAL_BOOT_RAM_BYTES - 1, type: MD.ARCH, subType: 2 },
    { start: 0xfffc_0000, end: 0xffff_ffff, type: MD.ARCH, subType: 2 },
    { start: KERNEL_POOL.start, end: KERNEL_POOL.end - 1, type: MD.RESERVED, subType: 1 },
    { start: 0, end: 0xbfff_ffff, type: MD.CONVENTIONAL, subType: 0, virtual: true },
    { start: 0xfec0_0000, end: 0xfec0_0fff, type: MD.RESERVED, subType: 2 },
  );
  return out;
}
