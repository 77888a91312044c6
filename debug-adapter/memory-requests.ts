// readMemory and writeMemory on a task's memory, through Machine's inspection API (never the kernel's
// accesses, so data breakpoints do not fire). Bounded, and strict about what they accept.
import { DebugProtocol } from '@vscode/debugprotocol';
import { Machine } from '../emulator/machine';
import type { Task } from '../emulator/kernel/task';
import { hex32 } from '../emulator/util/hex';
import { RequestError } from './request-errors';

/** Largest readMemory request served. */
const MAX_READ = 1 << 20;

/** Standard base64 (RFC 4648 §4), padded or not, whitespace-free. */
function isBase64(text: string): boolean {
  return text.length % 4 !== 1 && /^[A-Za-z0-9+/]*={0,2}$/.test(text) && !/=[^=]/.test(text) && (!text.includes('=') || text.length % 4 === 0);
}

export function readMemory(task: Task, address: number, args: DebugProtocol.ReadMemoryArguments): DebugProtocol.ReadMemoryResponse['body'] {
  if (!Number.isInteger(args.count) || args.count < 0 || args.count > MAX_READ) throw new RequestError(3003, `readMemory: count must be 0..${MAX_READ}`);
  const start = (address + (args.offset ?? 0)) >>> 0;
  const bytes: number[] = [];
  for (let i = 0; i < args.count; i++) {
    const b = Machine.readMemory(task, (start + i) >>> 0, 1);
    if (!b) break;
    bytes.push(b[0]);
  }
  return { address: hex32(start), data: Buffer.from(bytes).toString('base64'), unreadableBytes: args.count - bytes.length };
}

/** Writes byte by byte up to the first unmapped byte; returns how many were written. */
export function writeMemory(task: Task, address: number, args: DebugProtocol.WriteMemoryArguments): number {
  if (typeof args.data !== 'string') throw new RequestError(3004, 'writeMemory needs base64 data');
  // Buffer.from skips characters that are not base64 and would write garbage: check the text first.
  if (!isBase64(args.data)) throw new RequestError(3007, 'writeMemory: data is not valid base64 (A-Z a-z 0-9 + / with = padding)');
  const data = Buffer.from(args.data, 'base64');
  const start = (address + (args.offset ?? 0)) >>> 0;
  let written = 0;
  for (; written < data.length; written++) {
    if (!Machine.writeMemory(task, (start + written) >>> 0, data.subarray(written, written + 1))) break;
  }
  if (written < data.length && !args.allowPartial) throw new RequestError(3005, `writeMemory: ${hex32(start + written)} is not mapped in ${task.name} (${written} of ${data.length} bytes written)`);
  return written;
}
