// Which implementation an L4Re role name (sigma0, moe, l4re, ned) takes: a real binary found on the search
// path, or our own user-level server (servers/bin).

import * as path from 'path';
import { BootError } from './boot-errors';
import type { BuiltinModule } from './modules-list-keywords';
import { findModuleFile } from './module-search';
import { USER_LEVEL_ROLES, userLevelServersDir } from './user-level-servers';

/**
 * auto: a file on the search path wins, else our own user-level server (servers/bin); search-path: only files
 * on the search path; user-level: our own servers in C (servers/bin) for sigma0, moe, l4re and ned.
 */
export type RolePolicy = 'auto' | 'search-path' | 'user-level';
export const ROLE_POLICIES: readonly RolePolicy[] = ['auto', 'search-path', 'user-level'];

/** The role names a real L4Re build provides as files; fiasco and bootstrap always stay built in. */
export const REPLACEABLE_ROLES: readonly BuiltinModule[] = ['sigma0', 'moe', 'l4re', 'ned'];

export interface RoleChoice {
  role: BuiltinModule;
  /** The binary the role takes: a real build's from the search path, or ours from servers/bin. */
  path: string;
  why: string;
}

interface RoleModule {
  name: string;
  path?: string;
  builtin?: BuiltinModule;
  args: string;
  file: string;
  line: number;
}

export function parseRolePolicy(value: string, where: string): RolePolicy {
  if ((ROLE_POLICIES as readonly string[]).includes(value)) return value as RolePolicy;
  throw new BootError(`${where}: roles must be one of ${ROLE_POLICIES.join(', ')}, not "${value}"`);
}

/**
 * Resolves one module named like a role. The choice is recorded once per role in `roles` (for `fiasco run`
 * and the debugger to show). `fileName` is the name as written (it may carry a directory).
 */
export function chooseRole<M extends RoleModule>(m: M, dirs: readonly string[], policy: RolePolicy, roles: RoleChoice[], fileName?: string): M {
  const role = m.builtin;
  if (!role || !REPLACEABLE_ROLES.includes(role)) return m;
  const record = (c: RoleChoice): void => {
    if (!roles.some((r) => r.role === c.role)) roles.push(c);
  };
  const userLevel = (USER_LEVEL_ROLES as readonly string[]).includes(role);
  if (policy === 'user-level' && userLevel) {
    const dir = userLevelServersDir();
    if (!dir) {
      throw new BootError(`${m.file}:${m.line}: ${role}: roles=user-level, but this installation has no servers/bin with sigma0, moe, l4re and ned (build them: fiasco build servers)`, { file: m.file, line: m.line, code: 'module-not-found' });
    }
    const own = path.join(dir, role);
    record({ role, path: own, why: 'roles=user-level: our own server' });
    return { ...m, builtin: undefined, path: own };
  }
  const found = findModuleFile(fileName ?? role, dirs);
  if (found) {
    record({ role, path: found, why: policy === 'search-path' ? 'roles=search-path' : 'found on the search path' });
    return { ...m, builtin: undefined, path: found };
  }
  if (policy === 'search-path') {
    throw new BootError(`${m.file}:${m.line}: ${role}: roles=search-path, but no file "${fileName ?? role}" on the search path (searched: ${dirs.join(', ')})`, { file: m.file, line: m.line, code: 'module-not-found' });
  }
  const dir = userLevel ? userLevelServersDir() : undefined;
  if (!dir) {
    throw new BootError(`${m.file}:${m.line}: ${role}: no file "${fileName ?? role}" on the search path, and this installation has no servers/bin with our own sigma0, moe, l4re and ned (build them: fiasco build servers)`, { file: m.file, line: m.line, code: 'module-not-found' });
  }
  const own = path.join(dir, role);
  record({ role, path: own, why: 'no file on the search path: our own user-level server' });
  return { ...m, builtin: undefined, path: own };
}

/** One line for `fiasco run` and the debug console: which implementation each role took. */
export function describeRoles(roles: readonly RoleChoice[]): string {
  return roles.map((r) => `${r.role}=${r.path} (${r.why})`).join(', ');
}

/** The files the role names took (sigma0, moe, l4re, ned from servers/bin or a real build), resolved. */
export function roleFiles(roles: readonly RoleChoice[]): Set<string> {
  return new Set(roles.map((r) => path.resolve(r.path)));
}
