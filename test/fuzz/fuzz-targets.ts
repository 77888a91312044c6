// The fuzz targets of issue 11: each names an input domain (fast-check arbitrary) and the invariants every
// input must keep. Shared by the bounded run in `npm test` (fuzz.test.ts) and the long runs of
// `npm run fuzz -- --minutes N [--target name]` (run-fuzz.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { Reg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { disassemble } from '../../emulator/cpu/disassembler';
import { ElfFile } from '../../emulator/elf/elf-file';
import { ElfError } from '../../emulator/elf/elf-error';
import { parseModulesList } from '../../emulator/boot/modules-list-parser';
import { MakeconfBoot } from '../../emulator/boot/makeconf-boot';
import { BootError } from '../../emulator/boot/boot-errors';
import { Machine } from '../../emulator/machine';
import { DebugInfo } from '../../debug-adapter/debug-info/debug-info';
import { DapFrameReader } from '../../debug-adapter/dap-frame-reader';
import { FiascoDebugSession } from '../../debug-adapter/fiasco-debug-session';
import { CODE, STACK_TOP, makeCpu } from '../cpu/cpu-test-util';

export const REPO = path.resolve(__dirname, '..', '..', '..');
const HELLO_ELF = path.join(REPO, 'examples', 'hello', 'bin', 'hello');
const LECTURE_BIN = path.join(REPO, 'examples', 'lecture', 'bin');
const LECTURE_CONF = path.join(REPO, 'examples', 'lecture', 'conf', 'modules.lst');
const HELLO_CONF = path.join(REPO, 'examples', 'hello', 'conf', 'modules.lst');

/** One fuzz target: an input domain and a property that throws when an invariant breaks. */
export interface FuzzTarget {
  name: string;
  /** Cases in the bounded run of `npm test` (fixed seed). */
  ciRuns: number;
  /** Longest a single case may take, in ms (the "no hang" invariant). */
  maxCaseMs: number;
  property(): fc.IAsyncPropertyWithHooks<unknown[]> | fc.IPropertyWithHooks<unknown[]>;
}

/** Throws when one case took longer than the target allows. */
function timed<T>(target: string, limitMs: number, body: () => T): T {
  const started = Date.now();
  const r = body();
  const ms = Date.now() - started;
  if (ms > limitMs) throw new Error(`${target}: one case took ${ms} ms (limit ${limitMs} ms): a host loop is not bounded`);
  return r;
}

const GUEST_FAULTS = new Set<number>([Vector.DE, Vector.UD, Vector.GP, Vector.PF, Vector.BR, Vector.NM, Vector.MF, Vector.AC, Vector.XM, Vector.DB, Vector.BP, Vector.OF]);

/** Random bytes with a bias towards prefixes, the 0F map and ModRM-heavy opcodes. */
const x86Bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0f, 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xcd, 0x8f, 0xc4, 0xd8, 0xdf)), { minLength: 1, maxLength: 48 });

const cpuTarget: FuzzTarget = {
  name: 'x86',
  ciRuns: 8000,
  maxCaseMs: 2000,
  property: () => {
    const { cpu, as } = makeCpu([]);
    return fc.property(x86Bytes, fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 }), fc.boolean(), (bytes, regs, step) =>
      timed('x86', 2000, () => {
        const code = Uint8Array.from(bytes);
        as.write(CODE, new Uint8Array(64));
        as.write(CODE, code);
        // The disassembler must name every byte sequence without throwing.
        for (let off = 0; off < code.length; ) {
          const d = disassemble(code, off, CODE + off);
          if (typeof d.text !== 'string' || !(d.length >= 0)) throw new Error(`disassembler: bad result at ${off}`);
          off += Math.max(1, d.length);
        }
        for (let r = 0; r < 8; r++) cpu.regs[r] = regs[r] >>> 0;
        cpu.regs[Reg.ESP] = STACK_TOP - 256;
        cpu.eip = CODE;
        cpu.setEflags(0x202);
        for (let k = 0; k < 4; k++) {
          const why = step ? cpu.step() : cpu.run(100);
          if (!(why in StopReason)) throw new Error(`cpu stopped with unknown reason ${why}`);
          if (why === StopReason.Fault) {
            if (!GUEST_FAULTS.has(cpu.vector)) throw new Error(`unexpected vector ${cpu.vector}`);
            break;
          }
        }
      }),
    );
  },
};

