// The built-in ned's TaggedLog (emulator/l4re/ned/tagged-log.ts): this file goes with the built-in roles. Our
// moe's tagged log (servers/pkg/moe log_server.c) is checked against the real boot-ned.log in
// test/servers/moe.test.ts, and the lines our ned's programs print in test/l4re/ned.test.ts.
import * as assert from 'assert';
import { Kernel } from '../../emulator/kernel/kernel';
import { Thread } from '../../emulator/kernel/thread';
import { TaggedLog, logLinePrefix } from '../../emulator/l4re/ned/tagged-log';

describe('ned: the tagged per-application log', () => {
  function setup(): { kernel: Kernel; log: TaggedLog; thread: Thread; out: string[] } {
    const kernel = new Kernel({ memoryBytes: 16 * 1024 * 1024, instructionsPerMicrosecond: 100 });
    const task = kernel.createTask('app');
    const thread = kernel.createThread(task, 'main');
    const out: string[] = [];
    kernel.events.on('output', (e) => out.push(e.text));
    return { kernel, log: new TaggedLog(kernel, 'app', 'g'), thread, out };
  }
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

  it('prefixes every complete line with the padded tag', () => {
    const { log, thread, out } = setup();
    log.write(thread, bytes('one\ntwo\n'));
    assert.deepStrictEqual(out, ['app     | one\napp     | two\n']);
  });

  it('keeps an unfinished line until its newline, and drops NULs', () => {
    const { log, thread, out } = setup();
    log.write(thread, bytes('par'));
    assert.deepStrictEqual(out, []);
    log.write(thread, bytes('tial\0\nrest'));
    assert.deepStrictEqual(out, ['app     | partial\n']);
  });

  it('prints the unfinished line when the task exits', () => {
    const { kernel, log, thread, out } = setup();
    log.write(thread, bytes('no newline'));
    kernel.destroyTask(thread.task, 0);
    assert.deepStrictEqual(out, ['app     | no newline\n']);
  });

  it('cuts long tags to the console width', () => {
    assert.strictEqual(logLinePrefix('averyveryverylongtag'), 'averyver| ');
    assert.strictEqual(logLinePrefix(''), '        | ');
  });
});
