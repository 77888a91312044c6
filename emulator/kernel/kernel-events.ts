import type { Kobject } from './kobject';
import type { Task } from './task';
import type { Thread } from './thread';
import { decodeTag } from './abi';

/** One system call as it entered the kernel (before it ran). */
export interface SyscallEvent {
  thread: Thread;
  tag: number;
  dest: number;
  flags: number;
  timeout: number;
  /** The object the capability named, if any. */
  target?: Kobject;
}

/** One step of a message: its send phase, or its arrival at a receiver. */
export interface IpcEvent {
  kind: 'send' | 'receive' | 'call' | 'reply';
  from: Thread;
  to?: Kobject;
  tag: number;
  label: number;
  words: number[];
  error?: number;
}

/** Everything the kernel reports, synchronously, to the machine, the debugger and the tests. */
export interface KernelEvents {
  output: { task: Task; thread: Thread; text: string };
  'thread-created': Thread;
  'thread-exited': Thread;
  'task-created': Task;
  'task-exited': { task: Task; exitCode: number };
  syscall: SyscallEvent;
  ipc: IpcEvent;
  'page-fault': { thread: Thread; address: number; write: boolean; eip: number; resolved: boolean };
  exception: { thread: Thread; trapno: number; errorCode: number; message: string };
  /** A blocked IPC reached its timeout: `error` is SETIMEOUT or RETIMEOUT (l4_sleep ends this way too). */
  'ipc-timeout': { thread: Thread; partner?: Kobject; error: number };
  /** A capability slot or a page changed: `object` says what is there now (undefined: emptied). */
  mapping: { kind: 'cap' | 'mem'; task: Task; index: number; object: string | undefined; from?: Task };
  'object-created': { object: Kobject; by?: Thread };
  'object-destroyed': { object: Kobject };
  'thread-state': { thread: Thread; from: string; to: string };
  /** A loader announced a program image in a task (l4_debugger_add_image_info): its base and file name. */
  'image-info': { task: Task; base: number; name: string };
  /** enter_kdebug(): a program asked for the kernel debugger. */
  'enter-debugger': { thread: Thread; text: string };
}

/** An event shows at most this many message words: enough to recognise a protocol, cheap to copy. */
const MAX_WORDS_IN_EVENT = 8;

/** The first message registers of `t` that a message with `rawTag` carries (for an 'ipc' event). */
export function messageWords(t: Thread, rawTag: number): number[] {
  const words: number[] = [];
  const n = Math.min(decodeTag(rawTag).words, MAX_WORDS_IN_EVENT);
  for (let i = 0; i < n; i++) words.push(t.mr(i));
  return words;
}
