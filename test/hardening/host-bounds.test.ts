// Issue 11, items 4 and 5, with real processes and sockets: `fiasco run` bounded in instructions, input
// files and a closed pipe; `fiasco dap` surviving malformed traffic over stdio and TCP.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { nedScriptWorkspace, LECTURE_CONF } from '../l4re/l4re-helpers';
import { CLI_MAIN, HELLO_CONF, RawDapClient, frame } from './raw-dap-client';

function fiasco(args: string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string; ms: number } {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8', timeout, maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

const NO_STACK = /\n\s+at [^\n]+\(|\bat Object\.|\.js:\d+:\d+/;

describe('host bounds: fiasco run', function () {
  this.timeout(120_000);

  it('stops an endless Lua loop of a ned script at --max-instructions, status 3', () => {
    const conf = nedScriptWorkspace({ 'spin.cfg': 'L4.default_loader:start({}, "rom/hello")\nwhile true do end\n' }, 'fiasco-spin-');
    const r = fiasco(['run', '--conf', conf, '--entry', 'spin', '--max-instructions', '20000000']);
    assert.strictEqual(r.status, 3, r.stderr);
    assert.match(r.stdout, /Hello World!/);
    // The roles' line (servers/bin taken), then the stop.
    assert.match(r.stderr, /^(fiasco run: roles: [^\n]*\n)?fiasco run: stopped after 2\d{7} instructions \(--max-instructions\)\n$/);
  });

  it('counts only executed instructions for --max-instructions, not idle time skipped while threads sleep', () => {
    const machine = Machine.boot({ modulesList: LECTURE_CONF, entry: 'sleep' });
    for (let i = 0; i < 10_000; i++) if (machine.runSlice(1_000_000).kind !== 'budget') break;
    const retired = machine.retiredInstructions;
    assert.ok(machine.instructions > 2 * retired, `the sleep example idles most of its time (${machine.instructions} vs ${retired})`);
    const r = fiasco(['run', '--conf', LECTURE_CONF, '--entry', 'sleep', '--max-instructions', String(retired + 1000)]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /done sleeping/);
    const short = fiasco(['run', '--conf', LECTURE_CONF, '--entry', 'sleep', '--max-instructions', String(Math.floor(retired / 2))]);
    assert.strictEqual(short.status, 3, short.stderr);
  });

  it('has a default instruction limit (named in the usage) and lifts it with --max-instructions unlimited', () => {
    assert.match(fiasco(['help']).stdout, /stops after 2000000000 instructions unless --max-instructions/);
    const r = fiasco(['run', '--conf', HELLO_CONF, '--entry', 'hello', '--max-instructions', 'unlimited']);
    assert.strictEqual(r.status, 0, r.stderr);
    // The serial console as on the real system: sigma0's and moe's boot log, then the program's line.
    assert.match(r.stdout, /^SIGMA0: Hello!\n[\s\S]*\nMOE: loading 'rom\/hello'\nhello\n$/);
    const bad = fiasco(['run', '--conf', HELLO_CONF, '--max-instructions', '-5']);
    assert.strictEqual(bad.status, 2);
  });

  it('fails fast with a clear message for --conf /dev/zero', () => {
    const r = fiasco(['run', '--conf', '/dev/zero'], 10_000);
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stderr, /^fiasco run: \/dev\/zero: cannot read the modules list \(is a character device, not a regular file\)/);
    assert.ok(r.ms < 10_000);
  });

  it('fails fast for a modules list bigger than the limit, and for a FIFO', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-big-'));
    const big = path.join(dir, 'modules.lst');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 64 * 1024 * 1024);
    const r = fiasco(['run', '--conf', big], 10_000);
    assert.strictEqual(r.status, 1, r.stderr);
    assert.match(r.stderr, /is 67108864 bytes, more than the limit of 4194304 bytes/);
    const fifo = path.join(dir, 'fifo.lst');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      const f = fiasco(['run', '--conf', fifo], 10_000);
      assert.strictEqual(f.status, 1, f.stderr);
      assert.match(f.stderr, /is a FIFO, not a regular file/);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits quietly when the reader of its output goes away (fiasco run … | head -3)', () => {
    const conf = nedScriptWorkspace({ 'chatty.cfg': 'L4.default_loader:start({}, "rom/hello")\nlocal i = 0\nwhile true do i = i + 1 print("line " .. i) end\n' }, 'fiasco-chatty-');
    const err = path.join(path.dirname(conf), 'stderr.txt');
    const started = Date.now();
    // ned's lines only (sigma0 and moe print their boot log first; ned's are untagged), line by line.
    const filter = `sed -u 's/\\x1b\\[[0-9;]*m//g' | grep --line-buffered '^line '`;
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI_MAIN}" run --conf "${conf}" --entry chatty --max-instructions unlimited 2>"${err}" | ${filter} | head -3; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 60_000 });
    assert.match(r.stdout, /^line 1\nline 2\nline 3\nstatus=0\n$/);
    assert.match(fs.readFileSync(err, 'utf8'), /^(fiasco run: roles: [^\n]*\n)?$/, 'nothing on stderr but the roles taken, no stack');
    assert.ok(Date.now() - started < 60_000);
  });
});

