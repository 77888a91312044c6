// Which modules list to use when a workspace holds several. Free of `vscode`
// so the ordering can be unit-tested.
import * as path from 'path';

/** File names the extension treats as a boot list (the `l4mods` language). */
export function isModulesListFileName(fileName: string): boolean {
  const base = path.basename(fileName);
  return base === 'modules.lst' || base === 'modules.list' || base.endsWith('.modules.lst');
}

/**
 * Orders candidate modules lists, best first: `conf/modules.lst` at the folder
 * root, then `conf/modules.list`, then any other `conf/` list, then the
 * shallowest path; ties broken alphabetically so the choice is stable.
 */
export function rankModulesLists(files: readonly string[], folderRoot: string): string[] {
  const rank = (file: string): [number, number, string] => {
    const rel = path.relative(folderRoot, file).split(path.sep).join('/');
    const depth = rel.split('/').length;
    let score = 4;
    if (rel === 'conf/modules.lst') score = 0;
    else if (rel === 'conf/modules.list') score = 1;
    else if (/(^|\/)conf\/[^/]+$/.test(rel)) score = 2;
    else if (depth === 1) score = 3;
    return [score, depth, rel];
  };
  return files
    .filter(isModulesListFileName)
    .map((f) => ({ f, r: rank(f) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || (a.r[2] < b.r[2] ? -1 : a.r[2] > b.r[2] ? 1 : 0))
    .map((x) => x.f);
}
