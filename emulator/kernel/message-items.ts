import type { KernelServices } from './kernel-services';
import type { Thread } from './thread';
import type { Task } from './task';
import { PAGE_SIZE } from '../cpu/physical-memory';
import { identityFill, identityPage } from './identity-space';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../cpu/address-space';
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

/** Control-word attribute of an object map (L4_FPAGE_C_NO_REF_CNT): the new capability keeps no reference. */
export const MAP_NO_REF_CNT = 0x10;

/**
 * Maps `count` object capabilities from `from` (starting at slot) into `to` at `toSlot`, rights masked.
 * `noRefCnt` (the control word's L4_FPAGE_C_NO_REF_CNT): a mapped IPC gate capability does not count, so the
 * gate dies with its last counted capability even while this one exists (a server's own cap of its gates);
 * other objects ignore the flag (only IPC gates may be held without reference, as the L4Re docs say).
 */
export function mapCaps(kernel: KernelServices, from: Task, slot: number, count: number, to: Task, toSlot: number, rights: number, grant: boolean, noRefCnt = false): number {
  let mapped = 0;
  for (let i = 0; i < count; i++) {
    const e = from.caps.lookup(slot + i);
    // A capability mapped without the read right is no capability (Fiasco: Obj_space Attr::empty()).
    if (!e || !(e.rights & rights & CAP_RIGHT_R)) continue;
    if (from === to && slot + i === toSlot + i) {
      // mapping a slot onto itself only reduces rights
      to.caps.insert(toSlot + i, e.object, e.rights & rights, e.counted);
      continue;
    }
    to.caps.insert(toSlot + i, e.object, e.rights & rights, !(noRefCnt && e.object.kind === 'IpcGate'));
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
export function mapMemory(kernel: KernelServices, from: Task, fp: Fpage, to: Task, toAddress: number, grant: boolean): number {
  // A grant, a map within one task (later pages may read what earlier ones wrote) and a watched boot (an event
  // per page, each seeing the database as it was then) go page by page.
  if (grant || from === to || kernel.observesMappings) return mapMemoryPageByPage(kernel, from, fp, to, toAddress, grant);
  const pages = 2 ** Math.max(fp.order, 12) / PAGE_SIZE;
  const rights = memRightsToProt(fp.rights);
  // sigma0's pages of the item exist: its RAM is all there, the page table filled lazily.
  if (from.identityMapped) identityFill(kernel, from, fp.address, pages);
  let mapped = 0;
  // Consecutive pages mapped go to the mapping database as one range (a node per aligned block, not per page),
  // and to the page table as one range while their frames are consecutive with the same rights.
  let run = 0;
  let ptFirst = 0, ptCount = 0, ptFrame = 0, ptProt = 0;
  for (let i = 0; i <= pages; i++) {
    let prot = 0, frame = 0;
    if (i < pages) {
      const e = from.as.entryAt((fp.address + i * PAGE_SIZE) >>> 0);
      if (e !== 0) {
        prot = AddressSpace.protOfEntry(e) & rights;
        frame = e & -PAGE_SIZE;
      }
    }
    if (ptCount > 0 && (!prot || prot !== ptProt || frame !== ptFrame + ptCount * PAGE_SIZE)) {
      to.as.mapRange((toAddress + ptFirst * PAGE_SIZE) >>> 0, ptFrame, ptCount, ptProt);
      ptCount = 0;
    }
    if (prot) {
      if (ptCount === 0) {
        ptFirst = i;
        ptFrame = frame;
        ptProt = prot;
      }
      ptCount++;
      run++;
      mapped++;
    } else if (run > 0) {
      const first = i - run;
      kernel.mappings.recordRange(from.id, (fp.address + first * PAGE_SIZE) >>> 0, to.id, (toAddress + first * PAGE_SIZE) >>> 0, run);
      run = 0;
    }
  }
  return mapped;
}

/** mapMemory one page at a time, with an event per page when the kernel's mapping events are observed. */
function mapMemoryPageByPage(kernel: KernelServices, from: Task, fp: Fpage, to: Task, toAddress: number, grant: boolean): number {
  const size = 2 ** Math.max(fp.order, 12);
  let mapped = 0;
  for (let off = 0; off < size; off += PAGE_SIZE) {
    const src = (fp.address + off) >>> 0;
    const m = from.as.lookup(src) ?? identityPage(kernel, from, src);
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
    if (kernel.observesMappings) kernel.emitMapping({ kind: 'mem', task: to, index: dst, object: `frame 0x${m.pa.toString(16)}`, from });
    mapped++;
  }
  return mapped;
}

/** Receive buffer bits (l4_msg_item.cpp L4_buf_item): forward to another task, single-cap form, receive id. */
const BUF_FWD = 0x1;
const BUF_RCV_ID = 0x4;
/** Return item types (L4_return_item_writer::Rcv_type). */
const RET_MAP_NOTHING = 2;
const RET_ID = 4;
const RET_FLEXPAGE = 6;

/** Words a buffer item takes: 1 (small) or 2 (with a receive flexpage), plus 1 for the forward task. */
function bufferWords(buf: number): number {
  return (buf & RCV_SINGLE_CAP ? 1 : 2) + (buf & BUF_FWD ? 1 : 0);
}

/**
 * Transfers the typed items of a message (after `words` untyped words) into the receiver's buffers, as
 * described by its BDR and buffer registers, and rewrites the items in the receiver's MRs as Fiasco does
 * (thread-ipc.cpp transfer_msg_items): a buffer with the rcv_id bit gets the sent flexpage (same task) or an
 * IPC gate's label | W/S rights (the gate's thread is in the receiving task) instead of a mapping.
 * Returns 0, or an IPC error code (SEMAPFAILED) when the receiver has no fitting buffer for an item.
 */
export function transferItems(kernel: KernelServices, sender: Thread, receiver: Thread, words: number, items: number): number {
  const rAs = receiver.task.as;
  const bdr = rAs.readU32(receiver.utcb + UTCB_BDR_OFFSET) ?? 0;
  let memBr = bdr & 0x1f;
  let objBr = (bdr >>> 10) & 0x1f;
  const br = (i: number): number => rAs.readU32(receiver.utcb + UTCB_BR_OFFSET + 4 * i) ?? 0;
  for (let i = 0; i < items; i++) {
    const mrIndex = words + 2 * i;
    const w0 = sender.mr(mrIndex);
    const w1 = sender.mr(mrIndex + 1);
    const out = (ret: number, payload: number): void => {
      rAs.writeU32(receiver.utcb + UTCB_MR_OFFSET + 4 * mrIndex, ((w0 & ~0xff6) | (w1 & 0xff0) | ret) >>> 0);
      rAs.writeU32(receiver.utcb + UTCB_MR_OFFSET + 4 * (mrIndex + 1), payload >>> 0);
    };
    if (w0 === 0) {
      rAs.writeU32(receiver.utcb + UTCB_MR_OFFSET + 4 * mrIndex, 0);
      continue; // void item
    }
    if (!(w0 & ITEM_MAP)) continue;
    const fp = decodeFpage(w1);
    const grant = (w0 & ITEM_GRANT) !== 0;
    if (fp.type === FPAGE_TYPE_OBJ) {
      const buf = br(objBr);
      if (!(buf & ITEM_MAP)) return IPC_ERR.SEMAPFAILED;
      if (!(w0 & ITEM_CONT)) objBr += bufferWords(buf);
      if (buf & BUF_RCV_ID && buf & RCV_SINGLE_CAP) {
        if (sender.task === receiver.task) {
          out(RET_FLEXPAGE, w1);
          continue;
        }
        const e = sender.task.caps.lookup(fp.address >>> CAP_SHIFT);
        const gate = e?.object as { thread?: Thread; label?: number; kind: string } | undefined;
        if (e && gate && gate.kind === 'IpcGate' && gate.thread?.task === receiver.task) {
          out(RET_ID, ((gate.label ?? 0) | (e.rights & fp.rights & 3)) >>> 0);
          continue;
        }
      }
      const dstTask = buf & BUF_FWD ? forwardTask(receiver, br(objBr - 1)) : receiver.task;
      if (!dstTask) return IPC_ERR.SEMAPFAILED;
      const dest = buf & RCV_SINGLE_CAP ? buf >>> CAP_SHIFT : br(objBr - bufferWords(buf) + 1) >>> CAP_SHIFT;
      const n = mapCaps(kernel, sender.task, fp.address >>> CAP_SHIFT, 2 ** fp.order, dstTask, dest, fp.rights & itemRightsMask(sender.sendRights), grant, (w0 & MAP_NO_REF_CNT) !== 0);
      out(n ? RET_MAPPED : RET_MAP_NOTHING, w1);
    } else if (fp.type === FPAGE_TYPE_MEMORY) {
      const buf = br(memBr);
      if (!(buf & ITEM_MAP)) return IPC_ERR.SEMAPFAILED;
      const win = decodeFpage(br(memBr + 1));
      const dstTask = buf & BUF_FWD ? forwardTask(receiver, br(memBr + 2)) : receiver.task;
      if (!dstTask) return IPC_ERR.SEMAPFAILED;
      const winSize = 2 ** Math.min(win.order, 32);
      const sendSize = 2 ** Math.max(fp.order, 12);
      if (!(w0 & ITEM_CONT)) memBr += bufferWords(buf);
      // The send base ("hot spot") picks where in a larger window the fpage lands; a smaller window takes
      // the part of the fpage the hot spot points into.
      const hot = (w0 & ~0xfff) >>> 0;
      let src = fp;
      let size = sendSize;
      if (sendSize > winSize) {
        size = winSize;
        src = { ...fp, address: (fp.address + ((hot % sendSize) - ((hot % sendSize) % winSize))) >>> 0, order: Math.min(win.order, 32) };
      }
      const dest = win.order >= 32 ? (hot - (hot % size)) >>> 0 : (win.address + ((hot % winSize) - ((hot % winSize) % size))) >>> 0;
      const n = mapMemory(kernel, sender.task, src, dstTask, dest, grant);
      out(n ? RET_MAPPED : RET_MAP_NOTHING, w1);
    }
  }
  return 0;
}

/** The task a forwarding buffer names (its capability needs the W right), as transfer_msg_lookup_dst_tsk. */
function forwardTask(receiver: Thread, word: number): Task | undefined {
  const e = receiver.task.caps.lookup(word >>> CAP_SHIFT);
  if (!e || e.object.kind !== 'Task' || !(e.rights & 1)) return undefined;
  return e.object as Task;
}
