// What the memory view labels in a task's address space: ELF sections of its images (text, rodata, data, bss;
// the program's, and l4re's in a program's task), the regions of its region map when our user-level l4re
// serves the task (its stack, attached dataspaces, ranges paged by moe, reserved areas), each thread's UTCB and
// stack, the KIP and the syscall page, and the page tables' mapped runs (so a task without a known layout
// still shows what is there). Pure: reads the kernel's state and the task's memory, changes nothing.
import * as path from 'path';
import { KIP_ADDRESS, SYSCALL_PAGE_ADDRESS, UTCB_SIZE, CAP_SHIFT, INVALID_CAP_BIT } from '../emulator/kernel/abi';
import type { ElfFile } from '../emulator/elf/elf-file';
import { IpcGate } from '../emulator/kernel/ipc-gate';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { PAGE_SIZE } from '../emulator/cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../emulator/cpu/address-space';
import { hex32 } from '../emulator/util/hex';
import { Machine } from '../emulator/machine';
import { readL4ReRegionMap, regionProt, RM_PAGER } from './l4re-region-map';

/** SHF_ALLOC, SHF_WRITE and SHF_EXECINSTR of an ELF section header. */
const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
const SHT_NOBITS = 8;

export type RegionKind = 'text' | 'rodata' | 'data' | 'bss' | 'stack' | 'utcb' | 'kip' | 'syscall' | 'dataspace' | 'region' | 'area' | 'mapped';

export interface MemoryRegion {
  start: number;
  /** Exclusive. */
  end: number;
  kind: RegionKind;
  name: string;
  /** `rwx` letters where known. */
  prot?: string;
  /** Where the label comes from. */
  source: 'elf' | 'region map' | 'kernel' | 'page tables';
}

export interface TaskMemoryLayout {
  taskId: number;
  taskName: string;
  regions: MemoryRegion[];
  /** Runs of mapped pages, [start, end), in address order: everything else is unmapped. */
  mapped: Array<{ start: number; end: number; prot: string }>;
}

export function protLetters(prot: number): string {
  return (prot & PROT_R ? 'r' : '-') + (prot & PROT_W ? 'w' : '-') + (prot & PROT_X ? 'x' : '-');
}

/** Runs of consecutive mapped pages with the same rights. */
export function mappedRuns(task: Task): TaskMemoryLayout['mapped'] {
  const runs: TaskMemoryLayout['mapped'] = [];
  let last: { start: number; end: number; prot: number } | undefined;
  for (const p of task.as.mappedPages()) {
    if (last && last.end === p.va && last.prot === p.prot) {
      last.end = p.va + PAGE_SIZE;
      continue;
    }
    if (last) runs.push({ start: last.start, end: last.end, prot: protLetters(last.prot) });
    last = { start: p.va, end: p.va + PAGE_SIZE, prot: p.prot };
  }
  if (last) runs.push({ start: last.start, end: last.end, prot: protLetters(last.prot) });
  return runs;
}

function sectionKind(flags: number, type: number): RegionKind {
  if (flags & SHF_EXECINSTR) return 'text';
  if (type === SHT_NOBITS) return 'bss';
  return flags & SHF_WRITE ? 'data' : 'rodata';
}

function sectionRegions(elf: ElfFile, prefix: string): MemoryRegion[] {
  const out: MemoryRegion[] = [];
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.size === 0 || s.addr === 0) continue;
    const prot = 'r' + (s.flags & SHF_WRITE ? 'w' : '-') + (s.flags & SHF_EXECINSTR ? 'x' : '-');
    out.push({ start: s.addr >>> 0, end: (s.addr >>> 0) + s.size, kind: sectionKind(s.flags, s.type), name: prefix + s.name, prot, source: 'elf' });
  }
  return out;
}

/** What capability selector `sel` of `task` names: its object, and for a gate the thread serving it. */
function capabilityLabel(task: Task, sel: number): string {
  if (sel & INVALID_CAP_BIT) return 'no capability';
  const e = task.caps.lookup(sel >>> CAP_SHIFT);
  if (!e) return `empty capability ${hex32(sel)}`;
  const o = e.object;
  return o instanceof IpcGate && o.thread ? `${o.toString()} of ${o.thread.name}` : o.toString();
}

