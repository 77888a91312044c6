// Validation of the `fiasco` launch configuration (design contract: modulesList, entry, searchPath, stopOnEntry,
// breakOnIpc, trace). Every error names the field and says what to do.
import * as fs from 'fs';
import * as path from 'path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { ROLE_POLICIES, RolePolicy } from '../emulator/boot/role-resolution';

export interface FiascoLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  modulesList?: unknown;
  entry?: unknown;
  searchPath?: unknown;
  stopOnEntry?: unknown;
  breakOnIpc?: unknown;
  /** Let the event filters stop in the L4Re servers' code too (sigma0, moe, l4re, ned); default false. */
  stopInServers?: unknown;
  trace?: unknown;
  /** Registers in hex (default) or decimal; the Debug Console's `hex on|off` changes it later. */
  registersHex?: unknown;
  /** Optional: the folder relative paths are taken from (VS Code passes ${workspaceFolder}). */
  cwd?: unknown;
  /** "auto" (default), "user-level" or "search-path": which implementation sigma0/moe/l4re/ned take. */
  roles?: unknown;
}

export interface LaunchSettings {
  modulesList: string;
  entry?: string;
  searchPath?: string[];
  stopOnEntry: boolean;
  breakOnIpc: boolean;
  stopInServers: boolean;
  trace: boolean;
  registersHex: boolean;
  roles?: RolePolicy;
}

export class LaunchArgumentError extends Error {}

export function validateLaunchArguments(given: FiascoLaunchArguments | undefined): LaunchSettings {
  const args: FiascoLaunchArguments = { ...(given ?? {}) };
  const base = typeof args.cwd === 'string' ? args.cwd : process.cwd();
  if (args.modulesList === undefined || args.modulesList === '') {
    throw new LaunchArgumentError('launch configuration: "modulesList" is missing — set it to the path of your conf/modules.lst');
  }
  if (typeof args.modulesList !== 'string') {
    throw new LaunchArgumentError(`launch configuration: "modulesList" must be a string path, got ${JSON.stringify(args.modulesList)}`);
  }
  const modulesList = path.resolve(base, args.modulesList);
  if (!fs.existsSync(modulesList) || !fs.statSync(modulesList).isFile()) {
    throw new LaunchArgumentError(`launch configuration: "modulesList" file ${modulesList} does not exist — point it at conf/modules.lst`);
  }
  if (args.entry !== undefined && (typeof args.entry !== 'string' || args.entry === '')) {
    throw new LaunchArgumentError(`launch configuration: "entry" must be the name of an entry in ${path.basename(modulesList)}, got ${JSON.stringify(args.entry)}`);
  }
  let searchPath: string[] | undefined;
  if (args.searchPath !== undefined) {
    if (!Array.isArray(args.searchPath) || !args.searchPath.every((p) => typeof p === 'string')) {
      throw new LaunchArgumentError(`launch configuration: "searchPath" must be an array of directory paths, got ${JSON.stringify(args.searchPath)}`);
    }
    searchPath = (args.searchPath as string[]).map((p) => path.resolve(base, p));
  }
  const flag = (name: 'stopOnEntry' | 'breakOnIpc' | 'stopInServers' | 'trace' | 'registersHex', fallback: boolean): boolean => {
    const v = args[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new LaunchArgumentError(`launch configuration: "${name}" must be true or false, got ${JSON.stringify(v)}`);
    return v;
  };
  if (args.roles !== undefined && !(ROLE_POLICIES as readonly unknown[]).includes(args.roles)) {
    throw new LaunchArgumentError(`launch configuration: "roles" must be one of ${ROLE_POLICIES.map((r) => `"${r}"`).join(', ')}, got ${JSON.stringify(args.roles)}`);
  }
  return {
    roles: args.roles as RolePolicy | undefined,
    modulesList,
    entry: args.entry as string | undefined,
    searchPath,
    stopOnEntry: flag('stopOnEntry', true),
    breakOnIpc: flag('breakOnIpc', false),
    stopInServers: flag('stopInServers', false),
    trace: flag('trace', false),
    registersHex: flag('registersHex', true),
  };
}
