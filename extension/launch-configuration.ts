// The launch configuration of the `fiasco` debugger (design contract) and the
// defaults the extension fills in. Kept free of `vscode` so it can be unit-tested.

/** The debug type contributed in package.json. */
export const FIASCO_DEBUG_TYPE = 'fiasco';

/** Where an L4Re-style workspace keeps its boot list. */
export const DEFAULT_MODULES_LIST = '${workspaceFolder}/conf/modules.lst';

export interface FiascoLaunchConfiguration {
  type: string;
  request: 'launch';
  name: string;
  /** Path of modules.lst (or modules.list). */
  modulesList: string;
  /** Entry (`entry NAME` line) to boot. */
  entry?: string;
  /** Extra module search directories, searched before Makeconf.boot's MODULE_SEARCH_PATH. */
  searchPath?: string[];
  stopOnEntry?: boolean;
  breakOnIpc?: boolean;
  /** Log DAP traffic. */
  trace?: boolean;
  [key: string]: unknown;
}

/** A complete configuration that boots `entry` of `modulesList`. */
export function launchConfigurationForEntry(modulesList: string, entry: string): FiascoLaunchConfiguration {
  return {
    type: FIASCO_DEBUG_TYPE,
    request: 'launch',
    name: `Boot ${entry}`,
    modulesList,
    entry,
    stopOnEntry: true,
    breakOnIpc: false,
  };
}

/** True when the user pressed F5 with no launch.json: VS Code passes an empty configuration. */
export function isEmptyConfiguration(config: { type?: unknown; request?: unknown; name?: unknown }): boolean {
  return !config.type && !config.request && !config.name;
}

/**
 * Fills the attributes the user may omit. `modulesList` defaults to conf/modules.lst;
 * `stopOnEntry` defaults to true like the schema says. Returns a new object.
 */
export function withLaunchDefaults(config: Record<string, unknown>): FiascoLaunchConfiguration {
  const filled: Record<string, unknown> = { ...config };
  filled.type = FIASCO_DEBUG_TYPE;
  filled.request = 'launch';
  if (typeof filled.name !== 'string' || filled.name === '') {
    filled.name = typeof filled.entry === 'string' && filled.entry ? `Boot ${filled.entry}` : 'Boot (Fiasco.OC)';
  }
  if (typeof filled.modulesList !== 'string' || filled.modulesList === '') filled.modulesList = DEFAULT_MODULES_LIST;
  if (typeof filled.stopOnEntry !== 'boolean') filled.stopOnEntry = true;
  if (typeof filled.breakOnIpc !== 'boolean') filled.breakOnIpc = false;
  return filled as FiascoLaunchConfiguration;
}

/**
 * Checks the attribute types of a configuration; returns one message per problem,
 * each naming the attribute, so the user sees what to fix in launch.json.
 */
export function launchConfigurationProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const str = (k: string) => {
    if (config[k] !== undefined && typeof config[k] !== 'string') problems.push(`"${k}" must be a string`);
  };
  const bool = (k: string) => {
    if (config[k] !== undefined && typeof config[k] !== 'boolean') problems.push(`"${k}" must be true or false`);
  };
  str('modulesList');
  str('entry');
  bool('stopOnEntry');
  bool('breakOnIpc');
  bool('trace');
  const sp = config.searchPath;
  if (sp !== undefined && !(Array.isArray(sp) && sp.every((d) => typeof d === 'string'))) {
    problems.push('"searchPath" must be an array of directory paths (strings)');
  }
  return problems;
}

/**
 * The dynamic "Boot <entry>" configurations that launch.json does not already hold (same name, or same entry of
 * the same list), so the Run and Debug dropdown never shows an entry twice. `folderPath` expands ${workspaceFolder}.
 */
export function notInLaunchJson<T extends { name: string; modulesList: string; entry?: string }>(
  dynamic: T[], launchJson: ReadonlyArray<Record<string, unknown>>, folderPath: string,
): T[] {
  const norm = (list: unknown): string => String(list ?? '').split('${workspaceFolder}').join(folderPath).replace(/\\/g, '/').replace(/\/+$/, '');
  const taken = launchJson.filter((c) => c.type === FIASCO_DEBUG_TYPE);
  return dynamic.filter((d) => !taken.some((c) => c.name === d.name
    || (typeof c.entry === 'string' && c.entry.toLowerCase() === (d.entry ?? '').toLowerCase() && norm(c.modulesList ?? DEFAULT_MODULES_LIST) === norm(d.modulesList))));
}
