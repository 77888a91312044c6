// The real L4Re build of shared/l4re-x86 (never part of the repository), found next to the repo as CI lays it
// out. An absent fixture is a counted skip (test/support/require-tool.ts), even under CI: users do not have it.
import * as path from 'path';
import { requireFixture as requireSharedFixture } from '../support/require-tool';

export const REPO = path.resolve(__dirname, '..', '..', '..');
/** `L4RE_X86_DIR` overrides the place (a worktree that is not next to shared/). */
export const L4RE_X86 = process.env.L4RE_X86_DIR ? path.resolve(process.env.L4RE_X86_DIR) : path.resolve(REPO, '../shared/l4re-x86');

/** The absolute path of `rel` inside shared/l4re-x86, or skips the running test (counted) saying what is missing. */
export function requireFixture(ctx: Mocha.Context, rel: string): string {
  const p = path.join(L4RE_X86, rel);
  requireSharedFixture(ctx, p, 'the real L4Re build lives in shared/l4re-x86 next to the repository');
  return p;
}
