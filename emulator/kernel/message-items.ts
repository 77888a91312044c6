import type { Kernel } from './kernel';
import type { Thread } from './thread';
import type { Task } from './task';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
import { itemRightsMask } from './rights-table';
import {
  CAP_RIGHT_R,
  CAP_SHIFT,
  FPAGE_TYPE_MEMORY,
  FPAGE_TYPE_OBJ,
  IPC_ERR,
  MEM_RIGHT_R,
  MEM_RIGHT_W,
  MEM_RIGHT_X,
  UTCB_BDR_OFFSET,
  UTCB_BR_OFFSET,
  UTCB_MR_OFFSET,
} from './abi';

/** Map item control word bits (spec §7.2). */
const ITEM_MAP = 8;
const ITEM_GRANT = 2;
const ITEM_CONT = 1;
/** Receive buffer single-cap form: `sel | 0x0A` (spec §7.3). */
const RCV_SINGLE_CAP = 0x2;
/** Returned item types in the receiver's MRs (bits 1-2). */
const RET_MAPPED = 0;

export interface Fpage {
  address: number;
  order: number;
  type: number;
  rights: number;
}

export function decodeFpage(raw: number): Fpage {
  return { address: (raw & ~0xfff) >>> 0, order: (raw >>> 6) & 0x3f, type: (raw >>> 4) & 3, rights: raw & 0xf };
}

function memRightsToProt(r: number): number {
  return (r & MEM_RIGHT_R ? PROT_R : 0) | (r & MEM_RIGHT_W ? PROT_W : 0) | (r & MEM_RIGHT_X ? PROT_X : 0);
}

/** Maps `count` object capabilities from `from` (starting at slot) into `to` at `toSlot`, rights masked. */
export function mapCaps(kernel: Kernel, from: Task, slot: number, count: number, to: Task, toSlot: number, rights: number, grant: boolean): number {
  let mapped = 0;
  for (let i = 0; i < count; i++) {
    const e = from.caps.lookup(slot + i);
    // A capability mapped without the read right is no capability (Fiasco: Obj_space Attr::empty()).
    if (!e || !(e.rights & rights & CAP_RIGHT_R)) continue;
    if (from === to && slot + i === toSlot + i) {
      // mapping a slot onto itself only reduces rights
      to.caps.insert(toSlot + i, e.object, e.rights & rights);
      continue;
    }
    to.caps.insert(toSlot + i, e.object, e.rights & rights);
    if (grant) {
      from.caps.remove(slot + i);
      kernel.mappings.move('cap', from.id, slot + i, to.id, toSlot + i);
    } else {
      kernel.mappings.record('cap', from.id, slot + i, to.id, toSlot + i);
    }
    kernel.emitMapping({ kind: 'cap', task: to, index: toSlot + i, object: e.object.toString(), from });
    mapped++;
  }
  return mapped;
}

/**
 * Maps the pages of a memory fpage of `from` into `to` at `toAddress`, rights masked by the fpage rights.
 * Pages the source has not mapped are skipped, as in Fiasco. Returns the number of pages mapped.
 */
export function mapMemory(kernel: Kernel, from: Task, fp: Fpage, to: Task, toAddress: number, grant: boolean): number {
  const size = 2 ** Math.max(fp.order, 12);
  let mapped = 0;
  for (let off = 0; off < size; off += PAGE_SIZE) {
    const src = (fp.address + off) >>> 0;
    const m = from.as.lookup(src);
    if (!m) continue;
    const prot = m.prot & memRightsToProt(fp.rights);
    if (!prot) continue;
    const dst = (toAddress + off) >>> 0;
    to.as.map(dst, m.pa, prot);
    if (grant && !(from === to && src === dst)) {
      from.as.unmap(src);
      kernel.mappings.move('mem', from.id, src, to.id, dst);
    } else {
      kernel.mappings.record('mem', from.id, src, to.id, dst);
    }
    kernel.emitMapping({ kind: 'mem', task: to, index: dst, object: `frame 0x${m.pa.toString(16)}`, from });
    mapped++;
  }
  return mapped;
}

/**
 * Transfers the typed items of a message (after `words` untyped words) into the receiver's buffers, as
 * described by its BDR and buffer registers, and rewrites the items in the receiver's MRs as Fiasco does.
 * Returns 0, or an IPC error code (SEMAPFAILED) when the receiver has no buffer for an item.
 */
export function transferItems(kernel: Kernel, sender: Thread, receiver: Thread, words: number, items: number): number {
  const rAs = receiver.task.as;
  const bdr = rAs.readU32(receiver.utcb + UTCB_BDR_OFFSET) ?? 0;
  let memBr = bdr & 0x1f;
  let objBr = (bdr >>> 10) & 0x1f;
  const br = (i: number): number => rAs.readU32(receiver.utcb + UTCB_BR_OFFSET + 4 * i) ?? 0;
  for (let i = 0; i < items; i++) {
    const mrIndex = words + 2 * i;
    const w0 = sender.mr(mrIndex);
    const w1 = sender.mr(mrIndex + 1);
    if (w0 === 0) continue; // void item
    if (!(w0 & ITEM_MAP)) continue;
    const fp = decodeFpage(w1);
    const grant = (w0 & ITEM_GRANT) !== 0;
    if (fp.type === FPAGE_TYPE_OBJ) {
      const buf = br(objBr);
      if (!(buf & ITEM_MAP)) return IPC_ERR.SEMAPFAILED;
      const count = 2 ** fp.order;
      let dest: number;
      if (buf & RCV_SINGLE_CAP) dest = buf >>> CAP_SHIFT;
      else dest = br(objBr + 1) >>> CAP_SHIFT;
      mapCaps(kernel, sender.task, fp.address >>> CAP_SHIFT, count, receiver.task, dest, fp.rights & itemRightsMask(sender.sendRights), grant);
      objBr += buf & RCV_SINGLE_CAP ? 1 : 2;
    } else if (fp.type === FPAGE_TYPE_MEMORY) {
      const buf = br(memBr);
      if (!(buf & ITEM_MAP)) return IPC_ERR.SEMAPFAILED;
      const win = decodeFpage(br(memBr + 1));
      const winSize = 2 ** Math.min(win.order, 32);
      const sendSize = 2 ** Math.max(fp.order, 12);
      if (sendSize > winSize) return IPC_ERR.SEMAPFAILED;
      // The send base ("hot spot") picks where in a larger window the fpage lands.
      const hot = (w0 & ~0xfff) >>> 0;
      const dest = (win.address + ((hot % winSize) - ((hot % winSize) % sendSize))) >>> 0;
      mapMemory(kernel, sender.task, fp, receiver.task, win.order >= 32 ? (hot - (hot % sendSize)) >>> 0 : dest, grant);
      if (!(w0 & ITEM_CONT)) memBr += 2;
    }
    // What the receiver finds: the control word with the fpage's order/type and "mapped".
    rAs.writeU32(receiver.utcb + UTCB_MR_OFFSET + 4 * mrIndex, ((w0 & ~0xff6) | (w1 & 0xff0) | RET_MAPPED) >>> 0);
    rAs.writeU32(receiver.utcb + UTCB_MR_OFFSET + 4 * (mrIndex + 1), w1);
  }
  return 0;
}
