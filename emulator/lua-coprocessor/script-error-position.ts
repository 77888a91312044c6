import * as path from 'path';
import type { BootModule } from '../boot/boot-config';

/** Where a Lua error happened: the script file as the user sees it (its path on the host), the line, the message. */
export function scriptErrorPosition(raw: string, chunkName: string, script: BootModule): { file: string; line?: number; message: string } {
  const file = path.resolve(script.path ?? script.file);
  const prefix = `${chunkName}:`;
  const m = raw.startsWith(prefix) ? /^(\d+): ?(.*)$/s.exec(raw.slice(prefix.length)) : null;
  if (m) return { file, line: Number(m[1]), message: m[2] };
  return { file, message: raw.split(prefix).join(`${file}:`) };
}
