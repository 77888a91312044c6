// Debugging a program of one's own on our user-level servers (roles=user-level, DAP; issue 13): the program's
// first touch of a heap page stops moe's thread in its dataspace map handler with that page's offset, and
// stepping into the IPC partner of a dataspace call lands in moe. Everything is ours: the program is built with
// the SDK in the test, sigma0, moe and l4re come from servers/bin. Needs no real L4Re build.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { buildTree } from '../../sdk/builder';
import { named, resumeAndStop, scopeRefs, Session, dapSessionFixture, stdoutMatching, topFrame, vars } from '../debug-adapter/dap-test-helpers';
import { lineIn, SERVERS } from './servers-fixture';

const PROGRAM = 'heap-touch';
const PROGRAM_C = `#include <stdio.h>
#include <stdlib.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>

enum { BLOCK = 256 * 1024, PAGE = 4096 };

int main(void)
{
  char *block = malloc(BLOCK);
  /* A page in the middle of the block: malloc writes only the block headers at its ends. */
  char *page = (char *)(((unsigned long)block + BLOCK / 2) & ~(unsigned long)(PAGE - 1));
  l4_addr_t start = (l4_addr_t)page;
  unsigned long size = 1;
  l4re_rm_offset_t offset = 0;
  l4re_rm_flags_t flags = 0;
  l4re_ds_t ds = L4_INVALID_CAP;
  int found = l4re_rm_find(&start, &size, &offset, &flags, &ds);
  unsigned long page_offset = (unsigned long)offset + ((l4_addr_t)page - start);
  unsigned long ds_bytes = (unsigned long)l4re_ds_size(ds); /* ds call */
  page[0] = 'x'; /* first touch */
  printf("heap page at offset 0x%lx of a %lu-byte dataspace: %c (find %d)\\n", page_offset, ds_bytes, page[0], found);
  return 0;
}
`;

const MOE_SRC = path.join(SERVERS, 'pkg', 'moe', 'server', 'src');
const DATASPACE_C = path.join(MOE_SRC, 'dataspace.c');

/** Steps `threadId` into its IPC partner through the step-in target VS Code offers. */
async function stepIntoPartner(s: Session, threadId: number): Promise<DebugProtocol.StoppedEvent> {
  const frame = await topFrame(s.dc, threadId);
  const targets = await s.dc.customRequest('stepInTargets', { frameId: frame.id }) as DebugProtocol.StepInTargetsResponse;
  const partner = targets.body.targets.find((t) => /IPC partner/.test(t.label));
  assert.ok(partner, JSON.stringify(targets.body.targets));
  return resumeAndStop(s.dc, () => s.dc.stepInRequest({ threadId, targetId: partner.id }));
}

