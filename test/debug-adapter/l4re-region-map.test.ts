// The debugger reads our user-level l4re's region map straight from a program's task (debug-adapter/
// l4re-region-map.ts). Its struct layouts are a contract with servers/pkg/l4re/server/src/region_map.c: they are
// checked here against the DWARF of the prebuilt servers/bin/l4re, so a changed struct fails here. Then the
// reader on hello stopped in main, and what it gives when there is nothing to read (unmapped, or an image
// without the symbols, as the real L4Re's stripped l4re): nothing, and the memory view keeps its other labels.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ElfFile } from '../../emulator/elf/elf-file';
import { Machine } from '../../emulator/machine';
import { Task } from '../../emulator/kernel/task';
import { AddressSpace } from '../../emulator/cpu/address-space';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';
import { parseDebugInfo, attrNumber, attrString, type Die } from '../../debug-adapter/debug-info/debug-info-entries';
import { DW_AT, DW_TAG } from '../../debug-adapter/debug-info/dwarf-constants';
import { childrenOf, typeSize } from '../../debug-adapter/debug-info/variable-values';
import {
  APP_STACK_FILE, fileStaticSymbol, readL4ReRegionMap, REGION_LAYOUT, REGION_MAP_FILE, RM_PAGER, TABLE_LAYOUT,
} from '../../debug-adapter/l4re-region-map';
import { taskMemoryLayout } from '../../debug-adapter/memory-regions';
import { L4RE_X86 } from '../real-l4re/fixture';
import { SERVERS } from '../servers/servers-fixture';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const L4RE = path.join(SERVERS, 'bin', 'l4re');
const LECTURE = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');
const HELLO = path.join(ROOT, 'examples', 'lecture', 'bin', 'hello');

/** The named struct type of the compile unit of `file` in `elf`'s DWARF, and a DIE lookup. */
function structOf(elf: ElfFile, file: string, name: string): { type: Die; lookup: (o: number) => Die | undefined } {
  const data = (n: string): Uint8Array | undefined => {
    const s = elf.section(n);
    return s ? elf.sectionData(s) : undefined;
  };
  const { units, byOffset } = parseDebugInfo(data('.debug_info')!, data('.debug_abbrev')!, { str: data('.debug_str'), lineStr: data('.debug_line_str'), strOffsets: data('.debug_str_offsets') });
  const unit = units.find((u) => path.basename(attrString(u.root, DW_AT.name) ?? '') === file);
  assert.ok(unit, `no compile unit ${file} in ${elf.fileName}`);
  const type = unit.root.children.find((d) => d.tag === DW_TAG.structure_type && attrString(d, DW_AT.name) === name);
  assert.ok(type, `no struct ${name} in ${file}`);
  return { type, lookup: (o) => byOffset.get(o) };
}

/** Member offsets and the size of a struct, in the form of the reader's layout constants. */
function layoutOf(elf: ElfFile, file: string, name: string): Record<string, number> {
  const { type, lookup } = structOf(elf, file, name);
  const out: Record<string, number> = {};
  for (const m of childrenOf(type, 0, lookup)) out[m.name] = m.address;
  out.size = attrNumber(type, DW_AT.byte_size) ?? typeSize(type, lookup);
  return out;
}

/** hello on our user-level servers, stopped at main; its task. */
function helloInMain(): { m: Machine; task: Task } {
  const main = ElfFile.load(HELLO).symbolByName('main')!;
  const m = Machine.boot({ modulesList: LECTURE, entry: 'hello', roles: 'user-level' });
  let armed: Task | undefined;
  for (let i = 0; i < 10_000; i++) {
    const task = m.tasks().find((t) => t.name === 'hello');
    if (task && !armed) {
      Machine.codeBreakpoints(task).addBreakpoint(main.value);
      armed = task;
    }
    const r = m.runSlice(100_000);
    if (r.kind === 'breakpoint' && armed) return { m, task: armed };
    assert.notStrictEqual(r.kind, 'ended', 'hello ended before main');
  }
  throw new Error('hello never reached main');
}

