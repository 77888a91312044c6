// Shared by the L4Re tests: running boot entries, temporary workspaces, gcc detection.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as assert from 'assert';
import { Machine, SliceResult } from '../../emulator/machine';
import { buildTree } from '../../sdk/builder';
import { roleFiles } from '../../emulator/boot/role-resolution';
import type { RolePolicy } from '../../emulator/boot/role-resolution';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const LECTURE = path.join(REPO, 'examples', 'lecture');
export const LECTURE_CONF = path.join(LECTURE, 'conf', 'modules.lst');
export const L4RE_TEST_WORKSPACE = path.join(REPO, 'test', 'l4re', 'workspace');

export interface Run {
  /**
   * What the programs printed (not sigma0, moe, l4re or ned: their boot log is in `log`). A program ned
   * started prints through a log object of moe, which writes its tagged lines: those count, colours removed.
   */
  output: string;
  /** Everything the guest printed, servers included, as the serial console shows it. */
  log: string;
  result: SliceResult;
  instructions: number;
  machine: Machine;
}

/** Colour sequences (SGR) of moe's tagged logs. */
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * A line moe writes for a program's log object: it starts with a colour sequence ("\e[0m" for a log without
 * colour), as the real moe's log does; moe's own boot log ("MOE: …", "  ROMFS: …") never does.
 */
function isTaggedLogLine(text: string): boolean {
  return text.startsWith('\x1b[');
}

/** Width L4Re's console pads a log's tag to, so that the "|" columns line up. */
const LOG_TAG_WIDTH = 8;

/** A line of a tagged log as the console shows it (colours removed): "tag     | text". */
export function taggedLine(tag: string, text: string): string {
  return `${tag.slice(0, LOG_TAG_WIDTH).padEnd(LOG_TAG_WIDTH)}| ${text}\n`;
}

/** A line ned prints itself (Lua print, script errors): untagged, on its own log, as the real ned's. */
export function nedLine(text: string): string {
  return `${text}\n`;
}

/** Collects a machine's output from now on: `output` and `log` as in Run. */
export function collectOutput(machine: Machine): Pick<Run, 'output' | 'log'> {
  const out = { output: '', log: '' };
  const servers = roleFiles(machine.plan.roles);
  const ned = new Set(machine.plan.roles.filter((x) => x.role === 'ned').map((x) => path.resolve(x.path)));
  machine.events.on('output', (e) => {
    out.log += e.text;
    const image = e.task.image && path.resolve(e.task.image.path);
    // ned's own lines are the script's output (print, errors); the other servers' only when tagged for a program.
    if (!image || !servers.has(image) || ned.has(image)) out.output += e.text;
    else if (isTaggedLogLine(e.text)) out.output += e.text.replace(SGR, '');
  });
  return out;
}

/** Boots an entry and runs it until it ends (or a limit), collecting the guest output. */
export function runEntry(modulesList: string, entry: string, maxInstructions = 600_000_000, roles?: RolePolicy): Run {
  const machine = Machine.boot({ modulesList, entry, roles });
  const out = collectOutput(machine);
  let result: SliceResult = { kind: 'budget' };
  while (machine.instructions < maxInstructions) {
    result = machine.runSlice(2_000_000);
    if (result.kind !== 'budget') break;
  }
  return { output: out.output, log: out.log, result, instructions: machine.instructions, machine };
}

/** True when gcc can build 32-bit freestanding code here. */
export function haveGcc(): boolean {
  const r = spawnSync('gcc', ['-m32', '-ffreestanding', '-nostdlib', '-c', '-x', 'c', '-o', '/dev/null', '-'], { input: 'int x;', encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** A temporary copy of a workspace's conf/ and pkg/ (not bin/ or obj/). */
export function copyWorkspace(from: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const sub of ['conf', 'pkg']) {
    if (fs.existsSync(path.join(from, sub))) fs.cpSync(path.join(from, sub), path.join(dir, sub), { recursive: true });
  }
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

let builtWorkspace: string | undefined;

/**
 * test/l4re/workspace built once per test run, into a temporary copy (removed when the process exits);
 * returns its modules.lst.
 */
export function builtL4reWorkspace(): string {
  if (!builtWorkspace) {
    const dir = copyWorkspace(L4RE_TEST_WORKSPACE, 'l4re-workspace-');
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const log: string[] = [];
    const r = buildTree(dir, { log: (l) => log.push(l) });
    assert.ok(r.ok, `build failed:\n${r.errors.join('\n')}\n${log.join('\n')}`);
    builtWorkspace = path.join(dir, 'conf', 'modules.lst');
  }
  return builtWorkspace;
}

/**
 * A workspace with one entry per ned script (`roottask moe rom/NAME`), its modules l4re and ned (moe starts
 * ned through l4re, as on the real system) and the lecture's prebuilt programs hello, ipc-server and
 * ipc-client; returns its modules.lst.
 */
export function nedScriptWorkspace(scripts: Record<string, string>, prefix = 'ned-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const entries = Object.keys(scripts).map((name) => {
    const base = name.replace(/\.(cfg|lua)$/, '');
    return `entry ${base}\nroottask moe rom/${name}\nmodule l4re\nmodule ned\nmodule ${name}\nmodule hello\nmodule ipc-server\nmodule ipc-client\n`;
  });
  writeFiles(dir, {
    'conf/Makeconf.boot': `MODULE_SEARCH_PATH = ${path.join(LECTURE, 'bin')}:conf\n`,
    'conf/modules.lst': entries.join('\n'),
    ...Object.fromEntries(Object.entries(scripts).map(([n, t]) => [`conf/${n}`, t])),
  });
  return path.join(dir, 'conf', 'modules.lst');
}

/**
 * Did every program of the boot finish, leaving only the L4Re servers (sigma0, moe, ned) waiting for requests
 * as on the real system, where moe serves on after its init program exits?
 */
export function onlyServersLeft(r: Run): boolean {
  if (r.result.kind !== 'ended') return false;
  const servers = roleFiles(r.machine.plan.roles);
  return r.machine.tasks().every((t) => (t.image && servers.has(path.resolve(t.image.path))) || t.threads.every((th) => th.state === 'dead'));
}