/** A hostile guest: random registers and UTCB words at the system-call entry of a user thread. */
const syscallTarget: FuzzTarget = {
  name: 'syscall',
  ciRuns: 30,
  maxCaseMs: 20_000,
  property: () =>
    fc.property(
      fc.constantFrom('client-server', 'hello', 'pager', 'counter-mutex'),
      fc.array(
        fc.record({
          regs: fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 64 }).map((n) => n << 12), fc.constantFrom(0, 1, 2, 0xffffffff, 0x1000, 0x2000, 0x3000)), { minLength: 8, maxLength: 8 }),
          mrs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 64 }),
          thread: fc.nat(),
          runAfter: fc.integer({ min: 0, max: 20_000 }),
        }),
        { minLength: 1, maxLength: 25 },
      ),
      (entry, calls) =>
        timed('syscall', 20_000, () => {
          const machine = Machine.boot({ modulesList: LECTURE_CONF, entry });
          machine.runSlice(200_000);
          for (const c of calls) {
            const threads = machine.threads().filter((t) => t.state !== 'dead' && t.task.name !== 'ned' && t.utcb !== 0);
            if (threads.length === 0) return;
            const t = threads[c.thread % threads.length];
            for (let r = 0; r < 8; r++) t.cpu.regs[r] = c.regs[r] >>> 0;
            c.mrs.forEach((w, i) => t.setMr(i, w));
            machine.kernel.syscall(t);
            machine.kernel.takeFault();
            if (c.runAfter) machine.runSlice(c.runAfter);
          }
        }),
    ),
};

const helloElf = fs.readFileSync(HELLO_ELF);

/** Mutations of a real ELF file: byte flips, overwritten words, truncation, junk appended. */
const mutatedElf = fc
  .record({
    flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 24 }),
    words: fc.array(fc.record({ at: fc.nat({ max: 4096 }), value: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, 0x7fffffff, 0x80000000, 0x10000)) }), { maxLength: 8 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ flips, words, cut }) => {
    const b = Buffer.from(helloElf);
    for (const f of flips) b[f.at % b.length] = f.value;
    // Header and table words (the first 4 KiB) are where a parser can be led astray.
    for (const w of words) if (w.at + 4 <= b.length) b.writeUInt32LE(w.value >>> 0, w.at & ~3);
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
  });

const elfTarget: FuzzTarget = {
  name: 'elf',
  ciRuns: 500,
  maxCaseMs: 5000,
  property: () =>
    fc.property(mutatedElf, (bytes) =>
      timed('elf', 5000, () => {
        let elf: ElfFile;
        try {
          elf = ElfFile.parse(bytes, 'fuzz.elf');
        } catch (e) {
          if (!(e instanceof ElfError)) throw e;
          if (!e.message.startsWith('fuzz.elf')) throw new Error(`ElfError does not name the file: ${e.message}`);
          return;
        }
        for (const s of elf.sections) elf.sectionData(s);
        elf.symbols();
        elf.symbolAt(elf.entry);
        try {
          elf.assertI386Executable();
        } catch (e) {
          if (!(e instanceof ElfError)) throw e;
        }
        // The debugger reads DWARF from the same file: a broken one must give no debug info, not an exception.
        try {
          const info = DebugInfo.load(elf, REPO);
          info.addressToLine(elf.entry);
          info.functionAt(elf.entry);
        } catch (e) {
          if (!(e instanceof ElfError) && !(e instanceof Error && /fuzz\.elf|DWARF|debug/i.test(e.message))) throw e;
        }
      }),
    ),
};

const modulesListSample = fs.readFileSync(LECTURE_CONF, 'utf8');
const makeconfSample = `MODULE_SEARCH_PATH = ${LECTURE_BIN}:conf\nMODULES_LIST = conf/modules.lst\nQEMU_OPTIONS += -m 256\nFOO := $(BAR) $(shell echo)\nifeq ($(ARCH),x86)\nX = 1\nendif\n`;