/** The regions and areas of the region map our user-level l4re keeps in `task`; none without one. */
function regionMapRegions(task: Task): MemoryRegion[] {
  const map = readL4ReRegionMap(task);
  if (!map) return [];
  const out: MemoryRegion[] = [];
  for (const r of map.regions) {
    const source = 'region map' as const;
    const prot = regionProt(r.flags);
    if (r.flags & RM_PAGER) {
      // Ranges moe's region map already held when l4re started (l4re's image and stack, the KIP, ...).
      out.push({ start: r.start, end: r.end, kind: 'region', name: `paged by ${capabilityLabel(task, r.ds)}`, prot, source });
      continue;
    }
    const ds = `dataspace ${capabilityLabel(task, r.ds)}${r.offset ? ` + ${hex32(r.offset)}` : ''}`;
    if (r.start === map.stackStart) out.push({ start: r.start, end: r.end, kind: 'stack', name: `stack (${ds})`, prot, source });
    else out.push({ start: r.start, end: r.end, kind: 'dataspace', name: ds, prot, source });
  }
  for (const a of map.areas ?? []) out.push({ start: a.start, end: a.end, kind: 'area', name: 'reserved area', source: 'region map' });
  return out;
}

function stackOf(t: Thread, regions: MemoryRegion[]): MemoryRegion | undefined {
  const esp = Machine.readRegister(t, 'esp') >>> 0;
  const inside = regions.find((r) => esp >= r.start && esp < r.end && (r.kind === 'stack' || r.kind === 'dataspace' || r.kind === 'bss' || r.kind === 'data'));
  // A stack in a region map or the image (a static array, as for threads started by hand): name it by thread.
  if (inside) return { start: inside.start, end: inside.end, kind: 'stack', name: `stack of ${t.name} (esp ${hex32(esp)})`, source: 'kernel' };
  const page = (esp & ~(PAGE_SIZE - 1)) >>> 0;
  return t.task.as.lookup(page) ? { start: page, end: page + PAGE_SIZE, kind: 'stack', name: `stack of ${t.name} (esp ${hex32(esp)})`, source: 'page tables' } : undefined;
}

/** Everything known about the layout of `task`'s address space, regions sorted by start (then larger first). */
export function taskMemoryLayout(task: Task): TaskMemoryLayout {
  const regions: MemoryRegion[] = [];
  if (task.image) regions.push(...sectionRegions(task.image.elf, ''));
  // The other images a loader announced in the task (l4re's, in a program's task): named by their file.
  for (const other of task.images) {
    if (other.elf !== task.image?.elf) regions.push(...sectionRegions(other.elf, `${path.basename(other.path)} `));
  }
  regions.push(...regionMapRegions(task));
  if (task.utcbArea.size > 0) regions.push({ start: task.utcbArea.address, end: task.utcbArea.address + task.utcbArea.size, kind: 'utcb', name: 'UTCB area', source: 'kernel' });
  for (const m of task.kuMem) regions.push({ start: m.address, end: m.address + m.size, kind: 'utcb', name: 'kernel-user memory', source: 'kernel' });
  for (const t of task.threads) {
    if (t.state === 'dead') continue;
    if (t.utcb) regions.push({ start: t.utcb, end: t.utcb + UTCB_SIZE, kind: 'utcb', name: `UTCB of ${t.name}`, source: 'kernel' });
    const st = stackOf(t, regions);
    if (st) regions.push(st);
  }
  if (task.as.lookup(KIP_ADDRESS)) regions.push({ start: KIP_ADDRESS, end: KIP_ADDRESS + PAGE_SIZE, kind: 'kip', name: 'KIP (kernel info page)', prot: 'r--', source: 'kernel' });
  if (task.as.lookup(SYSCALL_PAGE_ADDRESS)) regions.push({ start: SYSCALL_PAGE_ADDRESS, end: SYSCALL_PAGE_ADDRESS + PAGE_SIZE, kind: 'syscall', name: 'syscall page', prot: 'r-x', source: 'kernel' });
  const mapped = mappedRuns(task);
  // Mapped memory nothing above explains still gets a label, so every mapped byte belongs to some region.
  for (const run of mapped) {
    let cursor = run.start;
    const covering = regions.filter((r) => r.start < run.end && run.start < r.end).sort((a, b) => a.start - b.start);
    for (const r of covering) {
      if (r.start > cursor) regions.push({ start: cursor, end: r.start, kind: 'mapped', name: 'mapped pages', prot: run.prot, source: 'page tables' });
      cursor = Math.max(cursor, r.end);
    }
    if (cursor < run.end) regions.push({ start: cursor, end: run.end, kind: 'mapped', name: 'mapped pages', prot: run.prot, source: 'page tables' });
  }
  regions.sort((a, b) => a.start - b.start || (b.end - b.start) - (a.end - a.start));
  return { taskId: task.id, taskName: task.name, regions, mapped };
}
