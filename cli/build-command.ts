import * as path from 'path';
import { buildTree } from '../sdk/builder';
import { CliArgs, allowOnly } from './cli-args';

/** `fiasco build [DIR]`: builds every L4Re-style package below DIR; compiler messages pass through. */
export function buildCommand(args: CliArgs): number {
  allowOnly(args, []);
  const dir = path.resolve(args.positional[0] ?? '.');
  const res = buildTree(dir, { log: (line) => process.stdout.write(line.endsWith('\n') ? line : line + '\n') });
  for (const e of res.errors) process.stderr.write(e.endsWith('\n') ? e : e + '\n');
  return res.ok ? 0 : 1;
}