/** Random text built from the grammar's own words, and line-level mutations of a real file. */
function textOf(sample: string, words: string[]): fc.Arbitrary<string> {
  const lines = sample.split('\n');
  const token = fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 }), fc.constantFrom(' ', '\t', '"', '\\', '$(', ')', '${', '}', '#', '=', ':=', '+=', '\r', '\0', '\u00e9'));
  const randomLine = fc.array(token, { maxLength: 10 }).map((t) => t.join(' '));
  const mutated = fc.array(fc.record({ at: fc.nat(), line: randomLine, drop: fc.boolean() }), { maxLength: 10 }).map((edits) => {
    const out = [...lines];
    for (const e of edits) {
      const i = e.at % (out.length + 1);
      if (e.drop && out.length) out.splice(i % out.length, 1);
      else out.splice(i, 0, e.line);
    }
    return out.join('\n');
  });
  return fc.oneof(mutated, fc.array(randomLine, { maxLength: 30 }).map((l) => l.join('\n')), fc.string({ maxLength: 400 }));
}

const MODULES_WORDS = ['entry', 'roottask', 'module', 'modaddr', 'kernel', 'sigma0', 'moe', 'include', 'searchpath', 'group', 'module-group', 'default-kernel', 'default-sigma0', 'default-bootstrap', 'set', 'arch=x86', 'bits=32', 'rom/hello', '--init=rom/hello', 'hello', 'l4re', 'ned', '0x01100000', '[', ']', 'moe rom/x.cfg'];
const MAKECONF_WORDS = ['MODULE_SEARCH_PATH', 'MODULES_LIST', 'ifeq', 'ifneq', 'ifdef', 'else', 'endif', 'include', '-include', '=', ':=', '+=', '?=', '$(ARCH)', '$(PLATFORM_TYPE)', 'FIASCO_PATH-x86', 'export', 'define', 'endef', '$(shell', '$(wildcard'];

const modulesListTarget: FuzzTarget = {
  name: 'modules-lst',
  ciRuns: 1500,
  maxCaseMs: 3000,
  property: () =>
    fc.property(textOf(modulesListSample, MODULES_WORDS), (text) =>
      timed('modules-lst', 3000, () => {
        const doc = parseModulesList(text, '/fuzz/conf/modules.lst', { readFile: () => undefined, env: {} });
        for (const d of doc.diagnostics) {
          if (!d.file || !(d.line >= 1)) throw new Error(`a diagnostic without file or line: ${JSON.stringify(d)}`);
          if (/internal error/.test(d.message)) throw new Error(`parser bug: ${d.message}`);
        }
      }),
    ),
};

const makeconfTarget: FuzzTarget = {
  name: 'makeconf',
  ciRuns: 1500,
  maxCaseMs: 3000,
  property: () =>
    fc.property(textOf(makeconfSample, MAKECONF_WORDS), (text) =>
      timed('makeconf', 3000, () => {
        const m = MakeconfBoot.parse(text, '/fuzz/conf/Makeconf.boot', { env: {} });
        m.value('MODULE_SEARCH_PATH');
        m.modulesList();
        for (const d of m.diagnostics) {
          if (!(d.line >= 1)) throw new Error(`a diagnostic without a line: ${JSON.stringify(d)}`);
          if (/internal error/.test(d.message)) throw new Error(`parser bug: ${d.message}`);
        }
      }),
    ),
};

const NED_SAMPLE = [
  'local L4 = require("L4")',
  'local ld = L4.default_loader',
  'local ch = ld:new_channel()',
  'ld:start({ caps = { channel = ch:svr() }, log = { "srv", "b" } }, "rom/ipc-server")',
  'local app = ld:start({ caps = { channel = ch }, log = { "cli", "g" } }, "rom/ipc-client")',
  'print(app:wait())',
  'ld:start({}, "rom/hello")',
].join('\n');
const NED_WORDS = ['local', 'function', 'end', 'while', 'true', 'do', 'for', 'i', '=', '1', ',', '(', ')', '{', '}', 'L4', 'ld', ':start', ':wait()', 'coroutine.wrap', 'string.rep("x", 1e6)', 'print', 'require', '"rom/hello"', '"rom/nothing"', 'L4.Proto', 'L4.Rights.rw', 'ch:m("rws")', 'error("x")', 'pcall', 'setmetatable', '..', '#', 'nil', 'load("return 1")'];

