// What the tests of our user-level moe share: a search path that resolves moe to servers/bin/moe (the
// prebuilt C moe) and everything else to the real L4Re build in shared/l4re-x86.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO, requireFixture } from '../real-l4re/fixture';

/** The prebuilt user-level moe (servers/pkg/moe, built by `fiasco build servers`). */
export const OUR_MOE = path.join(REPO, 'servers', 'bin', 'moe');

/**
 * A folder holding only our moe, to put before the real binaries on the search path: servers/bin may also
 * hold our sigma0, and these tests pair our moe with the real sigma0.
 */
export function ourMoeOnly(): string {
  if (!fs.existsSync(OUR_MOE)) throw new Error(`${OUR_MOE} is missing: run \`fiasco build servers\``);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'our-moe-'));
  fs.copyFileSync(OUR_MOE, path.join(dir, 'moe'));
  return dir;
}

export interface RealParts {
  bin: string;
  reference: string;
  modulesList: string;
}

/** The real build's binaries, QEMU logs and modules.list, or a counted skip when shared/l4re-x86 is absent. */
export function requireRealParts(ctx: Mocha.Context): RealParts {
  return {
    bin: requireFixture(ctx, 'bin'),
    reference: requireFixture(ctx, 'reference'),
    modulesList: requireFixture(ctx, 'conf/modules.list'),
  };
}

export interface OurMoeBoot {
  /** The real build's parts (set before each test). */
  real: RealParts;
  /** A folder holding only our moe (made before each test, removed after it). */
  ourMoe: string;
}

/**
 * Registers, in the calling describe block, what every test pairing our moe with the real parts needs:
 * before each test the real parts (or a counted skip) and a folder with only our moe, removed after it.
 */
export function ourMoeBesideRealParts(): OurMoeBoot {
  const boot = { real: undefined as unknown as RealParts, ourMoe: '' };
  beforeEach(function () {
    boot.real = requireRealParts(this);
    boot.ourMoe = ourMoeOnly();
  });
  afterEach(() => {
    if (boot.ourMoe) fs.rmSync(boot.ourMoe, { recursive: true, force: true });
    boot.ourMoe = '';
  });
  return boot;
}
