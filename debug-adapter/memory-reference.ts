// DAP memory references name the task whose address space they read: "task:<task id>:0x<address>".

export interface MemoryReference {
  taskId: number;
  address: number;
}

export function encodeMemoryReference(taskId: number, address: number): string {
  return `task:${taskId}:0x${(address >>> 0).toString(16).padStart(8, '0')}`;
}

/** Parses "task:3:0x08048000"; a bare "0x..." or decimal uses `defaultTaskId`. */
export function decodeMemoryReference(ref: string, defaultTaskId?: number): MemoryReference | undefined {
  const m = /^task:(\d+):(0x[0-9a-f]+|\d+)$/i.exec(ref.trim());
  if (m) return { taskId: Number(m[1]), address: Number(m[2]) >>> 0 };
  const bare = /^(0x[0-9a-f]+|\d+)$/i.exec(ref.trim());
  if (bare && defaultTaskId !== undefined) return { taskId: defaultTaskId, address: Number(bare[1]) >>> 0 };
  return undefined;
}