let nedDir: string | undefined;
/** A workspace with the lecture's programs and one script file the target rewrites. */
function nedWorkspace(): string {
  if (!nedDir) {
    nedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-ned-'));
    fs.mkdirSync(path.join(nedDir, 'conf'));
    fs.writeFileSync(path.join(nedDir, 'conf', 'Makeconf.boot'), `MODULE_SEARCH_PATH = ${LECTURE_BIN}:conf\n`);
    fs.writeFileSync(path.join(nedDir, 'conf', 'modules.lst'), 'entry fuzz\nroottask moe rom/fuzz.cfg\nmodule fuzz.cfg\nmodule hello\nmodule ipc-server\nmodule ipc-client\n');
    const dir = nedDir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return nedDir;
}

const nedTarget: FuzzTarget = {
  name: 'ned',
  ciRuns: 60,
  maxCaseMs: 30_000,
  property: () =>
    fc.property(textOf(NED_SAMPLE, NED_WORDS), (script) =>
      timed('ned', 30_000, () => {
        const dir = nedWorkspace();
        const file = path.join(dir, 'conf', 'fuzz.cfg');
        fs.writeFileSync(file, script);
        let machine: Machine;
        try {
          machine = Machine.boot({ modulesList: path.join(dir, 'conf', 'modules.lst'), entry: 'fuzz' });
        } catch (e) {
          if (!(e instanceof BootError)) throw e;
          if (!e.message.includes('fuzz.cfg') && !e.message.includes('modules.lst')) throw new Error(`a boot error that names no file: ${e.message}`);
          return;
        }
        for (let i = 0; i < 40; i++) if (machine.runSlice(500_000).kind !== 'budget') break;
      }),
    ),
};

/** Junk, broken headers and valid frames, in any order: the reader never throws and recovers what it can. */
const framingTarget: FuzzTarget = {
  name: 'dap-framing',
  ciRuns: 4000,
  maxCaseMs: 2000,
  property: () =>
    fc.property(
      fc.array(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'junk' as const, bytes: Buffer.from(b) })),
          fc.oneof(fc.integer({ min: -5, max: 100 }).map(String), fc.string({ maxLength: 12 }), fc.constant('99999999999')).map((n) => ({ kind: 'header' as const, bytes: Buffer.from(`Content-Length: ${n}\r\n\r\n`) })),
          fc.string({ maxLength: 60 }).map((s) => ({ kind: 'body' as const, bytes: Buffer.from(s) })),
          fc.nat({ max: 1000 }).map((seq) => ({ kind: 'valid' as const, seq, bytes: Buffer.from(`Content-Length: ${JSON.stringify({ seq, type: 'request', command: 'threads' }).length}\r\n\r\n${JSON.stringify({ seq, type: 'request', command: 'threads' })}`) })),
        ),
        { maxLength: 20 },
      ),
      fc.integer({ min: 1, max: 64 }),
      (pieces, chunk) =>
        timed('dap-framing', 2000, () => {
          const reader = new DapFrameReader();
          const all = Buffer.concat(pieces.map((p) => p.bytes));
          const got: number[] = [];
          for (let i = 0; i < all.length; i += chunk) {
            for (const r of reader.feed(all.subarray(i, i + chunk))) if (r.kind === 'message') got.push(Number(r.message.seq));
          }
          // A clean stream of valid frames is read whole, in any chunking.
          if (pieces.every((p) => p.kind === 'valid')) {
            const want = pieces.map((p) => (p.kind === 'valid' ? p.seq : -1));
            if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`lost messages: got ${got}, want ${want}`);
          }
          // After any garbage, a blank line and a valid frame are always read (the reader resynchronises),
          // once a body the garbage announced (a header that is valid, with nothing after it) is complete.
          const after = new DapFrameReader();
          after.feed(all);
          // (Completing one body can uncover a header inside it that announces the next.)
          for (let i = 0; i < 20 && after.pendingBodyBytes > 0; i++) {
            if (after.pendingBodyBytes > 65536) return;
            after.feed(Buffer.alloc(after.pendingBodyBytes, 0x78));
          }
          const tail = JSON.stringify({ seq: 4242, type: 'request', command: 'threads' });
          const results = [...after.feed(Buffer.from('\r\n\r\n')), ...after.feed(Buffer.from(`Content-Length: ${tail.length}\r\n\r\n${tail}`)), ...after.feed(Buffer.from(`Content-Length: ${tail.length}\r\n\r\n${tail}`))];
          if (!results.some((r) => r.kind === 'message' && r.message.seq === 4242)) throw new Error('did not resynchronise on a valid frame');
        }),
    ),
};

