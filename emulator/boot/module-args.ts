// The arguments of a modules.lst line (or of a ned start() command line) as a program gets them.

/** Splits like a shell without expansions: whitespace separates, quotes group. */
export function splitModuleArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}
