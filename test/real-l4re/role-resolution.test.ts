// Module resolution of the role names sigma0/moe/l4re/ned: a real file on the search path, or our own
// user-level server (servers/bin).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';
import { resolveBoot } from '../../emulator/boot/boot-config';
import { describeRoles, parseRolePolicy } from '../../emulator/boot/role-resolution';

describe('real L4Re: role resolution', () => {
  let dir: string;
  let list: string;
  let bin: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-roles-'));
    fs.mkdirSync(path.join(dir, 'conf'));
    bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    for (const f of ['moe', 'sigma0', 'l4re', 'hello']) fs.writeFileSync(path.join(bin, f), 'x');
    list = path.join(dir, 'conf', 'modules.lst');
    fs.writeFileSync(list, 'entry hello\nroottask moe --init=rom/hello\nmodule l4re\nmodule ned\nmodule hello\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('auto: a file named like the role on the search path wins; the rest are our own user-level servers', () => {
    const plan = resolveBoot({ modulesList: list, searchPath: [bin], env: {} });
    assert.strictEqual(plan.roottask.path, path.join(bin, 'moe'));
    assert.strictEqual(plan.roottask.builtin, undefined);
    assert.strictEqual(plan.sigma0.path, path.join(bin, 'sigma0'));
    assert.strictEqual(plan.modules[0].path, path.join(bin, 'l4re'));
    assert.strictEqual(plan.modules[1].path, path.join(userLevelServersDir()!, 'ned'));
    assert.strictEqual(plan.kernel.builtin, 'fiasco');
    assert.deepStrictEqual(plan.roles.map((r) => `${r.role}:${fs.statSync(r.path).isFile() ? 'file' : 'not a file'}`), ['sigma0:file', 'moe:file', 'l4re:file', 'ned:file']);
    assert.match(describeRoles(plan.roles), /moe=.*bin\/moe \(found on the search path\).*ned=.*servers\/bin\/ned \(no file on the search path: our own user-level server\)/);
  });

  it('user-level: our own servers even with the files present', () => {
    const plan = resolveBoot({ modulesList: list, searchPath: [bin], env: {}, roles: 'user-level' });
    assert.strictEqual(plan.roottask.path, path.join(userLevelServersDir()!, 'moe'));
    assert.strictEqual(plan.sigma0.path, path.join(userLevelServersDir()!, 'sigma0'));
    assert.strictEqual(plan.modules[2].path, path.join(bin, 'hello'), 'a program still comes from the search path');
    assert.ok(plan.roles.every((r) => path.dirname(r.path) === userLevelServersDir()), JSON.stringify(plan.roles));
  });

  it('builtin is no policy any more (the built-in TypeScript roles are gone)', () => {
    assert.throws(() => parseRolePolicy('builtin', 'launch configuration'), /roles must be one of auto, search-path, user-level, not "builtin"/);
  });

  it('search-path: a role without its file is an error naming the line', () => {
    assert.throws(() => resolveBoot({ modulesList: list, searchPath: [bin], env: {}, roles: 'search-path' }), /modules\.lst:4: ned: roles=search-path, but no file "ned" on the search path/);
  });

  it('without files on the search path, our own examples run on our own user-level servers', () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'hello'), 'x');
    const plan = resolveBoot({ modulesList: list, searchPath: [other], env: {}, roles: 'auto' });
    assert.strictEqual(plan.roottask.path, path.join(userLevelServersDir()!, 'moe'));
    assert.ok(plan.roles.every((r) => path.dirname(r.path) === userLevelServersDir()), JSON.stringify(plan.roles));
  });
});
