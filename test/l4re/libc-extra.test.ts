// The SDK's second libc round as guest programs (test/l4re/workspace, built in a temporary copy):
// libpthread beyond the basics (UTCB reuse, per-thread errno, timed waits, keys, barriers,
// semaphores, rwlocks), time.h on the KIP clock, math.h against the host's glibc, strtod, sscanf.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { L4RE_TEST_WORKSPACE, REPO, builtL4reWorkspace, onlyServersLeft, runEntry } from './l4re-helpers';
import { requireCapability, requireTool } from '../support/require-tool';

const PTHREAD_MORE_OUTPUT = `50 threads in sequence: failures 0, sum of squares 40425
30 detached threads: failures 0
errno per thread: 3 of 3 kept theirs, main still 7
timedwait without signal: ETIMEDOUT, waited 20 ms: 1, mutex held: 1
timedwait in the past: ETIMEDOUT
timedwait signalled after 5 ms: 0, flag 1, early: 1
key create: 0
tsd: 3 of 3 saw their own value, main sees (nil), destructors summed 6
main's own value: 1
second key differs: 1, delete: 0, delete again: 1
barrier: arrivals 12, early leavers 0, serial threads 3, init 0: 1
sem value 4, trywait on empty: -1 errno EAGAIN
bounded buffer: consumed sum 41560 of 41560
sem_timedwait: -1 ETIMEDOUT after 3 ms: 1
sem_timedwait with a post: 0; trywait: -1
sem_destroy: 0 0
rwlock: second reader 0, writer while read EBUSY
rwlock: writes 10, overlaps 0, readers together 1
rwlock destroy: 0
50 threads in sequence: failures 0, sum of squares 40425
`;

const TIME_OUTPUT = `realtime <= kip clock <= monotonic: 1 1, nsec whole us: 1
resolution 1000 ns
bad clock: -1 EINVAL
nanosleep 10 ms: 0, took 10 ms: 1, rem 0
nanosleep bad nsec: -1 EINVAL
usleep 2500: 1
sleep(2): 0
took 2 s: 1, time() advanced by 2, difftime 2.0
clock() per second 1000000, advanced with the kernel clock: 1
absolute sleep ends at the deadline: 1
gettimeofday agrees: 1
`;

const MATH_TAIL = `sqrt(-1) nan 1 EDOM 1
log(0) -inf 1 ERANGE 1
exp(1000) inf 1 ERANGE 1
pow(-2, 0.5) nan 1 EDOM 1
pow(0, -1) inf, pow(-0.0, -3) -inf, pow(2, inf) inf, pow(nan, 0) 1.000000
fmod(1, 0) nan 1, sin(inf) nan 1
frexp 0.750000 6, ldexp 768
modf -0.750000 int part -3.000000
printf of results: 3.141592653589793 2.7182818285e+00 1.41421
strtod rest 'kg' value 12.5
strtod no number: 0, end at the start 1
strtod 1e999 inf 1 ERANGE 1; inf -inf nan 1
sscanf 3: 42 31 -7
sscanf 3: 3.75 250 'word!'
sscanf 2: 'key' 'value' consumed 9
sscanf widths 2: 123 45
sscanf %c and %*d: 1 'ab'
sscanf literal mismatch: 1 10
sscanf no number: 0
sscanf empty input: -1
sscanf 4: -12 4000000000 63 100
`;

/** expression → the 64 bits of its double result, from "expr = hex" lines. */
function resultBits(text: string): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const line of text.split('\n')) {
    const i = line.lastIndexOf(' = ');
    if (i > 0) m.set(line.slice(0, i), BigInt(`0x${line.slice(i + 3)}`));
  }
  return m;
}

/** Distance in units in the last place (doubles ordered as integers; NaNs equal to each other). */
function ulps(a: bigint, b: bigint): bigint {
  const nan = (x: bigint): boolean => ((x >> 52n) & 0x7ffn) === 0x7ffn && (x & 0xfffffffffffffn) !== 0n;
  if (nan(a) || nan(b)) return nan(a) && nan(b) ? 0n : 1n << 62n;
  const ordered = (x: bigint): bigint => (x >> 63n ? -(x & ((1n << 63n) - 1n)) : x);
  const d = ordered(a) - ordered(b);
  return d < 0n ? -d : d;
}

/** The host's glibc results for math_cases.h, or why they cannot be computed (no host C compiler or libm). */
function glibcReference(): Map<string, bigint> | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l4re-mathref-'));
  try {
    const exe = path.join(dir, 'ref');
    const inc = path.join(L4RE_TEST_WORKSPACE, 'pkg', 'math-check', 'server', 'src');
    const cc = spawnSync('gcc', ['-O0', `-I${inc}`, path.join(REPO, 'test', 'l4re', 'native', 'math_reference.c'), '-lm', '-o', exe], { encoding: 'utf8' });
    if (cc.error || cc.status !== 0) return `host gcc cannot build math_reference.c with libm: ${cc.error?.message ?? cc.stderr.trim()}`;
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    return run.status === 0 ? resultBits(run.stdout) : `math_reference exited with ${run.status ?? run.signal}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('SDK libc, second round (guest programs)', function () {
  this.timeout(120_000);
  let conf = '';

  before(function () {
    requireTool(this, 'gcc');
    conf = builtL4reWorkspace();
  });

  it('pthreads: 30 threads alive at once get UTCBs from kernel-user memory added with l4_task_add_ku_mem', () => {
    const r = runEntry(conf, 'pthread-many');
    assert.strictEqual(r.output, 'created 30, joined 30, sum 465\n');
    assert.ok(onlyServersLeft(r), JSON.stringify(r.result));
    assert.doesNotMatch(r.log, /^MOE: task .* exited with/m, 'moe logs a non-zero exit value only');
  });

  it('pthreads: 50 threads in sequence reuse UTCBs, errno per thread, timedwait, keys, barriers, semaphores, rwlocks', () => {
    const r = runEntry(conf, 'pthread-more-check');
    assert.strictEqual(r.output, PTHREAD_MORE_OUTPUT);
    assert.ok(onlyServersLeft(r), 'every thread of the program ended; only the servers wait');
  });

  it('time.h and sleeps on the KIP clock', () => {
    const r = runEntry(conf, 'time-check');
    assert.strictEqual(r.output, TIME_OUTPUT);
  });

  it('math.h and strtod agree with glibc to within 1 ulp; sscanf', function () {
    const r = runEntry(conf, 'math-check');
    const [cases, tail] = r.output.split('end of cases\n');
    assert.strictEqual(tail, MATH_TAIL);
    const guest = resultBits(cases);
    assert.ok(guest.size >= 100, `only ${guest.size} results`);
    const ref = glibcReference();
    if (typeof ref === 'string') return requireCapability(this, 'the host glibc reference for math.h', ref);
    assert.strictEqual(guest.size, ref.size);
    const off: string[] = [];
    for (const [expr, bits] of ref) {
      const got = guest.get(expr);
      if (got === undefined) off.push(`${expr}: missing`);
      else if (ulps(got, bits) > 1n) off.push(`${expr}: ${got.toString(16)} vs glibc ${bits.toString(16)}`);
    }
    assert.deepStrictEqual(off, []);
  });
});