const DAP_COMMANDS = ['initialize', 'launch', 'configurationDone', 'threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setBreakpoints', 'setFunctionBreakpoints', 'setInstructionBreakpoints', 'setExceptionBreakpoints', 'setDataBreakpoints', 'dataBreakpointInfo', 'continue', 'next', 'stepIn', 'stepOut', 'pause', 'readMemory', 'writeMemory', 'disassemble', 'source', 'loadedSources', 'exceptionInfo', 'completions', 'gotoTargets', 'goto', 'setVariable', 'setExpression', 'restart', 'terminate', 'breakpointLocations', 'stepBack', 'nonsense'];

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.boolean(), fc.constant(null), fc.constantFrom(-1_000_000_000, 1_000_000_000, 0x7fffffff, -1, 0, 1, 'main', 'eax', '0x0', 'task:1:0x1000'), fc.array(fc.integer(), { maxLength: 3 }));
const dapArguments = fc.dictionary(fc.constantFrom('threadId', 'frameId', 'variablesReference', 'expression', 'memoryReference', 'count', 'offset', 'instructionOffset', 'instructionCount', 'data', 'source', 'breakpoints', 'lines', 'name', 'value', 'context', 'text', 'column', 'line', 'filters', 'targetId', 'modulesList', 'entry', 'sourceReference', 'levels', 'startFrame'), jsonValue, { maxKeys: 6 });

/** Random and mutated request sequences against a session in this process (the inline adapter's setting). */
const dapTarget: FuzzTarget = {
  name: 'dap',
  ciRuns: 50,
  maxCaseMs: 30_000,
  property: () =>
    fc.asyncProperty(fc.boolean(), fc.array(fc.record({ command: fc.constantFrom(...DAP_COMMANDS), args: fc.option(dapArguments, { nil: undefined }) }), { maxLength: 30 }), async (launch, requests) => {
      const started = Date.now();
      const session = new FiascoDebugSession();
      const responses = new Map<number, number>();
      const problems: string[] = [];
      /** Called with each response's request seq: the wait for the disconnect's response listens here. */
      let onResponse: (seq: number) => void = () => undefined;
      session.onDidSendMessage((m) => {
        const msg = m as { type: string; request_seq?: number; message?: string; body?: unknown };
        if (msg.type !== 'response' || msg.request_seq === undefined) return;
        responses.set(msg.request_seq, (responses.get(msg.request_seq) ?? 0) + 1);
        onResponse(msg.request_seq);
        const text = `${msg.message ?? ''} ${JSON.stringify(msg.body ?? {})}`;
        if (/\n\s+at |\.js:\d+:\d+/.test(text)) problems.push(`a JS stack in a response: ${text.slice(0, 300)}`);
      });
      let seq = 1;
      const send = (command: string, args?: unknown): number => {
        const s = seq++;
        session.handleMessage({ seq: s, type: 'request', command, arguments: args } as never);
        return s;
      };
      send('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      if (launch) {
        send('launch', { modulesList: HELLO_CONF, entry: 'hello', stopOnEntry: true });
        send('configurationDone');
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const r of requests) {
        if (r.command === 'launch' || r.command === 'restart') continue; // one machine per case is enough
        send(r.command, r.args);
        await new Promise((res) => setImmediate(res));
      }
      send('pause', { threadId: 1 });
      const last = send('disconnect', { terminateDebuggee: true });
      if (!responses.has(last)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          onResponse = (seq) => {
            if (seq !== last) return;
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (!responses.has(last)) problems.push('no response to disconnect');
      for (const [s, n] of responses) if (n > 1) problems.push(`request ${s} got ${n} responses`);
      if (Date.now() - started > 30_000) problems.push(`the case took ${Date.now() - started} ms`);
      if (problems.length) throw new Error(problems.join('\n'));
    }),
};

export const FUZZ_TARGETS: FuzzTarget[] = [cpuTarget, syscallTarget, elfTarget, modulesListTarget, makeconfTarget, nedTarget, framingTarget, dapTarget];
