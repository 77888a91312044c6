// Every row of the rights table (emulator/kernel/rights-table.ts), tried with a capability that lacks each
// needed right (-L4_EPERM, the object never runs) and with one that has them (the object runs). Plus the
// rights of mapped items: S masked by the sender's capability, memory rights by the mapper's page rights.
import * as assert from 'assert';
import { RIGHTS_TABLE, RightsRule } from '../../emulator/kernel/rights-table';
import type { Kobject } from '../../emulator/kernel/kobject';
import { Factory } from '../../emulator/kernel/factory';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import { Irq } from '../../emulator/kernel/irq';
import { Semaphore } from '../../emulator/kernel/semaphore';
import {
  CAP_RIGHT_D,
  CAP_RIGHT_R,
  CAP_RIGHT_S,
  CAP_RIGHT_W,
  CAP_RIGHTS_RWS,
  CAP_RIGHTS_RWSD,
  FPAGE_TYPE_MEMORY,
  FPAGE_TYPE_OBJ,
  L4_ERR,
  PROTO,
  SYSF_RECV,
  SYSF_SEND,
  fpage,
} from '../../emulator/kernel/abi';
import { PROT_R, PROT_W } from '../../emulator/cpu/address-space';
import { Harness, call, giveCap, makeHarness, tagLabel } from './kernel-harness';

const OBJ_SLOT = 0x20;
const ITEM_SLOT = 0x21;

/** A fresh object of the row's kind in a fresh kernel. */
function objectFor(h: Harness, kind: string): Kobject {
  const k = h.kernel;
  switch (kind) {
    case 'Thread':
      return k.createThread(h.task, 'target');
    case 'Task':
      return k.createTask('target');
    case 'Factory':
      return new Factory('f');
    case 'IpcGate':
      return new IpcGate();
    case 'Irq':
      return new Irq();
    case 'Semaphore':
      return new Semaphore();
    case 'Icu':
      return k.icu;
    case 'Vlog':
      return k.vlog;
    case 'Scheduler':
      return k.schedulerObject;
    case 'Debugger':
      return k.debuggerObject;
    default:
      throw new Error(`rights-table test: no object for kind ${kind}`);
  }
}

/** The object the first item names, for rows with an item check. */
function itemFor(h: Harness, rule: RightsRule): Kobject {
  if (rule.object === 'Thread') return h.kernel.createTask('bind-target');
  if (rule.object === 'Icu') return new Irq();
  return h.kernel.createThread(h.task, 'item');
}

/** A message that selects the row's operation: MR0 = op, room for arguments; words = 0 for "no words" rows. */
function message(rule: RightsRule, withItem: boolean): { mrs: number[]; items: number } {
  const noWords = rule.op === undefined && (rule.operation.startsWith('trigger') || rule.operation.startsWith('up'));
  if (noWords) return { mrs: [], items: 0 };
  const op = rule.op ?? (rule.object.endsWith('Factory') ? PROTO.SEMAPHORE & 0xffffffff : 0x7fff);
  const mrs = [op >>> 0, 0, 0, 0, 0, 0];
  if (!withItem) return { mrs, items: 0 };
  return { mrs: [...mrs, 8, fpage(ITEM_SLOT << 12, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWS)], items: 1 };
}

/** Invokes the row's operation with `rights` on the object (and `itemRights` on the item); reports what happened. */
function attempt(rule: RightsRule, rights: number, itemRights?: number): { reached: boolean; label: number } {
  const h = makeHarness();
  const obj = objectFor(h, rule.object);
  let reached = false;
  const original = obj.invoke.bind(obj);
  obj.invoke = (inv) => {
    reached = true;
    return original(inv);
  };
  const sel = giveCap(h, OBJ_SLOT, obj, rights);
  if (itemRights !== undefined) giveCap(h, ITEM_SLOT, itemFor(h, rule), itemRights);
  const m = message(rule, itemRights !== undefined);
  const tag = call(h, sel, SYSF_SEND | SYSF_RECV, rule.protocol, m.mrs, m.items, (0x30 << 12) | 0xa);
  return { reached, label: tagLabel(tag) };
}

/**
 * The table holds the kernel's own objects only: moe is a user-level server, whose objects the kernel does not
 * check (a gate's label carries the caller's W and S bits to the server instead).
 */
const KERNEL_ROWS = RIGHTS_TABLE;

const bits = (r: number): number[] => [CAP_RIGHT_W, CAP_RIGHT_S, CAP_RIGHT_D].filter((b) => r & b);
const rowName = (r: RightsRule): string => `${r.object} ${r.operation}`;

