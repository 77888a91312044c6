// The causal log after time travel: a re-run records the same messages again without piling them up, and a
// debugger's write after a travel back drops what the old future received (travel send must not go there).
import * as assert from 'assert';
import type { IpcEvent } from '../../emulator/kernel/kernel-events';
import { Task } from '../../emulator/kernel/task';
import { Thread } from '../../emulator/kernel/thread';
import { AddressSpace } from '../../emulator/cpu/address-space';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';
import { CausalLog } from '../../debug-adapter/runtime/causal-log';

describe('causal log across time travel', () => {
  const task = new Task('t', new AddressSpace(new PhysicalMemory(1 << 20)));
  const client = new Thread(task, 'client');
  const server = new Thread(task, 'server');
  const call = (): IpcEvent => ({ kind: 'call', from: client, to: server, tag: 0, label: 0, words: [] } as unknown as IpcEvent);
  const receive = (): IpcEvent => ({ kind: 'receive', from: client, to: server, tag: 0, label: 0, words: [] } as unknown as IpcEvent);

  function run(log: CausalLog, from: number): void {
    for (const at of [10, 20, 30]) {
      if (at <= from) continue;
      log.record(call(), at);
      log.record(receive(), at + 2);
    }
  }

  it('a re-run after a travel back answers as the first run did', () => {
    const log = new CausalLog();
    run(log, 0);
    run(log, 15); // travelled back to 15 and ran on
    assert.strictEqual(log.lastReceived(server, 25)?.sendClock, 20);
    assert.strictEqual(log.lastReceived(server, 100)?.sendClock, 30);
    assert.strictEqual(log.lastCall(client, 29), 20);
  });

  it('a write after a travel back drops the receives and calls of the old future', () => {
    const log = new CausalLog();
    run(log, 0);
    log.dropAfter(15); // travelled back to 15 and wrote there: the client makes no more calls
    assert.strictEqual(log.lastReceived(server, 100)?.sendClock, 10, 'the last message is the one before the write');
    assert.strictEqual(log.lastCall(client, 100), 10);
  });
});
