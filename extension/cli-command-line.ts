// Command lines of the bundled CLI (dist/cli.js) that the extension's tasks run.
// Free of `vscode` so they can be unit-tested.
import * as path from 'path';

/** The CLI bundle inside an installed extension. */
export function cliScriptPath(extensionPath: string): string {
  return path.join(extensionPath, 'dist', 'cli.js');
}

/** `fiasco run --conf FILE --entry NAME [--search-path DIR]...` */
export function bootEntryArguments(cliScript: string, modulesList: string, entry: string, searchPath: readonly string[] = []): string[] {
  const args = [cliScript, 'run', '--conf', modulesList, '--entry', entry];
  for (const dir of searchPath) args.push('--search-path', dir);
  return args;
}

/** `fiasco build DIR` */
export function buildPackagesArguments(cliScript: string, workspaceDir: string): string[] {
  return [cliScript, 'build', workspaceDir];
}

/** `fiasco dap` over stdio, for the process-based debug adapter. */
export function debugAdapterArguments(cliScript: string): string[] {
  return [cliScript, 'dap'];
}

/**
 * The environment that lets the extension host's own executable run a script:
 * in desktop VS Code that executable is Electron, which acts as plain Node only
 * with ELECTRON_RUN_AS_NODE set (harmless for a real Node, as in code-server).
 */
export const RUN_AS_NODE_ENV: Readonly<Record<string, string>> = { ELECTRON_RUN_AS_NODE: '1' };
