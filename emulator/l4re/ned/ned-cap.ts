import type { Kobject } from '../../kernel/kobject';

/** A capability as the built-in ned's script holds it: an object and the rights it will be mapped with. */
export interface NedCap {
  object: Kobject;
  rights: number;
}