describe('servers: a program of one\'s own on our user-level servers in the debugger (DAP)', function () {
  this.timeout(180_000);
  let ws: string;
  let programC: string;
  let s: Session;

  before(function () {
    this.timeout(120_000);
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-user-level-debug-'));
    const src = path.join(ws, 'pkg', PROGRAM, 'server', 'src');
    fs.mkdirSync(path.join(ws, 'conf'));
    fs.mkdirSync(src, { recursive: true });
    fs.writeFileSync(path.join(ws, 'conf', 'modules.lst'), `entry ${PROGRAM}\nroottask moe --init=rom/${PROGRAM}\nmodule l4re\nmodule ${PROGRAM}\n`);
    fs.writeFileSync(path.join(ws, 'conf', 'Makeconf.boot'), 'MODULE_SEARCH_PATH = bin\n');
    fs.writeFileSync(path.join(src, 'Makefile'), `TARGET = ${PROGRAM}\nSRC_C = main.c\ninclude $(L4DIR)/mk/prog.mk\n`);
    programC = path.join(src, 'main.c');
    fs.writeFileSync(programC, PROGRAM_C);
    const r = buildTree(ws);
    if (!r.ok) throw new Error(`building ${PROGRAM} failed:\n${r.errors.join('\n')}`);
  });
  after(() => {
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });
  dapSessionFixture((session) => {
    s = session;
  }, { workspace: false });

  /** Launches the program on roles=user-level with a breakpoint on its line holding `marker`; the first stop. */
  async function stopInProgramAt(marker: string): Promise<DebugProtocol.StoppedEvent> {
    const { dc } = s;
    const launched = dc.launch({ modulesList: path.join(ws, 'conf', 'modules.lst'), entry: PROGRAM, roles: 'user-level', stopOnEntry: false } as DebugProtocol.LaunchRequestArguments);
    await dc.waitForEvent('initialized', 30000);
    const set = await dc.setBreakpointsRequest({ source: { path: programC }, breakpoints: [{ line: lineIn(programC, marker) }] });
    // Pending until our l4re loads the program (moe announces the image): verified later, by a breakpoint event.
    assert.strictEqual(set.body.breakpoints.length, 1, JSON.stringify(set.body));
    const stopped = dc.waitForEvent('stopped', 120_000);
    await dc.configurationDoneRequest();
    await launched;
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    assert.strictEqual(stop.body.reason, 'breakpoint');
    const thread = (await dc.threadsRequest()).body.threads.find((t) => t.id === stop.body.threadId);
    assert.match(thread?.name ?? '', new RegExp(`^${PROGRAM}`));
    return stop;
  }

  /** The stop is on moe's thread, in moe's source file `file`; its frames. */
  async function assertInMoe(stop: DebugProtocol.StoppedEvent, file: string): Promise<DebugProtocol.StackFrame[]> {
    const threads = (await s.dc.threadsRequest()).body.threads;
    const thread = threads.find((t) => t.id === stop.body.threadId);
    assert.match(thread?.name ?? '', /^moe/, `stopped in ${thread?.name}: ${threads.map((t) => t.name).join(', ')}`);
    const frames = (await s.dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    const top = frames[0].source?.path;
    assert.ok(top, JSON.stringify(frames[0]));
    assert.strictEqual(fs.realpathSync(top), fs.realpathSync(file), frames.map((f) => `${f.name} ${f.source?.path}:${f.line}`).join('\n'));
    return frames;
  }

  it('the program\'s first touch of a heap page stops moe\'s thread in ds_map with that page\'s dataspace offset; then the program finishes', async () => {
    const { dc } = s;
    const atTouch = await stopInProgramAt('/* first touch */');
    const programLocals = await vars(dc, (await scopeRefs(dc, (await topFrame(dc, atTouch.body.threadId!)).id)).get('Locals')!);
    const pageOffset = Number(named(programLocals, 'page_offset').value);
    assert.ok(Number.isInteger(pageOffset) && pageOffset > 0 && pageOffset % 4096 === 0, `page_offset: ${named(programLocals, 'page_offset').value}`);

    const mapLine = lineIn(DATASPACE_C, 'dataspace_map_item(ds, offset, spot,');
    const set = await dc.setBreakpointsRequest({ source: { path: DATASPACE_C }, breakpoints: [{ line: mapLine }] });
    assert.ok(set.body.breakpoints[0]?.verified, JSON.stringify(set.body));
    const inMoe = await resumeAndStop(dc, () => dc.nextRequest({ threadId: atTouch.body.threadId! }));
    assert.strictEqual(inMoe.body.reason, 'breakpoint');
    const frames = await assertInMoe(inMoe, DATASPACE_C);
    assert.strictEqual(frames[0].name, 'ds_map');
    assert.strictEqual(frames[0].line, mapLine);
    const locals = await vars(dc, (await scopeRefs(dc, frames[0].id)).get('Locals')!);
    assert.strictEqual(Number(named(locals, 'offset').value), pageOffset, 'moe maps the page the program touched');
    assert.ok(Number(named(locals, 'want').value) & 2, `a write fault asks for W: ${named(locals, 'want').value}`);

    await dc.setBreakpointsRequest({ source: { path: DATASPACE_C }, breakpoints: [] });
    const line = `heap page at offset 0x${pageOffset.toString(16)} of a `;
    const printed = stdoutMatching(s, new RegExp(`${line}\\d+-byte dataspace: x \\(find 0\\)\\n`), 60_000);
    const ended = dc.waitForEvent('terminated', 120_000);
    await dc.continueRequest({ threadId: inMoe.body.threadId! });
    await printed;
    await ended;
  });

  it('stepping into the IPC partner of l4re_ds_size (a dataspace info call) lands in moe\'s thread holding that request', async () => {
    const { dc } = s;
    const atCall = await stopInProgramAt('/* ds call */');
    const inMoe = await stepIntoPartner(s, atCall.body.threadId!);
    const frames = await assertInMoe(inMoe, path.join(MOE_SRC, 'dispatch.c'));
    assert.strictEqual(frames[0].name, 'server_loop', 'moe stops in its request loop, right after receiving');
    const utcb = await vars(dc, (await scopeRefs(dc, frames[0].id)).get('UTCB')!);
    assert.strictEqual(parseInt(named(utcb, 'MR0').value, 16), 2, 'moe holds a dataspace info request (opcode 2 in MR0)');
  });
});
