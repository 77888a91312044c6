// What Fiasco Studio refuses in an untrusted workspace (VS Code's Restricted Mode). Booting an entry runs
// the workspace's programs and ned scripts, and building runs make and gcc on its files: both need trust.
// Reading, checking and completing modules.lst, Makeconf.boot and ned scripts stays available.

/** The message shown when `action` ("Boot Entry", "Build Packages", "Debug") is asked for in Restricted Mode. */
export function restrictedModeMessage(action: string): string {
  return `Fiasco: ${action} is not available in Restricted Mode: it would run this workspace's programs, scripts or build. Trust the workspace (Workspaces: Manage Workspace Trust) to use it.`;
}

/** undefined when the action may run; otherwise the message to show instead. */
export function restrictedModeRefusal(isTrusted: boolean, action: string): string | undefined {
  return isTrusted ? undefined : restrictedModeMessage(action);
}
