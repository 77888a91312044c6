import type { Machine } from '../emulator/machine';
import { decodeTag, ipcErrorName, protocolName } from '../emulator/kernel/abi';
import { hex32 } from '../emulator/util/hex';

function tagText(raw: number): string {
  const t = decodeTag(raw);
  const proto = protocolName(t.label);
  return `tag ${hex32(raw)} (label ${proto ?? t.label}, ${t.words} words, ${t.items} items${t.flags ? `, flags ${hex32(t.flags)}` : ''})`;
}

/** Prints the kernel events `fiasco run --trace` asks for, one line each, stamped with the emulated clock. */
export function attachTrace(machine: Machine, kinds: Set<string>, print: (line: string) => void): void {
  const at = (): string => `[${machine.instructions}]`;
  if (kinds.has('syscall')) {
    machine.events.on('syscall', (e) => print(`${at()} syscall ${e.thread.name}: dest ${hex32(e.dest)} ${tagText(e.tag)}${e.target ? ` → ${e.target}` : ''}`));
  }
  if (kinds.has('ipc')) {
    machine.events.on('ipc', (e) =>
      print(`${at()} ipc ${e.kind} ${e.from.name} → ${e.to ?? '(nothing)'}: ${tagText(e.tag)} mr=[${e.words.map((w) => hex32(w)).join(' ')}]${e.error ? ` error ${ipcErrorName(e.error)}` : ''}`),
    );
  }
  if (kinds.has('pf')) {
    machine.events.on('page-fault', (e) => print(`${at()} pf ${e.thread.name}: ${e.write ? 'write' : 'read'} ${hex32(e.address)} at eip ${hex32(e.eip)}${e.resolved ? '' : ' (unresolved)'}`));
  }
  if (kinds.has('exception')) {
    machine.events.on('exception', (e) => print(`${at()} exception ${e.message}`));
  }
}