function bareTask(images: string[]): Task {
  const task = new Task('bare', new AddressSpace(new PhysicalMemory(1 << 20)));
  for (const p of images) task.images.push({ path: p, elf: ElfFile.load(p) });
  return task;
}

describe('the debugger reads our l4re\'s region map from the program\'s task', function () {
  this.timeout(120_000);

  it('its layouts of struct region and struct table are those of servers/bin/l4re (DWARF)', () => {
    const elf = ElfFile.load(L4RE);
    assert.deepStrictEqual(layoutOf(elf, REGION_MAP_FILE, 'region'), { ...REGION_LAYOUT });
    assert.deepStrictEqual(layoutOf(elf, REGION_MAP_FILE, 'table'), { ...TABLE_LAYOUT });
    const sym = (file: string, name: string): number | undefined => fileStaticSymbol(elf, file, name)?.size;
    assert.strictEqual(sym(REGION_MAP_FILE, 'regions'), TABLE_LAYOUT.size);
    assert.strictEqual(sym(REGION_MAP_FILE, 'areas'), TABLE_LAYOUT.size);
    assert.strictEqual(sym(REGION_MAP_FILE, 'region_store')! % REGION_LAYOUT.size, 0);
    assert.strictEqual(sym(APP_STACK_FILE, 'app_stack_start'), 4);
    // Another file's symbol of the same name is not taken for it.
    assert.strictEqual(fileStaticSymbol(elf, APP_STACK_FILE, 'regions'), undefined);
  });

  it('the region map of hello in main: its stack, attached dataspaces, ranges moe pages, areas', () => {
    const { task } = helloInMain();
    const map = readL4ReRegionMap(task);
    assert.ok(map, 'a region map');
    assert.strictEqual(map.image.fileName, L4RE);
    const stack = map.regions.find((r) => r.start === map.stackStart);
    assert.ok(stack, `the stack at ${map.stackStart?.toString(16)}`);
    assert.strictEqual(stack.end - stack.start, 0x40000, 'app_stack.c: APP_STACK_SIZE');
    const esp = Machine.readRegister(task.threads.find((t) => t.name === 'hello:main')!, 'esp') >>> 0;
    assert.ok(stack.start <= esp && esp < stack.end);
    const text = ElfFile.load(HELLO).section('.text')!;
    assert.ok(map.regions.some((r) => !(r.flags & RM_PAGER) && r.start <= text.addr && text.addr + text.size <= r.end && (r.flags & 7) === 5), 'text attached r-x');
    assert.ok(map.regions.some((r) => r.flags & RM_PAGER), 'ranges moe pages');
    for (let i = 1; i < map.regions.length; i++) assert.ok(map.regions[i - 1].end <= map.regions[i].start, 'sorted, not overlapping');
    assert.ok(map.areas && map.areas.length > 0, 'areas');
  });

  it('nothing to read gives no region map, and the memory view keeps its other labels', function () {
    // l4re's image announced, its data pages not mapped (yet): skipped, not faulted in.
    assert.strictEqual(readL4ReRegionMap(bareTask([L4RE])), undefined);
    // A program's image alone: no tables anywhere.
    const hello = bareTask([HELLO]);
    hello.image = hello.images[0];
    assert.strictEqual(readL4ReRegionMap(hello), undefined);
    const layout = taskMemoryLayout(hello);
    assert.ok(layout.regions.some((r) => r.kind === 'text' && r.name === '.text' && r.source === 'elf'));
    assert.ok(!layout.regions.some((r) => r.source === 'region map'));
    // The real L4Re's l4re is stripped: no symbols, no region map (when that build is here).
    const real = path.join(L4RE_X86, 'bin', 'l4re');
    if (fs.existsSync(real)) assert.strictEqual(readL4ReRegionMap(bareTask([real])), undefined);
  });
});
