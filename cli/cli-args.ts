/** A wrong command line: the CLI prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {}

export interface CliArgs {
  positional: string[];
  /** Every `--name value` / `--name=value`, in order; flags without a value get ''. */
  options: Map<string, string[]>;
}

/** Options that never take a value. */
const FLAGS = new Set(['stdio', 'help', 'verbose']);

export function parseArgs(argv: string[]): CliArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else if (FLAGS.has(name)) value = '';
    else {
      if (i + 1 >= argv.length) throw new UsageError(`option --${name} needs a value`);
      value = argv[++i];
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options };
}

export function option(args: CliArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function optionList(args: CliArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}

export function numberOption(args: CliArgs, name: string): number | undefined {
  const v = option(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new UsageError(`--${name} wants a whole number, not "${v}"`);
  return n;
}

/** Rejects options the command does not know, so typos do not pass silently. */
export function allowOnly(args: CliArgs, names: string[]): void {
  for (const k of args.options.keys()) if (!names.includes(k)) throw new UsageError(`unknown option --${k}`);
}
