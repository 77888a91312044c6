// Names and numbers of kernel objects depend only on the boot (issue 14): a second boot in the same process
// (the next debug session, or Restart, in the inline adapter) sees the same thread names and object ids as
// the first, even when another machine ran in between.
import * as assert from 'assert';
import * as path from 'path';
import { Machine } from '../../emulator/machine';

const LECTURE = path.resolve(__dirname, '..', '..', '..', 'examples', 'lecture', 'conf', 'modules.lst');

/** Every thread name and every capability's object (kind, id, name) after `instructions` of `entry`. */
function namesAfter(entry: string, instructions: number): string[] {
  const m = Machine.boot({ modulesList: LECTURE, entry });
  while (m.retiredInstructions < instructions && m.runSlice(200_000).kind === 'budget') { /* run */ }
  const out = m.threads().map((t) => `thread ${t.id} ${t.name}`);
  for (const task of m.tasks()) {
    for (const e of task.caps.entries()) out.push(`${task.name} slot ${e.slot}: ${e.object.kind} #${e.object.id} ${e.object.name}`);
  }
  return out;
}

describe('kernel object names and numbers depend only on the boot', function () {
  this.timeout(120_000);

  it('counter-race twice in one process, with the serializer entry run in between', () => {
    const first = namesAfter('counter-race', 3_000_000);
    namesAfter('serializer', 3_000_000);
    const second = namesAfter('counter-race', 3_000_000);
    assert.ok(first.some((l) => l.startsWith('thread')), 'threads seen');
    assert.ok(first.some((l) => / #\d+ /.test(l)), 'objects seen');
    assert.deepStrictEqual(second, first);
  });
});
