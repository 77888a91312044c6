// Determinism (issue 11): every example entry, booted twice, gives the same trace hash: a SHA-256 over the
// kernel's event stream (system calls, IPC, page faults, exceptions, thread/task life), the output and the
// instruction count.
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { listEntries } from '../../emulator/boot/boot-config';

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = path.join(REPO, 'examples');
/** Enough for every example to end (the longest, sleep, ends after about 60 million). */
const LIMIT = 150_000_000;
const SLICE = 1_000_000;

/** Boots an entry, runs it to its end (or LIMIT), and hashes what happened. */
export function traceHash(modulesList: string, entry: string): { hash: string; instructions: number; end: string } {
  const machine = Machine.boot({ modulesList, entry });
  const h = crypto.createHash('sha256');
  const ev = machine.events;
  ev.on('output', (e) => h.update(`out ${e.thread.name} ${e.text}\n`));
  ev.on('syscall', (e) => h.update(`sys ${e.thread.name} ${e.tag} ${e.dest} ${e.timeout} @${machine.instructions}\n`));
  ev.on('ipc', (e) => h.update(`ipc ${e.kind} ${e.from.name} ${e.to ? `${e.to.kind}:${e.to.name}` : '-'} ${e.tag} ${e.label} ${e.words.join(',')} ${e.error ?? ''}\n`));
  ev.on('page-fault', (e) => h.update(`pf ${e.thread.name} ${e.address} ${e.write} ${e.eip} ${e.resolved}\n`));
  ev.on('exception', (e) => h.update(`exc ${e.thread.name} ${e.trapno} ${e.errorCode}\n`));
  ev.on('thread-created', (t) => h.update(`thread+ ${t.name}\n`));
  ev.on('thread-exited', (t) => h.update(`thread- ${t.name}\n`));
  ev.on('task-exited', (e) => h.update(`task- ${e.task.name} ${e.exitCode}\n`));
  let end = 'limit';
  while (machine.instructions < LIMIT) {
    const r = machine.runSlice(SLICE);
    if (r.kind === 'fault') h.update(`fault ${r.message}\n`);
    else if (r.kind === 'ended') {
      end = `ended ${r.exitCode}`;
      break;
    } else if (r.kind !== 'budget') h.update(`stop ${r.kind}\n`);
  }
  h.update(`end ${end} ${machine.instructions}\n`);
  return { hash: h.digest('hex'), instructions: machine.instructions, end };
}

describe('determinism: the same boot twice gives the same trace hash', function () {
  this.timeout(300_000);
  for (const example of fs.readdirSync(EXAMPLES).sort()) {
    const conf = path.join(EXAMPLES, example, 'conf', 'modules.lst');
    if (!fs.existsSync(conf)) continue;
    for (const { name } of listEntries(conf)) {
      it(`examples/${example} ${name}`, () => {
        const a = traceHash(conf, name);
        const b = traceHash(conf, name);
        assert.ok(a.instructions > 0);
        assert.deepStrictEqual(b, a);
      });
    }
  }
});
