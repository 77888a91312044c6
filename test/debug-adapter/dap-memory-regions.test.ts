// The memory view's requests over DAP on a lecture example stopped in main, on our user-level servers
// (roles=user-level): the labelled layout of the task (ELF sections of hello and l4re, l4re's region map with
// the stack and the attached dataspaces, UTCB, KIP, mapped runs), resolving symbols to addresses, and the bytes
// at main read through readMemory equal to the program file's .text bytes; writes land through writeMemory.
import * as assert from 'assert';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { ElfFile } from '../../emulator/elf/elf-file';
import { PT_LOAD } from '../../emulator/elf/elf-constants';
import { ROOT, Session, dapSessionFixture, launch } from './dap-test-helpers';
import { lineIn } from '../servers/servers-fixture';

const LECTURE_MODULES = path.join(ROOT, 'examples', 'lecture', 'conf', 'modules.lst');
const HELLO_ELF = path.join(ROOT, 'examples', 'lecture', 'bin', 'hello');
const HELLO_C = path.join(ROOT, 'examples', 'lecture', 'pkg', 'hello', 'server', 'src', 'main.c');

interface Region { start: number; end: number; kind: string; name: string; prot?: string; source: string }
interface Layout { taskId: number; taskName: string; regions: Region[]; mapped: Array<{ start: number; end: number; prot: string }> }

