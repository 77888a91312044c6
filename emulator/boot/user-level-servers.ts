// Where this installation keeps its own user-level L4Re servers (servers/bin: sigma0, moe, l4re, ned built from
// servers/pkg with the SDK): beside dist/ in a packaged extension, at the repository root after tsc.
import * as fs from 'fs';
import * as path from 'path';

/** The roles our own servers provide (ned's Lua runs in its coprocessor, emulator/lua-coprocessor/lua-coprocessor.ts). */
export const USER_LEVEL_ROLES = ['sigma0', 'moe', 'l4re', 'ned'] as const;

function isServersBin(dir: string): boolean {
  return USER_LEVEL_ROLES.every((r) => fs.existsSync(path.join(dir, r)));
}

/** Absolute path of servers/bin, or undefined when this installation has none. */
export function userLevelServersDir(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const c = path.join(dir, 'servers', 'bin');
    if (isServersBin(c)) return c;
    if (path.dirname(dir) === dir) return undefined;
  }
}
