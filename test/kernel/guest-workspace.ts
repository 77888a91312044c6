// The kernel test workspace (test/kernel/workspace), built once per mocha process into a temporary
// directory (so the repository stays clean), and a runner that boots one of its entries.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTree, findCompiler } from '../../sdk/builder';
import { roleFiles } from '../../emulator/boot/role-resolution';
import { Machine, MachineOptions, SliceResult } from '../../emulator/machine';

const REPO = path.resolve(__dirname, '..', '..', '..');
export const WORKSPACE = path.join(REPO, 'test', 'kernel', 'workspace');
/** Enough for the longest program (timeouts of a few ms at 100 instructions per µs) many times over. */
export const MAX_INSTRUCTIONS = 200_000_000;
const SLICE = 1_000_000;

/** A line moe's log server forwards for a client: its tag (padded to 8), a bar, the text. */
const TAGGED_LOG_LINE = /^[\w.-]+ *\| /;

/** The line without its ANSI colour sequences (moe's log server colours each client's lines). */
function withoutColour(line: string): string {
  return line.replace(/\x1b\[[0-9;]*m/g, '');
}

export interface GuestRun {
  output: string;
  result: SliceResult;
  instructions: number;
  /** Threads stopped by an unhandled fault on the way (the run goes on past them), with the message. */
  faults: Array<{ thread: string; message: string; atInstruction: number }>;
}

/** Why the workspace cannot be built here (no 32-bit C compiler), or undefined. */
export function skipReason(): string | undefined {
  return typeof findCompiler() === 'string' ? 'no C compiler for the 32-bit guest programs' : undefined;
}

let built: { dir: string; modulesList: string } | undefined;

/** Builds the workspace (once); returns the modules.lst of the build. Throws with the compiler errors. */
export function builtModulesList(): string {
  if (built) return built.modulesList;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-kernel-tests-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  for (const part of ['conf', 'include', 'pkg']) fs.cpSync(path.join(WORKSPACE, part), path.join(dir, part), { recursive: true });
  const result = buildTree(dir);
  if (!result.ok) throw new Error(`building the kernel test workspace failed:\n${result.errors.join('\n')}`);
  built = { dir, modulesList: path.join(dir, 'conf', 'modules.lst') };
  return built.modulesList;
}

/** How an entry boots besides its modules list: which roles, extra search directories. */
export type BootChoice = Pick<MachineOptions, 'roles' | 'searchPath'>;

/** Boots an entry and runs it to its end (or the instruction limit); `setup` may subscribe to events first. */
export function runEntry(modulesList: string, entry: string, setup?: (m: Machine) => void, boot: BootChoice = {}): GuestRun {
  const machine = Machine.boot({ modulesList, entry, ...boot });
  let output = '';
  // The programs' output: sigma0's and moe's boot log is not part of a test's checks. Programs ned starts
  // write to moe's log server, which forwards each line tagged and coloured ("ESC[32mtag   | textESC[0m"):
  // of the servers' output, those lines are the programs'.
  const servers = roleFiles(machine.plan.roles);
  const partial = new Map<unknown, string>();
  machine.events.on('output', (e) => {
    if (!e.task.image || !servers.has(path.resolve(e.task.image.path))) {
      output += e.text;
      return;
    }
    const lines = ((partial.get(e.task) ?? '') + e.text).split('\n');
    partial.set(e.task, lines.pop()!);
    for (const line of lines.map(withoutColour)) if (TAGGED_LOG_LINE.test(line)) output += `${line}\n`;
  });
  setup?.(machine);
  let result: SliceResult = { kind: 'budget' };
  const faults: GuestRun['faults'] = [];
  while (machine.instructions < MAX_INSTRUCTIONS) {
    result = machine.runSlice(SLICE);
    if (result.kind === 'fault') {
      faults.push({ thread: result.thread.name, message: result.message, atInstruction: machine.instructions });
      continue;
    }
    if (result.kind !== 'budget') break;
  }
  return { output, result, instructions: machine.instructions, faults };
}

export function describeResult(r: SliceResult): string {
  switch (r.kind) {
    case 'ended':
      return `ended (exit ${r.exitCode}: ${r.reason})`;
    case 'fault':
      return `fault in ${r.thread.name}: ${r.message}`;
    case 'budget':
      return `still running after ${MAX_INSTRUCTIONS} instructions`;
    default:
      return r.kind;
  }
}