describe('kernel: rights table', () => {
  it('names every operation once', () => {
    const keys = RIGHTS_TABLE.map((r) => `${r.object}/${r.protocol}/${r.op ?? '*'}`);
    assert.deepStrictEqual(keys.length, new Set(keys).size, 'duplicate rows');
  });

  for (const rule of KERNEL_ROWS) {
    for (const bit of bits(rule.needs)) {
      it(`${rowName(rule)}: without ${bit === CAP_RIGHT_W ? 'W' : 'S'} → -EPERM, the object never runs`, () => {
        const r = attempt(rule, CAP_RIGHTS_RWSD & ~bit);
        assert.strictEqual(r.label, -L4_ERR.EPERM);
        assert.strictEqual(r.reached, false);
      });
    }
    it(`${rowName(rule)}: with ${rule.needs ? 'the needed rights' : 'only R'} the object runs`, () => {
      const r = attempt(rule, rule.needs ? CAP_RIGHTS_RWSD : CAP_RIGHT_R);
      assert.strictEqual(r.reached, true);
    });
    if (rule.itemNeeds) {
      for (const bit of bits(rule.itemNeeds)) {
        it(`${rowName(rule)}: an item cap without ${bit === CAP_RIGHT_W ? 'W' : 'S'} → -EPERM`, () => {
          const r = attempt(rule, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD & ~bit);
          assert.strictEqual(r.label, -L4_ERR.EPERM);
          assert.strictEqual(r.reached, false);
        });
      }
      it(`${rowName(rule)}: an item cap with the needed rights passes the check`, () => {
        assert.strictEqual(attempt(rule, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD).reached, true);
      });
    }
  }

  describe('mapped items', () => {
    const TASK_MAP = 0;
    const mapObj = (h: Harness, dstSel: number, srcTaskRights: number, capRights: number, fpRights: number): number | undefined => {
      const log = h.kernel.vlog;
      giveCap(h, 0x40, log, capRights);
      const srcSel = giveCap(h, 0x41, h.task, srcTaskRights);
      call(h, dstSel, SYSF_SEND | SYSF_RECV, PROTO.TASK, [TASK_MAP, (0x50 << 12) >>> 0, fpage(0x40 << 12, 0, FPAGE_TYPE_OBJ, fpRights), 8, fpage(srcSel, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWS)], 1);
      return h.task.caps.lookup(0x50)?.rights;
    };

    it('task map through a destination cap without W → -EPERM and nothing mapped', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD & ~CAP_RIGHT_W);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD), undefined);
    });
    it('a mapped cap never has more rights than the mapper holds', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHTS_RWSD, CAP_RIGHT_R | CAP_RIGHT_W, CAP_RIGHTS_RWSD), CAP_RIGHT_R | CAP_RIGHT_W);
    });
    it('the fpage rights mask the mapped cap', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD, CAP_RIGHT_R | CAP_RIGHT_S), CAP_RIGHT_R | CAP_RIGHT_S);
    });
    it('S is dropped when the source task cap lacks S', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHT_R | CAP_RIGHT_W, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD), CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_D);
    });
    it('S is dropped when the destination task cap lacks S', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHT_R | CAP_RIGHT_W);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD), CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_D);
    });
    it('an fpage without R maps nothing', () => {
      const h = makeHarness();
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
      assert.strictEqual(mapObj(h, dst, CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD, CAP_RIGHT_W | CAP_RIGHT_S), undefined);
    });
    it('a read-only page stays read-only when mapped with RW rights', () => {
      const h = makeHarness();
      const frame = h.kernel.phys.allocFrame();
      h.task.as.map(0x1000_0000, frame, PROT_R);
      const dst = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
      const src = giveCap(h, 0x41, h.task, CAP_RIGHTS_RWSD);
      call(h, dst, SYSF_SEND | SYSF_RECV, PROTO.TASK, [TASK_MAP, 0x2000_0000, fpage(0x1000_0000, 12, FPAGE_TYPE_MEMORY, 6), 8, fpage(src, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWS)], 1);
      const m = h.task.as.lookup(0x2000_0000);
      assert.ok(m, 'the page was mapped');
      assert.strictEqual(m.pa, frame);
      assert.strictEqual(m.prot & PROT_W, 0);
    });
    it('an object item sent through a cap without S arrives without S (IPC map item)', () => {
      for (const [via, expected] of [[CAP_RIGHTS_RWSD, CAP_RIGHTS_RWSD], [CAP_RIGHT_R | CAP_RIGHT_W, CAP_RIGHT_R | CAP_RIGHT_W | CAP_RIGHT_D]] as const) {
        const h = makeHarness();
        const receiver = h.kernel.createThread(h.task, 'rcv');
        receiver.bindUtcb(h.kernel.allocUtcb(h.task));
        // The receiver waits (open wait) with one single-cap receive buffer at slot 0x60.
        h.task.as.writeU32(receiver.utcb + 0x100, 0); // BDR
        h.task.as.writeU32(receiver.utcb + 0x104, ((0x60 << 12) | 0xa) >>> 0);
        receiver.cpu.regs[0] = 0;
        receiver.cpu.regs[1] = 0;
        receiver.cpu.regs[2] = (0xfffff800 | SYSF_RECV | 4) >>> 0; // open wait
        h.kernel.syscall(receiver);
        assert.strictEqual(receiver.state, 'receiving');
        giveCap(h, 0x40, new IpcGate(), CAP_RIGHTS_RWSD);
        const to = giveCap(h, 0x41, receiver, via);
        call(h, to, SYSF_SEND, 0, [8, fpage(0x40 << 12, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD)], 1);
        assert.strictEqual(h.task.caps.lookup(0x60)?.rights, expected, `sent through a cap with rights ${via}`);
      }
    });
    it('unmap with L4_FP_DELETE_OBJ destroys the object only through a cap with D', () => {
      for (const [rights, destroyed] of [[CAP_RIGHTS_RWS, false], [CAP_RIGHTS_RWSD, true]] as const) {
        const h = makeHarness();
        const gate = new IpcGate();
        giveCap(h, 0x40, gate, rights);
        giveCap(h, 0x43, gate, CAP_RIGHTS_RWSD);
        const self = giveCap(h, 0x42, h.task, CAP_RIGHTS_RWSD);
        call(h, self, SYSF_SEND | SYSF_RECV, PROTO.TASK, [1, 0xc0000000, fpage(0x40 << 12, 0, FPAGE_TYPE_OBJ, CAP_RIGHTS_RWSD)], 0);
        assert.strictEqual(h.task.caps.lookup(0x40), undefined, 'the own cap is unmapped either way');
        assert.strictEqual(h.task.caps.lookup(0x43) === undefined, destroyed, `other caps after delete with rights ${rights}`);
      }
    });
  });
});
