import * as assert from 'assert';
import { MakeconfBoot, splitSearchPath } from '../../emulator/boot/makeconf-boot';

describe('Makeconf.boot', () => {
  it('reads =, :=, +=, ?= with $(VAR) and ${VAR} references, continuations and comments', () => {
    const m = MakeconfBoot.parse([
      '# comment',
      'BASE = /opt/l4',
      'MODULE_SEARCH_PATH = $(BASE)/bin:${BASE}/lib \\',
      '    bin # trailing comment',
      'MODULE_SEARCH_PATH += $(EXTRA)',
      'EXTRA = late',
      'SIMPLE := $(EXTRA)-now',
      'EXTRA = later',
      'QEMU_OPTIONS ?= -serial stdio',
      'QEMU_OPTIONS ?= ignored',
      'QEMU_OPTIONS-x86 = -m 512 -M q35',
      'E = hello',
      'MODULES_LIST = conf/other.list',
      'HASH = a\\#b',
    ].join('\n'), 'Makeconf.boot');
    assert.deepStrictEqual(m.moduleSearchPath(), ['/opt/l4/bin', '/opt/l4/lib', 'bin', 'later']);
    assert.strictEqual(m.value('SIMPLE'), 'late-now');
    assert.strictEqual(m.qemuOptions(), '-serial stdio -m 512 -M q35');
    assert.strictEqual(m.entry(), 'hello');
    assert.strictEqual(m.modulesList(), 'conf/other.list');
    assert.strictEqual(m.value('HASH'), 'a#b');
    assert.strictEqual(m.value('UNSET'), undefined);
    const v = m.variables.get('MODULE_SEARCH_PATH')!;
    assert.deepStrictEqual([v.range.line, v.range.column, v.range.endColumn], [5, 1, 19]);
    assert.deepStrictEqual(m.diagnostics, []);
  });

  it('uses the environment, ARCH/PLATFORM_TYPE and the per-arch FIASCO_PATH variants', () => {
    const m = MakeconfBoot.parse('MODULE_SEARCH_PATH = $(HOME)/l4/bin\nFIASCO_PATH-$(ARCH) = /f/x86\nFIASCO_PATH-x86-pc = /f/pc\nFIASCO_PATH-amd64 = /f/64\nENTRY ?= fromfile\n', 'M', { env: { HOME: '/home/u', ENTRY: 'fromenv' } });
    assert.deepStrictEqual(m.moduleSearchPath(), ['/home/u/l4/bin', '/f/x86', '/f/pc']);
    assert.strictEqual(m.entry(), 'fromenv');
  });

  it('evaluates ifeq/ifneq/ifdef/ifndef/else and tolerates other make syntax', () => {
    const m = MakeconfBoot.parse([
      'ifeq ($(ARCH),x86)', 'A = yes', 'else', 'A = no', 'endif',
      'ifneq "$(ARCH)" "x86"', 'B = wrong', 'else ifdef A', 'B = right', 'endif',
      'ifndef NOPE', 'C = 1', 'endif',
      'include $(L4DIR)/mk/Makeconf',
      'export FOO',
      'target: dep', '\t@echo recipe = ignored',
      'define LONG', 'line1', 'line2', 'endef',
      'S != date',
      'X = $(shell ls)',
      'W = $(subst a,b,banana) $(patsubst %.c,%.o,x.c y.c) $(strip  p   q ) $(addprefix -I,a b) $(firstword f g)',
      'T = $(W:.o=.x)',
      'weird line here',
    ].join('\n'), 'M');
    assert.deepStrictEqual([m.value('A'), m.value('B'), m.value('C')], ['yes', 'right', '1']);
    assert.strictEqual(m.value('LONG'), 'line1\nline2');
    assert.strictEqual(m.value('S'), '');
    assert.strictEqual(m.value('X'), '');
    assert.strictEqual(m.value('W'), 'bbnbnb x.o y.o p q -Ia -Ib f');
    assert.strictEqual(m.value('T'), 'bbnbnb x.x y.x p q -Ia -Ib f');
    assert.ok(!m.variables.has('target'));
    const codes = m.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`);
    assert.deepStrictEqual(codes, ['22 information makeconf-unsupported', '23 information makeconf-unsupported', '26 information makeconf-unsupported']);
  });

  it('stops self-referencing variables and reports unbalanced conditionals', () => {
    const m = MakeconfBoot.parse('A = $(A) x\nifdef A\n', 'M');
    assert.strictEqual(typeof m.value('A'), 'string');
    assert.ok(m.diagnostics.some((d) => /refers to itself/.test(d.message)));
    assert.ok(m.diagnostics.some((d) => /without a matching "endif"/.test(d.message)));
  });

  it('splits search paths on colons and spaces, keeping drive letters', () => {
    assert.deepStrictEqual(splitSearchPath(' a:b  c::d C:\\x:/y '), ['a', 'b', 'c', 'd', 'C:\\x', '/y']);
  });

  it('never throws on random input', () => {
    let x = 99;
    const next = (): number => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
    const pieces = ['$(', ')', '${', '}', '=', ':=', '+=', '?=', 'A', 'B', '\\', '\n', '#', 'ifeq', 'else', 'endif', 'define', 'endef', ',', ' ', '$$', '$', '\t'];
    for (let i = 0; i < 2000; i++) {
      let t = '';
      for (let k = next() % 30; k > 0; k--) t += pieces[next() % pieces.length];
      const m = MakeconfBoot.parse(t, 'M');
      m.moduleSearchPath();
      m.qemuOptions();
      assert.ok(!m.diagnostics.some((d) => /internal error/.test(d.message)), JSON.stringify(t));
    }
  });
});
