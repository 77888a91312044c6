// "Fiasco: New Project from Example": the examples the extension ships (examples/, see examples/examples.json)
// and the standalone project folder made from one of them. A whole example folder is copied as is; an entry of
// a collection (the lecture's programs share one workspace) becomes a workspace of its own: a modules.lst with
// just that entry, Makeconf.boot, the modules the entry boots (prebuilt programs, ned scripts) and the packages
// that build them. Kept free of `vscode` so it can be unit-tested and used by the CLI alike.
import * as fs from 'fs';
import * as path from 'path';
import { loadBootConfig, resolveBoot } from '../emulator/boot/boot-config';
import { roleFiles } from '../emulator/boot/role-resolution';

export interface ExampleChoice {
  /** Stable key: the example folder's name, and "/entry" for an entry of a collection ("lecture/irq"). */
  id: string;
  /** What the quick pick shows, and the default name of the new folder. */
  name: string;
  description: string;
  /** The example folder (holding conf/modules.lst). */
  source: string;
  /** The entry to extract; undefined: copy the whole folder. */
  entry?: string;
}

type Offer = 'folder' | 'entries';
interface ManifestItem { offer: Offer; description?: string }

/** Build products and editor state that a fresh project does not take along. */
const SKIPPED_DIRS = new Set(['obj', '.git', 'node_modules']);

function readManifest(examplesDir: string): Record<string, ManifestItem> {
  const file = path.join(examplesDir, 'examples.json');
  if (!fs.existsSync(file)) return {};
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const out: Record<string, ManifestItem> = {};
  for (const [name, v] of Object.entries(data as Record<string, unknown>)) {
    if (name.startsWith('//')) continue;
    const offer = (v as ManifestItem | undefined)?.offer;
    if (offer !== 'folder' && offer !== 'entries') throw new Error(`${file}: "${name}".offer must be "folder" or "entries", not ${JSON.stringify(offer)}`);
    out[name] = v as ManifestItem;
  }
  return out;
}

/** The comment lines right above line `line` (1-based) of `lines`, without their "#". */
function commentAbove(lines: string[], line: number): string[] {
  const out: string[] = [];
  for (let i = line - 2; i >= 0 && /^\s*#/.test(lines[i]); i--) out.unshift(lines[i].replace(/^\s*#\s?/, ''));
  return out;
}

/** What the examples folder offers, in folder order; each collection's entries in modules.lst order. */
export function listExamples(examplesDir: string): ExampleChoice[] {
  const manifest = readManifest(examplesDir);
  const choices: ExampleChoice[] = [];
  for (const name of fs.readdirSync(examplesDir).sort()) {
    const source = path.join(examplesDir, name);
    const list = path.join(source, 'conf', 'modules.lst');
    if (!fs.existsSync(list)) continue;
    const item = manifest[name];
    if (item?.offer !== 'entries') {
      choices.push({ id: name, name, description: item?.description ?? `the ${name} example`, source });
      continue;
    }
    const lines = fs.readFileSync(list, 'utf8').split('\n');
    for (const e of loadBootConfig(list).document.entries.filter((x) => x.active && x.name)) {
      // "# counter-race: two threads …" above the entry: the text after the name is the description.
      const about = commentAbove(lines, e.statement.line).join(' ').replace(new RegExp(`^${e.name}:\\s*`), '');
      choices.push({ id: `${name}/${e.name}`, name: e.name, description: about || `entry ${e.name} of examples/${name}`, source, entry: e.name });
    }
  }
  return choices;
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !SKIPPED_DIRS.has(path.basename(src)) || src === from });
}

/** The standalone modules.lst of one entry: the file's preamble (before the first entry), then the entry. */
function singleEntryModulesList(list: string, entry: string, exampleName: string): string {
  const doc = loadBootConfig(list).document;
  const lines = fs.readFileSync(list, 'utf8').split('\n');
  const first = doc.entries[0];
  const e = doc.entries.find((x) => x.name === entry)!;
  const preambleEnd = first.statement.line - 1 - commentAbove(lines, first.statement.line).length;
  const preamble = lines.slice(0, preambleEnd).filter((l) => !/^\s*#/.test(l)).join('\n').trim();
  const about = commentAbove(lines, e.statement.line).map((l) => `# ${l}`.trimEnd());
  let end = e.endLine;
  while (end > e.statement.line && /^\s*(#.*)?$/.test(lines[end - 1])) end--;
  return [
    `# The ${entry} example of examples/${exampleName}, as a project of its own.`,
    '# Run it with F5, or `fiasco run --conf conf/modules.lst`; `fiasco build` rebuilds bin/ from pkg/.',
    '',
    ...(preamble ? [preamble, ''] : []),
    ...about,
    ...lines.slice(e.statement.line - 1, end),
    '',
  ].join('\n');
}

/**
 * Writes the project of `choice` into `dest` (which must not exist or be empty) and returns the files written,
 * relative to `dest`. Throws an Error naming the file when the example cannot be extracted.
 */
export function createExampleProject(choice: ExampleChoice, dest: string): string[] {
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) throw new Error(`${dest}: the folder exists and is not empty — choose a new or empty folder`);
  if (!choice.entry) {
    copyTree(choice.source, dest);
    return listFiles(dest);
  }
  const list = path.join(choice.source, 'conf', 'modules.lst');
  // The project takes exactly the files of this entry; the roles (sigma0, moe, l4re, ned) stay the ones the
  // installation provides (servers/bin), not copies.
  const plan = resolveBoot({ modulesList: list, entry: choice.entry, env: {} });
  const root = plan.workspaceRoot;
  const roles = roleFiles(plan.roles);
  const files = [plan.kernel, plan.sigma0, plan.roottask, ...plan.modules].filter((m) => m.path && !roles.has(path.resolve(m.path))).map((m) => m.path!);
  fs.mkdirSync(path.join(dest, 'conf'), { recursive: true });
  for (const file of new Set(files)) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${list}: entry "${choice.entry}" boots ${file}, which lies outside the example folder ${root}`);
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(file, path.join(dest, rel));
    // A program built from this workspace's package tree: its sources come along, so `fiasco build` works.
    const pkg = path.join(root, 'pkg', path.basename(file));
    if (fs.existsSync(pkg)) copyTree(pkg, path.join(dest, 'pkg', path.basename(file)));
  }
  const makeconf = path.join(root, 'conf', 'Makeconf.boot');
  if (fs.existsSync(makeconf)) fs.copyFileSync(makeconf, path.join(dest, 'conf', 'Makeconf.boot'));
  fs.writeFileSync(path.join(dest, 'conf', 'modules.lst'), singleEntryModulesList(list, choice.entry, path.basename(choice.source)));
  return listFiles(dest);
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  }).sort();
}
