// A bound on the length of Lua strings fengari builds. The count hook sees a script only every thousand
// instructions, but `s = s .. s` doubles a string with each instruction, so the hook alone would let a
// script ask the host for gigabytes before it could step in. fengari's concatenation reads the length of
// each operand through TValue.prototype.vslen; refusing lengths above the bound there stops the doubling
// at twice the bound. The RangeError unwinds the VM like any JS exception inside fengari (which cannot
// turn it into a Lua error value there); ned asks takeStringGuardTrip() which message the script gets.
// fengari's own entry loads first, so its modules initialise in the order they expect; the plain require
// below then names the same module instance in Node and in the webpack bundle (createRequire would load a
// second, unbundled copy, starting at lobject.js, which breaks fengari's circular imports).
import 'fengari';

interface TValueClass {
  prototype: { vslen(this: unknown): number; [key: symbol]: unknown };
}

const GUARDED = Symbol.for('fiasco-studio.lua-string-size-guard');
let tripped: string | undefined;

/** The guard's message if it refused a string since the last call (then forgets it). */
export function takeStringGuardTrip(): string | undefined {
  const t = tripped;
  tripped = undefined;
  return t;
}

/** Strings longer than `maxBytes` become unusable (RangeError) in every fengari state of this process. */
export function installStringSizeGuard(maxBytes: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { TValue } = require('fengari/src/lobject.js') as { TValue: TValueClass };
  const proto = TValue.prototype;
  if (proto[GUARDED]) return;
  const original = proto.vslen;
  proto.vslen = function (this: unknown): number {
    const n = original.call(this);
    if (n > maxBytes) {
      tripped = `not enough memory (a string of ${n} bytes; ned allows ${maxBytes})`;
      throw new RangeError(tripped);
    }
    return n;
  };
  proto[GUARDED] = true;
}
