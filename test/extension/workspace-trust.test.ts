// The extension in an untrusted workspace (issue 11, item 6): declared as limited support, and every way to
// boot, debug or build refuses in Restricted Mode before it runs anything.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { restrictedModeMessage, restrictedModeRefusal } from '../../extension/restricted-mode';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The body of function `name` in an extension source (from its signature to the next top-level closing brace). */
function functionBody(file: string, name: RegExp): string {
  const text = fs.readFileSync(path.join(ROOT, 'extension', file), 'utf8');
  const m = name.exec(text);
  assert.ok(m, `${file}: no ${name}`);
  const rest = text.slice(m.index);
  const end = rest.search(/\n {0,2}\}\n/);
  return rest.slice(0, end < 0 ? undefined : end);
}

describe('extension: untrusted workspaces', () => {
  it('declares limited support with a description of what Restricted Mode leaves out', () => {
    const u = pkg.capabilities?.untrustedWorkspaces;
    assert.ok(u, 'capabilities.untrustedWorkspaces');
    assert.strictEqual(u.supported, 'limited');
    assert.match(u.description, /Restricted Mode/);
    assert.match(u.description, /[Bb]ooting or debugging an entry/);
    assert.match(u.description, /building packages/);
    assert.deepStrictEqual(u.restrictedConfigurations, ['fiasco.debugAdapter']);
  });

  it('enables the boot, debug and build commands and the editor Boot button only in trusted workspaces', () => {
    for (const c of pkg.contributes.commands) assert.match(c.enablement ?? '', /^isWorkspaceTrusted(\s*&&|$)/, c.command);
    for (const item of pkg.contributes.menus['editor/title/run']) assert.match(item.when, /isWorkspaceTrusted/);
  });

  it('refuses with a message naming the action when untrusted, and lets it run when trusted', () => {
    assert.strictEqual(restrictedModeRefusal(true, 'Boot Entry'), undefined);
    assert.strictEqual(restrictedModeRefusal(false, 'Boot Entry'), restrictedModeMessage('Boot Entry'));
    assert.match(restrictedModeMessage('Build Packages'), /^Fiasco: Build Packages is not available in Restricted Mode: .*Manage Workspace Trust/);
  });

  it('checks trust first in Boot Entry, Build Packages, Debug Entry, the launch resolution and the adapter factory', () => {
    const guarded: Array<[string, RegExp, RegExp]> = [
      ['commands.ts', /async function bootEntry\(/, /^[^\n]*\n\s+if \(refuseInRestrictedMode\('Boot Entry'\)\) return undefined;/],
      ['commands.ts', /async function buildPackages\(/, /^[^\n]*\n\s+if \(refuseInRestrictedMode\('Build Packages'\)\) return undefined;/],
      ['entry-commands.ts', /export async function debugEntry\(/, /^[^\n]*\n\s+if \(refuseInRestrictedMode\(/],
      ['debug-configuration-provider.ts', /async resolveDebugConfigurationWithSubstitutedVariables\(/, /\): Promise<vscode\.DebugConfiguration \| undefined> \{\n\s+if \(refuseInRestrictedMode\('Debug'\)\) return undefined;/],
      ['debug-adapter-factory.ts', /createDebugAdapterDescriptor\(\)/, /restrictedModeRefusal\(vscode\.workspace\.isTrusted, 'Debug'\);\n\s+if \(refusal\) throw new Error\(refusal\);/],
    ];
    for (const [file, fn, check] of guarded) assert.match(functionBody(file, fn), check, `${file} ${fn}`);
  });
});
