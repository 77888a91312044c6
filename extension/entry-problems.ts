// The message shown instead of starting a session when an entry cannot boot: every problem, each with its
// file and line (not only the first, as the adapter's launch error would be). Free of `vscode` for tests.
import * as path from 'path';
import type { BootError } from '../emulator/boot/boot-errors';

export interface EntryProblemsMessage {
  text: string;
  /** Where "Go to Problem" leads: the first problem that has a line. */
  first?: { file: string; line: number; column?: number };
}

/** Drops the "file:line: " prefix BootError messages carry, since the message names places itself. */
function withoutPlace(message: string): string {
  return message.replace(/^[^\s:]+(?::\d+)?: /, '');
}

export function describeEntryProblems(entry: string, problems: BootError[]): EntryProblemsMessage {
  const parts = problems.map((p) => `${p.file ? `${path.basename(p.file)}${p.line ? `:${p.line}` : ''}: ` : ''}${withoutPlace(p.message)}`);
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  const at = problems.find((p) => p.file !== undefined && p.line !== undefined);
  return {
    text: `Fiasco: entry "${entry}" cannot boot (${count}). ${parts.join(' · ')}`,
    first: at ? { file: at.file as string, line: at.line as number, column: at.column } : undefined,
  };
}
