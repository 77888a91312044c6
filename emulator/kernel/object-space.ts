import { Kobject, refundQuota } from './kobject';
import { CAP_SHIFT } from './abi';

export interface CapEntry {
  slot: number;
  selector: number;
  object: Kobject;
  rights: number;
  /** False for a capability mapped with L4_FPAGE_C_NO_REF_CNT: it does not keep its object alive. */
  counted: boolean;
}

/** A task's capability table: slot number → object + rights. */
export class ObjectSpace {
  private readonly slots = new Map<number, { object: Kobject; rights: number; counted: boolean }>();

  /** `counted` false: the capability does not count as a reference (Fiasco's non-ref-counted Obj::Entry). */
  insert(slot: number, object: Kobject, rights: number, counted = true): void {
    const old = this.slots.get(slot);
    if (counted) object.capRefs++; // first, so that re-inserting the same object never looks like its last reference
    this.slots.set(slot, { object, rights, counted });
    if (old?.counted) release(old.object);
  }

  remove(slot: number): Kobject | undefined {
    const old = this.slots.get(slot);
    if (!old) return undefined;
    this.slots.delete(slot);
    if (old.counted) release(old.object);
    return old.object;
  }

  lookup(slot: number): { object: Kobject; rights: number; counted: boolean } | undefined {
    return this.slots.get(slot);
  }

  /** Finds the slot that holds an object (first one), for naming things in the views. */
  slotOf(object: Kobject): number | undefined {
    for (const [slot, e] of this.slots) if (e.object === object) return slot;
    return undefined;
  }

  entries(): CapEntry[] {
    return [...this.slots.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([slot, e]) => ({ slot, selector: (slot << CAP_SHIFT) >>> 0, object: e.object, rights: e.rights, counted: e.counted }));
  }

  clear(): void {
    for (const slot of [...this.slots.keys()]) this.remove(slot);
  }
}

/** A capability to `object` is gone; with the last one, a gate, IRQ, semaphore or factory gives back its quota. */
function release(object: Kobject): void {
  if (--object.capRefs !== 0) return;
  object.lastCapRemoved?.();
  if (object.kind !== 'Task' && object.kind !== 'Thread') refundQuota(object); // those end by destruction
}