describe('memory view requests (DAP)', function () {
  this.timeout(60000);
  let s: Session;
  dapSessionFixture((x) => (s = x), { workspace: false });

  /** hello stopped at its first line in main (a line breakpoint: moe, a user-level server, has a main too). */
  async function stopInMain(): Promise<DebugProtocol.StoppedEvent> {
    const stop = await launch(s.dc, 'hello', async () => {
      await s.dc.setBreakpointsRequest({ source: { path: HELLO_C }, breakpoints: [{ line: lineIn(HELLO_C, 'printf("Hello World!') }] });
    }, { modulesList: LECTURE_MODULES, roles: 'user-level' });
    return stop!;
  }

  it('labels the stopped task\'s address space and finds main\'s bytes there', async () => {
    const stop = await stopInMain();
    const layout = (await s.dc.customRequest('fiasco/memory/regions', { threadId: stop.body.threadId })).body as Layout;
    assert.match(layout.taskName, /hello/);
    const kinds = new Set(layout.regions.map((r) => r.kind));
    for (const k of ['text', 'data', 'stack', 'utcb', 'kip']) assert.ok(kinds.has(k), `a ${k} region in ${JSON.stringify(layout.regions.map((r) => `${r.kind}:${r.name}`))}`);
    const elf = ElfFile.load(HELLO_ELF);
    const main = elf.symbolByName('main')!;
    const text = layout.regions.find((r) => r.kind === 'text' && r.name === '.text')!;
    assert.ok(text.start <= main.value && main.value < text.end, '.text holds main');
    assert.strictEqual(text.source, 'elf');
    const labels = JSON.stringify(layout.regions.map((r) => `${r.kind}:${r.name}:${r.source}`));
    // l4re's region map: the stack it built for the program, holding the stopped thread's stack pointer.
    const stack = layout.regions.find((r) => r.source === 'region map' && r.kind === 'stack');
    assert.ok(stack, `the region map's stack in ${labels}`);
    // moe names its gates as the real moe does with CONFIG_MOE_DEBUG_NAMES, its thread "moe" as the real one always does
    assert.strictEqual(stack.name, 'stack (dataspace IpcGate "moe-ds" of moe:moe)');
    assert.strictEqual(stack.prot, 'rw-');
    const threadStack = layout.regions.find((r) => r.source === 'kernel' && /^stack of hello/.test(r.name))!;
    const esp = Number(/esp (0x[0-9a-f]+)/.exec(threadStack.name)![1]);
    assert.ok(stack.start <= esp && esp < stack.end, `esp ${esp.toString(16)} in the region map's stack ${stack.start.toString(16)}-${stack.end.toString(16)}`);
    assert.deepStrictEqual([threadStack.start, threadStack.end], [stack.start, stack.end], 'the thread\'s stack is that region');
    // The program's text is attached from its file's dataspace at the text segment's file offset.
    const textDs = layout.regions.find((r) => r.kind === 'dataspace' && r.start <= text.start && text.end <= r.end);
    assert.ok(textDs, `an attached dataspace holding .text in ${labels}`);
    assert.strictEqual(textDs.source, 'region map');
    assert.strictEqual(textDs.prot, 'r-x');
    const textSegment = elf.segments.find((p) => p.type === PT_LOAD && p.vaddr <= main.value && main.value < p.vaddr + p.memsz)!;
    assert.match(textDs.name, new RegExp(`^dataspace IpcGate "moe-rom-file" of moe:moe \\+ 0x0*${(textSegment.offset & ~0xfff).toString(16)}$`));
    // Its data and bss in a fresh, writable dataspace; l4re's own image in the task is labelled too.
    const data = layout.regions.find((r) => r.name === '.data')!;
    assert.ok(layout.regions.some((r) => r.kind === 'dataspace' && r.prot === 'rw-' && r.start <= data.start && data.end <= r.end), `a writable dataspace holding .data in ${labels}`);
    assert.ok(layout.regions.some((r) => r.kind === 'text' && r.name === 'l4re .text' && r.source === 'elf'), `l4re's text in ${labels}`);
    assert.ok(layout.regions.some((r) => r.kind === 'region' && /^paged by IpcGate/.test(r.name)), `ranges moe pages in ${labels}`);
    assert.ok(layout.regions.some((r) => /^UTCB of hello/.test(r.name)), 'the main thread\'s UTCB');
    // Every mapped page lies in some labelled region; the text pages are mapped.
    assert.ok(layout.mapped.some((m) => m.start <= main.value && main.value < m.end && m.prot.includes('x')));
    for (const m of layout.mapped) assert.ok(layout.regions.some((r) => r.start <= m.start && m.start < r.end), `mapped ${m.start.toString(16)} is labelled`);

    const resolved = (await s.dc.customRequest('fiasco/memory/resolve', { taskId: layout.taskId, text: 'main+4' })).body as { address: number };
    assert.strictEqual(resolved.address, main.value + 4);
    const ref = `task:${layout.taskId}:0x${main.value.toString(16)}`;
    const read = await s.dc.customRequest('readMemory', { memoryReference: ref, count: 32 }) as DebugProtocol.ReadMemoryResponse;
    const sec = elf.section('.text')!;
    const fileBytes = Buffer.from(elf.bytes.subarray(sec.offset + (main.value - sec.addr), sec.offset + (main.value - sec.addr) + 32));
    // The breakpoint at main is not in guest memory (the emulator keeps breakpoints out of the bytes).
    assert.deepStrictEqual(Buffer.from(read.body!.data!, 'base64'), fileBytes);
  });

  it('lists tasks, and answers bad arguments with errors naming them', async () => {
    await stopInMain();
    const tasks = (await s.dc.customRequest('fiasco/memory/tasks', {})).body as { currentTaskId: number; tasks: Array<{ id: number; name: string }> };
    assert.ok(tasks.tasks.some((t) => t.id === tasks.currentTaskId && /hello/.test(t.name)));
    const byId = (await s.dc.customRequest('fiasco/memory/regions', { taskId: tasks.currentTaskId })).body as Layout;
    assert.strictEqual(byId.taskId, tasks.currentTaskId);
    await assert.rejects(s.dc.customRequest('fiasco/memory/regions', { taskId: 9999 }), /no task 9999/);
    await assert.rejects(s.dc.customRequest('fiasco/memory/resolve', { text: 'no_such_symbol' }), /not an address, a symbol/);
    await assert.rejects(s.dc.customRequest('fiasco/memory/resolve', {}), /resolve needs text/);
  });

  it('writes through writeMemory land in guest memory', async () => {
    const stop = await stopInMain();
    const layout = (await s.dc.customRequest('fiasco/memory/regions', { threadId: stop.body.threadId })).body as Layout;
    const data = layout.regions.find((r) => r.kind === 'data' || r.kind === 'bss')!;
    const ref = `task:${layout.taskId}:0x${data.start.toString(16)}`;
    await s.dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([0xde, 0xad]).toString('base64') });
    const back = await s.dc.customRequest('readMemory', { memoryReference: ref, count: 2 }) as DebugProtocol.ReadMemoryResponse;
    assert.deepStrictEqual([...Buffer.from(back.body!.data!, 'base64')], [0xde, 0xad]);
  });
});
