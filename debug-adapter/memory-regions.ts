// What the memory view labels in a task's address space: ELF sections of its image (text, rodata, data, bss),
// the regions of its region map (segments, stack, attached dataspaces) when the task is one of our L4Re
// applications, each thread's UTCB and stack, the KIP and the syscall page, and the page tables' mapped runs
// (so a task without a known layout still shows what is there). Pure: reads the kernel's state, changes nothing.
import { KIP_ADDRESS, SYSCALL_PAGE_ADDRESS, UTCB_SIZE, CAP_SHIFT } from '../emulator/kernel/abi';
import type { Task } from '../emulator/kernel/task';
import type { Thread } from '../emulator/kernel/thread';
import { PAGE_SIZE } from '../emulator/cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../emulator/cpu/address-space';
import { RegionManager } from '../emulator/l4re/region-manager';
import { hex32 } from '../emulator/util/hex';
import { Machine } from '../emulator/machine';

/** SHF_ALLOC, SHF_WRITE and SHF_EXECINSTR of an ELF section header. */
const SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;
const SHT_NOBITS = 8;

export type RegionKind = 'text' | 'rodata' | 'data' | 'bss' | 'stack' | 'utcb' | 'kip' | 'syscall' | 'dataspace' | 'region' | 'mapped';

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

/** The region manager that pages `task` in our L4Re (the pager capability of one of its threads). */
function regionManagerOf(task: Task): RegionManager | undefined {
  for (const t of task.threads) {
    const e = task.caps.lookup(t.pager >>> CAP_SHIFT);
    if (e?.object instanceof RegionManager && e.object.task === task) return e.object;
  }
  return undefined;
}

function stackOf(t: Thread, regions: MemoryRegion[]): MemoryRegion | undefined {
  const esp = Machine.readRegister(t, 'esp');
  const inside = regions.find((r) => r.kind !== 'mapped' && esp >= r.start && esp < r.end && (r.kind === 'stack' || r.kind === 'bss' || r.kind === 'data'));
  // A stack in a region map or the image (a static array, as for threads started by hand): name it by thread.
  if (inside) return { start: inside.start, end: inside.end, kind: 'stack', name: `stack of ${t.name} (esp ${hex32(esp)})`, source: 'kernel' };
  const page = esp & ~(PAGE_SIZE - 1);
  return t.task.as.lookup(page) ? { start: page, end: page + PAGE_SIZE, kind: 'stack', name: `stack of ${t.name} (esp ${hex32(esp)})`, source: 'page tables' } : undefined;
}

/** Everything known about the layout of `task`'s address space, regions sorted by start (then larger first). */
export function taskMemoryLayout(task: Task): TaskMemoryLayout {
  const regions: MemoryRegion[] = [];
  const elf = task.image?.elf;
  for (const s of elf?.sections ?? []) {
    if (!(s.flags & SHF_ALLOC) || s.size === 0 || s.addr === 0) continue;
    const prot = 'r' + (s.flags & SHF_WRITE ? 'w' : '-') + (s.flags & SHF_EXECINSTR ? 'x' : '-');
    regions.push({ start: s.addr >>> 0, end: (s.addr + s.size) >>> 0, kind: sectionKind(s.flags, s.type), name: s.name, prot, source: 'elf' });
  }
  const rm = regionManagerOf(task);
  for (const r of rm?.map.list() ?? []) {
    const kind: RegionKind = r.name === 'stack' ? 'stack' : r.backing.kind === 'dataspace' ? 'dataspace' : 'region';
    const name = r.backing.kind === 'dataspace' ? `${r.name} (dataspace ${r.backing.ds.name}${r.backing.offset ? ` + ${hex32(r.backing.offset)}` : ''})` : r.name;
    regions.push({ start: r.start, end: r.end, kind, name, prot: protLetters(r.prot), source: 'region map' });
  }
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
