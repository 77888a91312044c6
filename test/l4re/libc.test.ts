// The SDK's C library and libpthread, run as guest programs (test/l4re/workspace, built in a temporary
// copy), and the package builder's REQUIRES_LIBS handling.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildTree } from '../../sdk/builder';
import { L4RE_TEST_WORKSPACE, builtL4reWorkspace, copyWorkspace, onlyServersLeft, runEntry, writeFiles } from './l4re-helpers';
import { requireTool } from '../support/require-tool';

const LIBC_OUTPUT = `argc 1 argv0 rom/libc-check
[-12|   34|56   |-0078|ff|FF|0xff|10|4000000000]
[-123456789|-9876543210123|18446744073709551615|deadbeef|123456789abcdef]
[3.141593|0.667|   -1.00|0.4     |+7.0|1.234568e+05|1.23E-04|0.5|1.23457e+06|1e-05]
[str|     right|left  |cu|Z|%|0x1234]
snprintf: truncat (6)
strtol: -26 493 12 4294967295
rest: '' atoi -17 atol 99 abs 5 labs 6
overflow: 2147483647 errno 1
qsort: -20 -15 -10 -4 1 6 11 16 sorted 1
bsearch: 7
string: hello, world 12 1 world orld lo, world
memcmp 1 memchr , world strncmp 0
ctype: 1 0 1 1 A q
malloc: grown up calloc-sum 0 big x aligned 1
4 MiB again after free: 1
strdup: copy
setjmp: returned 42 after 6 calls
limits: 2147483647 -2147483648 4294967295
stderr: 5
fputs line
pkg/libc-check/server/src/main.c:97: main: Assertion \`sum == 1 && "deliberately failing assertion"' failed.
`;

const PTHREAD_OUTPUT = `attr stack 32768
create 0: 0
create 1: 0
create 2: 0
create 3: 0
all 4 arrived, counter 80000
joined 0: self matches 1
joined 1: self matches 1
joined 2: self matches 1
joined 3: self matches 1
return values sum 600, counter 80000 of 80000
main is not a worker: 1
trylock free: 0
trylock taken: 1
join self: 1
`;

const CAPS_OUTPUT = `argv[0] = rom/ned-caps
argv[1] = first
argv[2] = second
gate: valid
gate_ro: valid
sem: valid
log2: valid
rom: valid
missing: invalid
semaphore down: 0
log2 write through the named log
`.replace(/^/gm, 'caps    | ').replace(/caps {4}\| $/, '');

describe('SDK libc and libpthread (guest programs)', function () {
  this.timeout(120_000);
  let conf = '';

  before(function () {
    requireTool(this, 'gcc');
    conf = builtL4reWorkspace();
  });

  it('printf (as glibc prints it), stdlib, string.h, ctype, malloc, setjmp, assert', () => {
    const r = runEntry(conf, 'libc-check');
    assert.strictEqual(r.output, LIBC_OUTPUT);
    // As on the real system, moe (the program's parent) notes the exit value on its log.
    assert.match(r.log, /^MOE: task 0x[0-9a-f]+ exited with 134$/m, 'abort() after the failed assertion exits with 134');
    assert.ok(onlyServersLeft(r), 'the program ended');
  });

  it('pthread create/join/self, mutexes, condition variables, attributes', () => {
    const r = runEntry(conf, 'pthread-check');
    assert.strictEqual(r.output, PTHREAD_OUTPUT);
    assert.ok(onlyServersLeft(r), 'every thread of the program ended; only the servers wait');
  });

  it('a ned script passes arguments and named capabilities (l4re_env_get_cap)', () => {
    const r = runEntry(conf, 'ned-caps');
    assert.strictEqual(r.output, CAPS_OUTPUT);
  });
});

describe('package builder: REQUIRES_LIBS', function () {
  this.timeout(120_000);

  const threadProgram = '#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n';
  function workspace(makefileExtra: string): string {
    const dir = copyWorkspace(path.join(L4RE_TEST_WORKSPACE, 'no-such-dir'), 'l4re-libs-');
    writeFiles(dir, {
      'pkg/t/server/src/main.c': threadProgram,
      'pkg/t/server/src/Makefile': `TARGET = t\nSRC_C = main.c\n${makefileExtra}\n`,
    });
    return dir;
  }

  it('links libpthread when the Makefile requires it', function () {
    requireTool(this, 'gcc');
    const dir = workspace('REQUIRES_LIBS = libpthread');
    const r = buildTree(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(r.ok, r.errors.join('\n'));
  });

  it('says to add REQUIRES_LIBS = libpthread when pthreads are used without it', function () {
    requireTool(this, 'gcc');
    const dir = workspace('');
    const r = buildTree(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(r.ok, false);
    assert.ok(r.errors.some((e) => /undefined reference to `pthread_create'/.test(e)), r.errors.join('\n'));
    assert.ok(r.errors.some((e) => /add "REQUIRES_LIBS = libpthread" to this Makefile/.test(e)), r.errors.join('\n'));
  });
});
