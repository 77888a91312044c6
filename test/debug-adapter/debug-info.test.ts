// DWARF readers against binutils (objdump/readelf) and gdb on programs compiled by gcc in a temp dir.
import * as assert from 'assert';
import * as path from 'path';
import { DebugInfo } from '../../debug-adapter/debug-info/debug-info';
import { DwarfReader } from '../../debug-adapter/debug-info/dwarf-reader';
import { parseLineProgram } from '../../debug-adapter/debug-info/line-program';
import { formatValue } from '../../debug-adapter/debug-info/variable-values';
import { evaluateLocation } from '../../debug-adapter/debug-info/dwarf-location';
import { buildFixture, Fixture, gdbStopAt, objdumpDecodedLines, removeFixture } from './gcc-fixture';
import { requireTool } from '../support/require-tool';
import { ElfFile } from '../../emulator/elf/elf-file';

describe('debug-info: LEB128', () => {
  it('decodes unsigned and signed LEB128 like the DWARF spec examples', () => {
    const r = new DwarfReader(Uint8Array.of(2, 127, 0x80, 1, 0x81, 1, 0x82, 1, 0xb9, 0x64, 0xe5, 0x8e, 0x26));
    assert.deepStrictEqual([r.uleb(), r.uleb(), r.uleb(), r.uleb(), r.uleb(), r.uleb(), r.uleb()], [2, 127, 128, 129, 130, 12857, 624485]);
    const s = new DwarfReader(Uint8Array.of(2, 0x7e, 0xff, 0, 0x81, 0x7f, 0x80, 1, 0x80, 0x7f, 0xc0, 0xbb, 0x78));
    assert.deepStrictEqual([s.sleb(), s.sleb(), s.sleb(), s.sleb(), s.sleb(), s.sleb(), s.sleb()], [2, -2, 127, -127, 128, -128, -123456]);
  });
});

const variants: Array<{ name: string; flags: string[]; frame: string }> = [
  { name: 'DWARF 5 (gcc 12 default), .debug_frame', flags: ['-g', '-fno-asynchronous-unwind-tables'], frame: '.debug_frame' },
  { name: 'DWARF 4, .eh_frame', flags: ['-gdwarf-4'], frame: '.eh_frame' },
  { name: 'DWARF 3, .debug_frame', flags: ['-gdwarf-3', '-fno-asynchronous-unwind-tables'], frame: '.debug_frame' },
];

