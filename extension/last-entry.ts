// The entry last chosen for each modules list, so the picker offers it first next time (kept per workspace, in
// VS Code's workspaceState). The ordering is a plain function, testable without VS Code.

/** What the picker needs of VS Code's Memento. */
export interface EntryMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'fiasco.lastEntryByModulesList';

let memory: EntryMemory | undefined;

/** Called once at activation with context.workspaceState. */
export function useEntryMemory(m: EntryMemory): void {
  memory = m;
}

export function lastEntry(modulesList: string): string | undefined {
  return memory?.get<Record<string, string>>(KEY)?.[modulesList];
}

export async function rememberEntry(modulesList: string, entry: string): Promise<void> {
  if (!memory) return;
  const all = { ...(memory.get<Record<string, string>>(KEY) ?? {}) };
  all[modulesList] = entry;
  await memory.update(KEY, all);
}

/** The entries with the last-used one moved to the front (the list's own order otherwise). */
export function lastUsedFirst<T extends { name: string }>(entries: T[], last: string | undefined): T[] {
  const at = last === undefined ? -1 : entries.findIndex((e) => e.name === last);
  return at <= 0 ? entries : [entries[at], ...entries.slice(0, at), ...entries.slice(at + 1)];
}
