// Lists the entries of a modules list for pickers and dynamic configurations,
// turning every failure into a message (the UI shows it; nothing throws).
import * as fs from 'fs';
import { listEntries } from '../emulator/boot/boot-config';

export interface BootEntry {
  name: string;
  /** 1-based line of the `entry` keyword. */
  line: number;
}

export type BootEntriesResult = { ok: true; entries: BootEntry[] } | { ok: false; message: string };

export function readBootEntries(modulesList: string): BootEntriesResult {
  if (!fs.existsSync(modulesList)) {
    return { ok: false, message: `Fiasco: modules list "${modulesList}" does not exist. Set "modulesList" in launch.json to your conf/modules.lst.` };
  }
  let entries: BootEntry[];
  try {
    entries = listEntries(modulesList).map((e) => ({ name: e.name, line: e.line }));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `Fiasco: cannot read ${modulesList}: ${why}` };
  }
  if (entries.length === 0) {
    return { ok: false, message: `Fiasco: ${modulesList} has no "entry NAME" line. Add one, e.g. "entry hello" followed by "roottask moe --init=rom/hello".` };
  }
  return { ok: true, entries };
}
