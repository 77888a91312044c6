import * as assert from 'assert';
import * as path from 'path';
import {
  DEFAULT_MODULES_LIST,
  isEmptyConfiguration,
  launchConfigurationForEntry,
  launchConfigurationProblems,
  notInLaunchJson,
  withLaunchDefaults,
} from '../../extension/launch-configuration';
import { isModulesListFileName, rankModulesLists } from '../../extension/modules-list-candidates';
import { bootEntryArguments, buildPackagesArguments, cliScriptPath, debugAdapterArguments } from '../../extension/cli-command-line';

describe('launch configuration helpers', () => {
  it('builds a Boot <entry> configuration', () => {
    assert.deepStrictEqual(launchConfigurationForEntry('/w/conf/modules.lst', 'hello'), {
      type: 'fiasco', request: 'launch', name: 'Boot hello', modulesList: '/w/conf/modules.lst', entry: 'hello', stopOnEntry: true, breakOnIpc: false,
    });
  });

  it('recognises F5 without launch.json', () => {
    assert.ok(isEmptyConfiguration({}));
    assert.ok(!isEmptyConfiguration({ type: 'fiasco', request: 'launch', name: 'x' }));
  });

  it('fills defaults without overriding what the user wrote', () => {
    const c = withLaunchDefaults({ type: 'fiasco', request: 'launch', entry: 'hello' });
    assert.strictEqual(c.modulesList, DEFAULT_MODULES_LIST);
    assert.strictEqual(c.stopOnEntry, true);
    assert.strictEqual(c.breakOnIpc, false);
    assert.strictEqual(c.name, 'Boot hello');
    const d = withLaunchDefaults({ type: 'fiasco', request: 'launch', name: 'mine', modulesList: 'x.lst', stopOnEntry: false, breakOnIpc: true });
    assert.strictEqual(d.modulesList, 'x.lst');
    assert.strictEqual(d.stopOnEntry, false);
    assert.strictEqual(d.breakOnIpc, true);
    assert.strictEqual(d.name, 'mine');
  });

  it('names each badly typed attribute', () => {
    assert.deepStrictEqual(launchConfigurationProblems({ modulesList: 'a', entry: 'b', searchPath: ['x'], stopOnEntry: true }), []);
    const p = launchConfigurationProblems({ modulesList: 3, searchPath: 'bin', stopOnEntry: 'yes', trace: 1 });
    assert.strictEqual(p.length, 4);
    assert.ok(p.some((m) => m.includes('"modulesList"')));
    assert.ok(p.some((m) => m.includes('"searchPath"')));
    assert.ok(p.some((m) => m.includes('"stopOnEntry"')));
    assert.ok(p.some((m) => m.includes('"trace"')));
  });
});

describe('modules list candidates', () => {
  it('recognises the boot list file names', () => {
    assert.ok(isModulesListFileName('/a/conf/modules.lst'));
    assert.ok(isModulesListFileName('modules.list'));
    assert.ok(isModulesListFileName('/a/x86.modules.lst'));
    assert.ok(!isModulesListFileName('/a/modules.lst.bak'));
    assert.ok(!isModulesListFileName('/a/Makeconf.boot'));
  });

  it('prefers conf/modules.lst, then conf/modules.list, then shallow paths', () => {
    const root = path.join(path.sep, 'w');
    const files = ['pkg/x/modules.lst', 'modules.list', 'conf/modules.list', 'conf/modules.lst', 'other/conf/modules.lst', 'notes.txt'].map((f) => path.join(root, f));
    assert.deepStrictEqual(rankModulesLists(files, root).map((f) => path.relative(root, f).split(path.sep).join('/')), [
      'conf/modules.lst', 'conf/modules.list', 'other/conf/modules.lst', 'modules.list', 'pkg/x/modules.lst',
    ]);
    assert.deepStrictEqual(rankModulesLists([], root), []);
  });
});

describe('CLI command lines', () => {
  it('runs dist/cli.js of the extension', () => {
    const cli = cliScriptPath('/ext');
    assert.strictEqual(cli, path.join('/ext', 'dist', 'cli.js'));
    assert.deepStrictEqual(bootEntryArguments(cli, '/w/conf/modules.lst', 'hello'), [cli, 'run', '--conf', '/w/conf/modules.lst', '--entry', 'hello']);
    assert.deepStrictEqual(bootEntryArguments(cli, 'm', 'e', ['a', 'b']), [cli, 'run', '--conf', 'm', '--entry', 'e', '--search-path', 'a', '--search-path', 'b']);
    assert.deepStrictEqual(buildPackagesArguments(cli, '/w'), [cli, 'build', '/w']);
    assert.deepStrictEqual(debugAdapterArguments(cli), [cli, 'dap']);
  });
});

describe('dynamic configurations next to launch.json', () => {
  const dynamic = [
    launchConfigurationForEntry('${workspaceFolder}/conf/modules.lst', 'hello'),
    launchConfigurationForEntry('${workspaceFolder}/conf/modules.lst', 'hello-syscall'),
  ];

  it('leaves out an entry launch.json already boots (the generated launch.json is the same configuration)', () => {
    const launchJson = [launchConfigurationForEntry('${workspaceFolder}/conf/modules.lst', 'hello')];
    assert.deepStrictEqual(notInLaunchJson(dynamic, launchJson, '/w').map((c) => c.name), ['Boot hello-syscall']);
  });

  it('matches the same list written as an absolute path, and a renamed configuration of the same entry', () => {
    const launchJson = [{ type: 'fiasco', request: 'launch', name: 'my hello', modulesList: '/w/conf/modules.lst', entry: 'HELLO' }];
    assert.deepStrictEqual(notInLaunchJson(dynamic, launchJson, '/w').map((c) => c.name), ['Boot hello-syscall']);
  });

  it('leaves out a name already taken, and ignores other debuggers\' configurations', () => {
    const launchJson = [
      { type: 'fiasco', request: 'launch', name: 'Boot hello-syscall', modulesList: '/elsewhere/modules.lst', entry: 'other' },
      { type: 'cppdbg', request: 'launch', name: 'Boot hello', program: 'a.out' },
    ];
    assert.deepStrictEqual(notInLaunchJson(dynamic, launchJson, '/w').map((c) => c.name), ['Boot hello']);
  });
});
