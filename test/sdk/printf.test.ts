// printf-family formatting of the SDK libc, run natively as 32-bit code
// with a stdout backend that writes to Linux fd 1 (native/stdout_shim.c).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compileNative, native, requireNative32, runNative, sdkLib, tempDir } from './native-toolchain';

/** [format, C arguments, expected output]; each case prints one line. */
const CASES: Array<[string, string, string]> = [
  ['%d', '42', '42'],
  ['%i', '-17', '-17'],
  ['%d', '0', '0'],
  ['%u', '4294967295u', '4294967295'],
  ['%x', '0xdeadbeef', 'deadbeef'],
  ['%X', '0xdeadbeef', 'DEADBEEF'],
  ['%x', '0', '0'],
  ['%o', '8', '10'],
  ['%#o', '8', '010'],
  ['%#x', '255', '0xff'],
  ['%#X', '255', '0XFF'],
  ['%#x', '0', '0'],
  ['%5d|', '42', '   42|'],
  ['%-5d|', '42', '42   |'],
  ['%05d', '42', '00042'],
  ['%05d', '-42', '-0042'],
  ['%+d', '5', '+5'],
  ['% d', '5', ' 5'],
  ['%-+5d|', '3', '+3   |'],
  ['%.3d', '7', '007'],
  ['%+.3d', '5', '+005'],
  ['%8.3d|', '-7', '    -007|'],
  ['%08.3d|', '7', '     007|'],
  ['%.0d|', '0', '|'],
  ['%5.0d|', '0', '     |'],
  ['%10.4x|', '0xab', '      00ab|'],
  ['%*d|', '6, 42', '    42|'],
  ['%-*d|', '6, 42', '42    |'],
  ['%*d|', '-6, 42', '42    |'],
  ['%.*d', '4, 3', '0003'],
  ['%ld', '-2147483647L - 1', '-2147483648'],
  ['%lu', '4294967295UL', '4294967295'],
  ['%lx', '0xabcdefUL', 'abcdef'],
  ['%lld', '-9223372036854775807LL - 1', '-9223372036854775808'],
  ['%llu', '18446744073709551615ULL', '18446744073709551615'],
  ['%llx', '0x123456789abcdefULL', '123456789abcdef'],
  ['%llX', '0xfedcba9876543210ULL', 'FEDCBA9876543210'],
  ['%020llu', '12345678901234ULL', '00000012345678901234'],
  ['%lli', '1000000000000LL', '1000000000000'],
  ['%hd', '70000', '4464'],
  ['%hu', '65537', '1'],
  ['%hhd', '200', '-56'],
  ['%hhx', '0x1ff', 'ff'],
  ['%zu', '(size_t)123', '123'],
  ['%s', '"abc"', 'abc'],
  ['%6s|', '"abc"', '   abc|'],
  ['%-6s|', '"abc"', 'abc   |'],
  ['%.2s', '"abcdef"', 'ab'],
  ['%.*s', '3, "abcdef"', 'abc'],
  ['%s', '(char *)0', '(null)'],
  ['%c%c%c', "'a', 'b', 'c'", 'abc'],
  ['%3c|', "'x'", '  x|'],
  ['%-3c|', "'x'", 'x  |'],
  ['100%%', '', '100%'],
  ['%p', '(void *)0x1234', '0x1234'],
  ['%p', '(void *)0', '(nil)'],
  ['%d %s %x %c', '1, "two", 3, \'4\'', '1 two 3 4'],
];

/** Raw C statements and the line they print. */
const SNIPPETS: Array<[string, string]> = [
  ['char b[8]; int n = snprintf(b, sizeof b, "%s", "hello world"); printf("%s|%d", b, n);', 'hello w|11'],
  ['char b[4] = "Z"; int n = snprintf(b, 0, "%d", 12345); printf("%s|%d", b, n);', 'Z|5'],
  ['char b[1]; int n = snprintf(b, 1, "%d", 12345); printf("[%s]|%d", b, n);', '[]|5'],
  ['char b[32]; int n = sprintf(b, "[%3d]", 7); printf("%s|%d", b, n);', '[  7]|5'],
  ['char b[32]; int n = snprintf(b, sizeof b, "%llu-%lld", 1ULL << 40, -5LL); printf("%s|%d", b, n);',
    '1099511627776--5|16'],
  ['int n = printf("abc"); printf("|%d", n);', 'abc|3'],
  ['putchar(\'o\'); putchar(\'k\');', 'ok'],
];

function cString(s: string): string {
  return JSON.stringify(s);
}

function cProgram(): string {
  const lines = [
    '#include <stdio.h>',
    '#include <stddef.h>',
    'int main(void)',
    '{',
    ...CASES.map(([fmt, args]) => `  printf(${cString(fmt)}${args ? `, ${args}` : ''}); putchar('\\n');`),
    ...SNIPPETS.map(([code]) => `  { ${code} putchar('\\n'); }`),
    '  return 0;',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

const PRINTF_RUNTIME = ['printf.c', 'stdout_buffer.c', 'string.c', 'int64_division.c'].map(sdkLib);

describe('sdk printf', function () {
  before(function () {
    requireNative32(this);
  });

  it('formats conversions, flags, width, precision and length modifiers', () => {
    const dir = tempDir('printf');
    const src = path.join(dir, 'cases.c');
    fs.writeFileSync(src, cProgram());
    const exe = compileNative(path.join(dir, 'cases'), [src, native('stdout_shim.c'), ...PRINTF_RUNTIME],
      'shim_start', ['-Wno-format']);
    const r = runNative(exe);
    assert.strictEqual(r.status, 0, r.stderr);
    const got = r.stdout.toString('latin1').split('\n');
    const expected = [...CASES.map((c) => c[2]), ...SNIPPETS.map((s) => s[1])];
    expected.forEach((want, i) => {
      const label = i < CASES.length ? `printf(${cString(CASES[i][0])}, ${CASES[i][1]})` : SNIPPETS[i - CASES.length][0];
      assert.strictEqual(got[i], want, label);
    });
  });

  it('hands stdout to the backend per line and in chunks of at most 244 bytes', () => {
    const dir = tempDir('chunks');
    const src = path.join(dir, 'chunks.c');
    fs.writeFileSync(src, [
      '#include <stdio.h>',
      'int main(void)',
      '{',
      '  for (int i = 0; i < 600; ++i) putchar(\'b\');',
      '  puts("");',
      '  printf("x\\n");',
      '  printf("tail");',
      '  return 0;',
      '}',
    ].join('\n'));
    const exe = compileNative(path.join(dir, 'chunks'), [src, native('stdout_shim.c'), ...PRINTF_RUNTIME], 'shim_start');
    const r = runNative(exe);
    assert.strictEqual(r.stdout.toString('latin1'), `${'b'.repeat(600)}\nx\ntail`);
    const chunks = [...r.stderr.matchAll(/\[chunk (0x[0-9a-f]+)\]/g)].map((m) => Number(m[1]));
    // 601 bytes: 244 + 244 + 113 (ends with '\n'); "x\n"; "tail" at exit.
    assert.deepStrictEqual(chunks, [244, 244, 113, 2, 4]);
  });
});