describe('host bounds: fiasco dap transport', function () {
  this.timeout(60_000);

  it('stdio: a body that is not JSON gets an error on stderr and the console; later requests are answered', async () => {
    const { client, child } = RawDapClient.stdio();
    try {
      client.sendRaw(frame('{"seq": 1, "type": "request", "command": "initialize", '));
      const init = await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      assert.strictEqual(init.success, true);
      const out = await client.waitFor((m) => m.event === 'output' && /not valid JSON/.test(String((m.body as { output: string }).output)));
      assert.ok(out);
      await client.stderrMatching(/fiasco dap: a DAP message body is not valid JSON/);
    } finally {
      client.close();
    }
    assert.strictEqual(await client.exit, 0);
    assert.ok(child.exitCode === 0);
  });

  it('stdio: negative, non-numeric and huge Content-Length are skipped; the next valid message is answered', async () => {
    const { client } = RawDapClient.stdio();
    try {
      client.sendRaw('Content-Length: -5\r\n\r\n');
      client.sendRaw('Content-Length: twelve\r\n\r\n{"x":1}');
      client.sendRaw('Content-Length: 99999999999999\r\n\r\n');
      const init = await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      assert.strictEqual(init.success, true);
      await client.stderrMatching(/invalid Content-Length "-5"/);
      await client.stderrMatching(/invalid Content-Length "twelve"/);
      await client.stderrMatching(/invalid Content-Length "99999999999999"|more than the limit/);
      const threads = await client.request('threads');
      assert.strictEqual(threads.success, true);
    } finally {
      client.close();
    }
    assert.strictEqual(await client.exit, 0);
  });

  it('stdio: binary junk between messages is skipped up to the next header', async () => {
    const { client } = RawDapClient.stdio();
    try {
      const junk = Buffer.alloc(5000);
      for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) & 0xff;
      client.sendRaw(junk);
      const init = await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      assert.strictEqual(init.success, true);
      client.sendRaw(Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe]), frame(JSON.stringify({ seq: 50, type: 'request', command: 'threads' }))]));
      assert.strictEqual((await client.response(50)).success, true);
      await client.stderrMatching(/skipped \d+ bytes that are not a DAP message/);
    } finally {
      client.close();
    }
  });

  it('stdio: a request without a command, or with arguments that are no object, gets an error response', async () => {
    const { client } = RawDapClient.stdio();
    try {
      client.sendRaw(frame('{"seq": 7, "type": "request"}'));
      const r = await client.response(7);
      assert.strictEqual(r.success, false);
      assert.match(String(r.message), /without a command/);
      client.sendRaw(frame('{"seq": 8, "type": "request", "command": "threads", "arguments": 5}'));
      assert.match(String((await client.response(8)).message), /arguments must be an object/);
      client.sendRaw(frame('[1,2,3]'));
      client.sendRaw(frame('null'));
      assert.strictEqual((await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' })).success, true);
    } finally {
      client.close();
    }
  });

  it('tcp: bad JSON, a bad header and junk on a socket; the connection keeps working', async () => {
    const { client, child } = await RawDapClient.tcp();
    try {
      client.sendRaw(frame('not json at all'));
      client.sendRaw('Content-Length: -1\r\n\r\n\x00\x01garbage');
      const init = await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      assert.strictEqual(init.success, true);
      await client.stderrMatching(/not valid JSON/);
      await client.stderrMatching(/invalid Content-Length "-1"/);
    } finally {
      client.close();
      child.kill();
    }
  });

  it('error responses carry a clean message, never a JS stack trace', async () => {
    const { client } = RawDapClient.stdio();
    try {
      await client.request('initialize', { adapterID: 'fiasco', pathFormat: 'path' });
      for (const command of ['stackTrace', 'scopes', 'variables', 'evaluate', 'setBreakpoints', 'readMemory', 'disassemble']) {
        const r = await client.request(command);
        assert.strictEqual(r.success, false, command);
        assert.doesNotMatch(String(r.message), NO_STACK, `${command}: ${r.message}`);
        assert.doesNotMatch(JSON.stringify(r.body ?? {}), NO_STACK, `${command}: ${JSON.stringify(r.body)}`);
      }
    } finally {
      client.close();
    }
  });

  it('writeMemory rejects invalid base64 with an error response and writes nothing', async () => {
    const { client } = RawDapClient.stdio();
    try {
      const ip = await client.launchHello();
      const before = await client.request('readMemory', { memoryReference: ip, count: 8 });
      for (const data of ['!!!!', 'a', 'ab=c', 'Zm9v YmFy', 'Zm9vYmFy====', 'Zm9=YmFy']) {
        const r = await client.request('writeMemory', { memoryReference: ip, data });
        assert.strictEqual(r.success, false, data);
        assert.match(String(r.message), /not valid base64/);
      }
      const after = await client.request('readMemory', { memoryReference: ip, count: 8 });
      assert.deepStrictEqual(after.body, before.body);
      const ok = await client.request('writeMemory', { memoryReference: ip, data: (before.body as { data: string }).data });
      assert.strictEqual(ok.success, true);
    } finally {
      client.close();
    }
  });

  it('disassemble with instructionOffset -1000000000 (and +1000000000) answers at once with placeholders', async () => {
    const { client } = RawDapClient.stdio();
    try {
      const ip = await client.launchHello();
      for (const instructionOffset of [-1_000_000_000, 1_000_000_000, -10_050]) {
        const started = Date.now();
        const r = await client.request('disassemble', { memoryReference: ip, instructionOffset, instructionCount: 100 }, 10_000);
        assert.strictEqual(r.success, true, String(r.message));
        const rows = (r.body as { instructions: Array<{ presentationHint?: string }> }).instructions;
        assert.strictEqual(rows.length, 100);
        if (instructionOffset !== -10_050) assert.ok(rows.every((x) => x.presentationHint === 'invalid'));
        else assert.ok(rows.slice(0, 50).every((x) => x.presentationHint === 'invalid'), 'rows beyond the window are placeholders');
        assert.ok(Date.now() - started < 5000, `${instructionOffset}: ${Date.now() - started} ms`);
      }
    } finally {
      client.close();
    }
  });
});
