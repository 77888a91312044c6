// The real L4Re build of shared/l4re-x86 (never part of the repository), found next to the repo as CI lays it
// out. A local stand-in for the shared `requireFixture` helper (branch `oracle`, not merged yet): a missing
// fixture skips the test with its reason printed, so the skip is counted (mocha "pending") and never silent.
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
/** `L4RE_X86_DIR` overrides the place (a worktree that is not next to shared/). */
export const L4RE_X86 = process.env.L4RE_X86_DIR ? path.resolve(process.env.L4RE_X86_DIR) : path.resolve(REPO, '../shared/l4re-x86');

/** The absolute path of `rel` inside shared/l4re-x86, or skips the running test saying what is missing. */
export function requireFixture(ctx: Mocha.Context, rel: string): string {
  const p = path.join(L4RE_X86, rel);
  if (!fs.existsSync(p)) {
    const why = `fixture ${p} is absent (the real L4Re build lives in shared/l4re-x86 next to the repository)`;
    // eslint-disable-next-line no-console
    console.log(`      skipped: ${why}`);
    ctx.skip();
  }
  return p;
}
