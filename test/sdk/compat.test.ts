// SDK source compatibility with the real L4Re C API: every header a lecture-level program includes exists under
// its real name and compiles on its own, and the programs in test/sdk/compat/ (written as one writes them against
// real L4Re) build unchanged with the SDK and pass their own checks on the emulator.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTree, findCompiler } from '../../sdk/builder';
import { runtimeCflags } from '../../sdk/builder/runtime';
import { REPO, onlyServersLeft, runEntry, writeFiles } from '../l4re/l4re-helpers';
import { requireTool } from '../support/require-tool';

const CORPUS = path.join(REPO, 'test', 'sdk', 'compat');
const SDK = path.join(REPO, 'sdk');

/** Headers of the real L4Re tree (same paths) that the SDK provides; each must compile when included alone. */
const REAL_HEADERS = [
  'l4/sys/compiler.h', 'l4/sys/linkage.h', 'l4/sys/l4int.h', 'l4/sys/types.h', 'l4/sys/consts.h', 'l4/sys/err.h',
  'l4/sys/utcb.h', 'l4/sys/ipc.h', 'l4/sys/__timeout.h', 'l4/sys/__l4_fpage.h', 'l4/sys/kip.h', 'l4/sys/thread.h',
  'l4/sys/task.h', 'l4/sys/factory.h', 'l4/sys/irq.h', 'l4/sys/icu.h', 'l4/sys/scheduler.h', 'l4/sys/semaphore.h',
  'l4/sys/vcon.h', 'l4/sys/kdebug.h', 'l4/sys/debugger.h', 'l4/sys/rcv_endpoint.h', 'l4/sys/ipc_gate.h',
  'l4/sys/kernel_object.h',
  'l4/re/env.h', 'l4/re/consts.h', 'l4/re/protocols.h', 'l4/re/c/dataspace.h', 'l4/re/c/rm.h', 'l4/re/c/mem_alloc.h',
  'l4/re/c/namespace.h', 'l4/re/c/log.h', 'l4/re/c/parent.h', 'l4/re/c/debug.h', 'l4/re/c/util/cap_alloc.h', 'l4/re/c/util/kumem_alloc.h',
  'l4/util/util.h', 'l4/util/rdtsc.h', 'l4/util/atomic.h', 'l4/util/bitops.h', 'l4/util/kip.h', 'l4/util/l4mod.h',
  'pthread.h', 'pthread-l4.h', 'semaphore.h',
];

/** Makes C's silent fallbacks (implicit declarations, pointer mix-ups) errors, as newer compilers do. */
const STRICT = '-Werror=implicit-function-declaration -Werror=incompatible-pointer-types -Werror=int-conversion';

function corpusPrograms(): string[] {
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.c')).sort();
}

function targetOf(file: string): string {
  return path.basename(file, '.c').replace(/_/g, '-');
}

/** A workspace with one package and one boot entry per corpus program. */
function corpusWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-compat-'));
  const files: Record<string, string> = { 'conf/Makeconf.boot': 'MODULE_SEARCH_PATH = bin:conf\n' };
  const entries: string[] = [];
  for (const f of corpusPrograms()) {
    const name = targetOf(f);
    const src = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const libs = /#include <pthread/.test(src) ? 'REQUIRES_LIBS = libpthread\n' : '';
    files[`pkg/${name}/server/src/main.c`] = src;
    files[`pkg/${name}/server/src/Makefile`] =
      `PKGDIR ?= ../..\nL4DIR ?= $(PKGDIR)/../..\nTARGET = ${name}\nSRC_C = main.c\nCFLAGS = ${STRICT}\n${libs}include $(L4DIR)/mk/prog.mk\n`;
    entries.push(`entry ${name}\nroottask moe --init=rom/${name}\nmodule l4re\nmodule ${name}\n`);
  }
  files['conf/modules.lst'] = entries.join('\n');
  writeFiles(dir, files);
  return dir;
}

/** Lines each program prints besides its "<name>: ok" (exactly, in order, among its output). */
const EXPECTED_LINES: Record<string, string[]> = {
  'env-kip': [],
  'thread-kumem': [],
  memory: ['error text: no such object'],
  l4util: ['abi version: 3'], // the real KIP's feature string has abiver:3 (reference/kip-decoded.txt)
  'ipc-gate': [
    'refusal: wrong protocol',
    'timeout: receive timeout',
    'through l4re_log_print',
    'through l4re_log_printn (cu',
  ],
};

describe('SDK source compatibility with the L4Re C API', function () {
  this.timeout(300_000);

  before(function () {
    requireTool(this, 'gcc');
  });

  it('every real header name the SDK claims compiles when included alone', () => {
    const cc = findCompiler();
    assert.ok(typeof cc !== 'string', String(cc));
    const flags = runtimeCflags(SDK, cc);
    const failures: string[] = [];
    for (const h of REAL_HEADERS) {
      const r = spawnSync(cc.command, [...flags, ...STRICT.split(' '), '-fsyntax-only', '-x', 'c', '-'],
        { input: `#include <${h}>\nint main(void) { return 0; }\n`, encoding: 'utf8' });
      if (r.status !== 0) failures.push(`${h}:\n${r.stderr}`);
    }
    assert.deepStrictEqual(failures, []);
  });

  it('a header the SDK does not have is reported as missing (the check can fail)', () => {
    const cc = findCompiler();
    assert.ok(typeof cc !== 'string', String(cc));
    const r = spawnSync(cc.command, [...runtimeCflags(SDK, cc), '-fsyntax-only', '-x', 'c', '-'],
      { input: '#include <l4/sys/vcpu.h>\n', encoding: 'utf8' });
    assert.notStrictEqual(r.status, 0);
    assert.match(r.stderr, /l4\/sys\/vcpu\.h: No such file or directory/);
  });

  it('has an expectation for every corpus program', () => {
    assert.deepStrictEqual(corpusPrograms().map(targetOf).sort(), Object.keys(EXPECTED_LINES).sort());
  });

  describe('the corpus', function () {
    let dir = '';
    let conf = '';
    before(function () {
      dir = corpusWorkspace();
      conf = path.join(dir, 'conf', 'modules.lst');
      const log: string[] = [];
      const r = buildTree(dir, { log: (l) => log.push(l) });
      assert.ok(r.ok, `the corpus does not build with the SDK:\n${r.errors.join('\n')}\n${log.join('\n')}`);
    });
    after(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const name of corpusPrograms().map(targetOf)) {
      it(`${name} builds unchanged and passes its checks on the emulator`, () => {
        const r = runEntry(conf, name);
        const lines = r.output.split('\n');
        assert.deepStrictEqual(lines.filter((l) => l.startsWith('FAIL')), [], r.output);
        assert.ok(lines.includes(`${name.replace(/-/g, '_')}: ok`), r.output);
        let at = 0;
        for (const want of EXPECTED_LINES[name]) {
          const i = lines.indexOf(want, at);
          assert.ok(i >= 0, `"${want}" missing (in order) from:\n${r.output}`);
          at = i + 1;
        }
        assert.strictEqual(r.result.kind, 'ended', r.output);
        if (r.result.kind === 'ended') {
          // As on the real system: the program is gone, sigma0 and moe wait; moe logs a non-zero exit value.
          assert.ok(onlyServersLeft(r), r.output);
          assert.doesNotMatch(r.log, /^MOE: task .* exited with/m, r.output);
        }
      });
    }
  });
});
