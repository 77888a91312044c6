import { splitModuleArgs } from '../boot/module-args';
/** Moe's command line (spec §13.2): options, then the init program and its arguments. */
export interface MoeCommandLine {
  /** `rom/NAME` of the init program; default `rom/ned`. */
  init: string;
  /** Arguments for the init program (for ned: the script). */
  initArgs: string[];
  debug?: string;
  l4reDbg?: string;
  ldrFlags?: string;
  /** Options moe does not know (it ignores them too; we report them as warnings). */
  unknown: string[];
}

/** The module line's words (emulator/boot/module-args.ts). */
export const splitArgs = splitModuleArgs;

export function parseMoeCommandLine(args: string): MoeCommandLine {
  const words = splitArgs(args);
  const res: MoeCommandLine = { init: 'rom/ned', initArgs: [], unknown: [] };
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      i++;
      break;
    }
    if (!w.startsWith('--')) break;
    const eq = w.indexOf('=');
    const key = eq < 0 ? w : w.slice(0, eq);
    const val = eq < 0 ? '' : w.slice(eq + 1);
    if (key === '--init') res.init = val;
    else if (key === '--debug') res.debug = val;
    else if (key === '--l4re-dbg') res.l4reDbg = val;
    else if (key === '--ldr-flags') res.ldrFlags = val;
    else res.unknown.push(w);
  }
  res.initArgs = words.slice(i);
  return res;
}
