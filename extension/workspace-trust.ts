import * as vscode from 'vscode';
import { restrictedModeRefusal } from './restricted-mode';

/** True (after telling the user) when the workspace is not trusted and `action` must not run. */
export function refuseInRestrictedMode(action: string): boolean {
  const refusal = restrictedModeRefusal(vscode.workspace.isTrusted, action);
  if (refusal) void vscode.window.showErrorMessage(refusal);
  return refusal !== undefined;
}