for (const variant of variants) {
  describe(`debug-info: ${variant.name}`, function () {
    let fx: Fixture | undefined;
    let elf: ElfFile;
    let info: DebugInfo;
    before(function () {
      requireTool(this, 'gcc');
      requireTool(this, 'objdump');
      fx = buildFixture('prog', variant.flags, true);
      elf = ElfFile.load(fx.binary);
      assert.ok(elf.section(variant.frame), `expected ${variant.frame} in the test binary`);
      info = DebugInfo.load(elf, fx.dir);
      assert.deepStrictEqual(info.warnings, []);
    });
    after(() => removeFixture(fx));

    it('produces the same line table as objdump --dwarf=decodedline', () => {
      const expected = objdumpDecodedLines(fx!.binary);
      assert.ok(expected.length > 10);
      const table = info.lineTables[0];
      const ours = table.rows.filter((r) => !r.endSequence).map((r) => ({ file: path.basename(table.files[r.file].name), line: r.line, address: r.address, isStmt: r.isStmt }));
      assert.deepStrictEqual(ours, expected);
    });

    it('maps addresses to absolute source lines resolved against the workspace root', () => {
      const rows = objdumpDecodedLines(fx!.binary);
      for (const row of rows) {
        const loc = info.addressToLine(row.address);
        assert.ok(loc, `no line for 0x${row.address.toString(16)}`);
        assert.strictEqual(loc.file, fx!.source);
      }
      // an address in the middle of a row's block belongs to that row
      const addFn = info.functionByName('add')!;
      assert.strictEqual(info.addressToLine(addFn.low + 1)?.line, 4);
      assert.strictEqual(info.addressToLine(0x100), undefined);
      assert.deepStrictEqual(info.sourceFiles(), [fx!.source]);
    });

    it('resolves line breakpoints to the first address of the next line with code', () => {
      const rows = objdumpDecodedLines(fx!.binary);
      const firstOf = (line: number) => Math.min(...rows.filter((r) => r.line === line && r.isStmt).map((r) => r.address));
      assert.deepStrictEqual(info.resolveLine(fx!.source, 5), { line: 5, addresses: [firstOf(5)] });
      // line 9 is blank, 10 is the signature: the breakpoint moves to 10/11 like gdb
      const moved = info.resolveLine(fx!.source, 9)!;
      assert.ok(moved.line === 10 || moved.line === 11);
      assert.deepStrictEqual(moved.addresses, [firstOf(moved.line)]);
      // a relative path names the same file
      assert.deepStrictEqual(info.lineToAddresses('src/prog.c', 12), [firstOf(12)]);
      assert.deepStrictEqual(info.lineToAddresses(fx!.source, 999), []);
      assert.strictEqual(info.resolveLine('/nowhere/other.c', 5), undefined);
    });

    it('knows the functions, their ranges and post-prologue addresses', () => {
      for (const s of elf.symbols().filter((x) => x.type === 'func')) {
        const f = info.functionByName(s.name)!;
        assert.ok(f?.die, `no subprogram for ${s.name}`);
        assert.strictEqual(f.low, s.value);
        assert.strictEqual(f.high, s.value + s.size);
        assert.strictEqual(info.functionAt(s.value + s.size - 1)?.name, s.name);
      }
      const add = info.functionByName('add')!;
      const rows = objdumpDecodedLines(fx!.binary);
      assert.strictEqual(info.breakpointAddress(add), rows.find((r) => r.line === 5)!.address);
    });

    it('unwinds like gdb at function entry, after the prologue and in nested calls', function () {
      requireTool(this, 'gdb');
      requireTool(this, 'oracle');
      const add = info.functionByName('add')!;
      const twice = info.functionByName('twice')!;
      for (const address of [add.low, add.low + 1, info.breakpointAddress(add), add.high - 1, twice.low, info.breakpointAddress(twice)]) {
        const stop = gdbStopAt(fx!.binary, address);
        const frames = info.unwind(stop.regs, stop.eip, (a) => stop.memory.get(a));
        const pcs = frames.map((f) => f.pc).slice(0, stop.backtrace.length);
        assert.deepStrictEqual(pcs.map((p) => p.toString(16)), stop.backtrace.map((p) => p.toString(16)), `at 0x${address.toString(16)}`);
        assert.ok(frames.slice(1, stop.backtrace.length).every((f) => f.how === 'cfi'), 'CFI drives the unwinding');
      }
    });

    it('reads parameters and locals with gdb\'s formatting', function () {
      requireTool(this, 'gdb');
      requireTool(this, 'oracle');
      const start = info.functionByName('_start')!;
      // stop on the `for` loop line, after every local is assigned
      const rows = objdumpDecodedLines(fx!.binary).filter((r) => r.line === 26);
      for (const [fn, address] of [['_start', rows[0].address], ['add', info.breakpointAddress(info.functionByName('add')!) + 0]] as const) {
        const stop = gdbStopAt(fx!.binary, address);
        const read = (a: number, n: number) => {
          const out = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            const word = stop.memory.get(((a + i) & ~3) >>> 0);
            if (word !== undefined) out[i] = (word >>> (((a + i) & 3) * 8)) & 0xff;
            else {
              const sec = elf.sections.find((s) => s.addr && a + i >= s.addr && a + i < s.addr + s.size);
              if (!sec) return undefined;
              out[i] = elf.bytes[sec.offset + (a + i - sec.addr)];
            }
          }
          return out;
        };
        const frames = info.unwind(stop.regs, stop.eip, (a) => stop.memory.get(a));
        const vars = info.variablesAt(stop.eip);
        assert.ok(vars.length >= (fn === '_start' ? 6 : 3));
        for (const v of vars) {
          const loc = evaluateLocation(v.location!, {
            reg: (n) => stop.regs[n],
            cfa: frames[0].cfa,
            readU32: (a) => stop.memory.get(a),
            frameBase: frames[0].cfa,
          });
          assert.strictEqual(loc?.kind, 'memory');
          const text = formatValue(v.type, (loc as { address: number }).address, read, (o) => info.die(o));
          assert.strictEqual(text, stop.vars.get(v.name), `${fn}: ${v.name}`);
        }
        void start;
      }
    });
  });
}

describe('debug-info: line program edge cases', () => {
  it('rejects an unsupported version with a message', () => {
    const bytes = Uint8Array.of(4, 0, 0, 0, 9, 0, 0, 0);
    assert.throws(() => parseLineProgram(bytes, 0, {}), /unsupported .debug_line version 9/);
  });
});
