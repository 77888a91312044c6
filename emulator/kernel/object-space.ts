import { Kobject } from './kobject';
import { CAP_SHIFT } from './abi';

export interface CapEntry {
  slot: number;
  selector: number;
  object: Kobject;
  rights: number;
}

/** A task's capability table: slot number → object + rights. */
export class ObjectSpace {
  private readonly slots = new Map<number, { object: Kobject; rights: number }>();

  insert(slot: number, object: Kobject, rights: number): void {
    const old = this.slots.get(slot);
    if (old) old.object.capRefs--;
    this.slots.set(slot, { object, rights });
    object.capRefs++;
  }

  remove(slot: number): Kobject | undefined {
    const old = this.slots.get(slot);
    if (!old) return undefined;
    this.slots.delete(slot);
    old.object.capRefs--;
    return old.object;
  }

  lookup(slot: number): { object: Kobject; rights: number } | undefined {
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
      .map(([slot, e]) => ({ slot, selector: (slot << CAP_SHIFT) >>> 0, object: e.object, rights: e.rights }));
  }

  clear(): void {
    for (const slot of [...this.slots.keys()]) this.remove(slot);
  }
}

/** "rws" style text for object rights. */
export function rightsText(rights: number): string {
  return (rights & 4 ? 'r' : '-') + (rights & 1 ? 'w' : '-') + (rights & 2 ? 's' : '-') + (rights & 8 ? 'd' : '');
}
