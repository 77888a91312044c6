// Locates the SDK (headers and runtime sources) from wherever this code
// runs: out/sdk/builder/*.js after tsc, dist/cli.js after webpack, or a
// packaged extension with sdk/ beside dist/.
import * as fs from 'fs';
import * as path from 'path';

const MARKER = path.join('include', 'l4', 'sys', 'ipc.h');

function isSdk(dir: string): boolean {
  return fs.existsSync(path.join(dir, MARKER));
}

/** Absolute path of the `sdk` directory; throws if it cannot be found. */
export function sdkRoot(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'sdk'),
    path.resolve(__dirname, '..', '..', 'sdk'),
    path.resolve(__dirname, '..', '..', '..', 'sdk'),
    path.resolve(__dirname, '..'),
  ];
  for (const c of candidates) {
    if (isSdk(c)) return c;
  }
  // Walk up as a last resort (e.g. an unusual bundle layout).
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const c = path.join(dir, 'sdk');
    if (isSdk(c)) return c;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`Fiasco SDK not found: no sdk/${MARKER.split(path.sep).join('/')} near ${__dirname}`);
}
