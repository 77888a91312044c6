// `roottask FILE args` with sigma0 taken from a file (here our own servers/bin/sigma0): the program starts as the
// real kernel starts a root task (image at its physical addresses, sigma0 as pager through the gate with label
// 0x40, UTCB at 0xBFF00000), plus the one difference we keep, a SysV stack with its arguments in pages the boot
// reserves and describes in the KIP. What the program sees running is test/kernel (the roottask guest).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Machine } from '../../emulator/machine';
import { resolveBoot } from '../../emulator/boot/boot-config';
import { userLevelServersDir } from '../../emulator/boot/user-level-servers';
import { IpcGate } from '../../emulator/kernel/ipc-gate';
import { BASE_PAGER_CAP, KIP_OFF, ROOT_UTCB_ADDRESS } from '../../emulator/kernel/abi';
import { MD, decodeMemDesc } from '../../emulator/real-l4re/bootstrap-layout';
import { ROOT_TASK_STACK } from '../../emulator/real-l4re/root-task-stack';
import { ROOT_PAGER_GATE_LABEL } from '../../emulator/real-l4re/real-boot';
import { REAL_MEM_DESCS_CAPACITY, REAL_MEM_DESCS_OFFSET } from '../../emulator/real-l4re/real-kip';
import { ElfFile } from '../../emulator/elf/elf-file';
import { Reg } from '../../emulator/cpu/cpu';
import { skipCounted } from '../support/require-tool';

describe('boot: a program of the user\'s own as root task on sigma0 from a file', () => {
  let dir: string;
  let list: string;
  let program: string;

  before(function () {
    const servers = userLevelServersDir();
    if (!servers) skipCounted(this, 'no servers/bin in this installation (build them: fiasco build servers)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fiasco-roottask-'));
    fs.mkdirSync(path.join(dir, 'conf'));
    // Any i386 program linked at 0x08048000 does: it is booted, not run. ned is one.
    program = path.join(dir, 'prog');
    fs.copyFileSync(path.join(servers, 'ned'), program);
    list = path.join(dir, 'conf', 'modules.lst');
    fs.writeFileSync(list, 'entry prog\nroottask prog alpha "two words"\n');
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  const boot = (): Machine => Machine.boot({ modulesList: list, searchPath: [dir], roles: 'user-level' });

  it('resolves: a sigma0 file no longer needs moe as the root task', () => {
    const plan = resolveBoot({ modulesList: list, searchPath: [dir], env: {}, roles: 'user-level' });
    assert.strictEqual(plan.roottask.path, program);
    assert.ok(plan.sigma0.path?.endsWith(path.join('servers', 'bin', 'sigma0')));
  });

  it('starts the program at its ELF entry with sigma0 as its pager, through the gate with label 0x40', () => {
    const m = boot();
    const root = m.tasks().find((t) => t.name === 'prog');
    const sigma0 = m.threads().find((t) => t.task.name === 'sigma0');
    assert.ok(root && sigma0, m.tasks().map((t) => t.name).join(', '));
    const main = m.threads().find((t) => t.task === root)!;
    assert.strictEqual(main.cpu.eip, ElfFile.load(program).entry);
    assert.strictEqual(main.utcb, ROOT_UTCB_ADDRESS);
    const gate = root.caps.lookup(BASE_PAGER_CAP)?.object;
    assert.ok(gate instanceof IpcGate);
    assert.strictEqual(gate.thread, sigma0);
    assert.strictEqual(gate.label, ROOT_PAGER_GATE_LABEL);
    assert.strictEqual(m.kernel.kip.page.getUint32(KIP_OFF.ROOT_IP, true), main.cpu.eip);
  });

  it('gives it a SysV stack with argc and argv from the module line, in the reserved pages', () => {
    const m = boot();
    const main = m.threads().find((t) => t.task.name === 'prog')!;
    const sp = main.cpu.regs[Reg.ESP];
    assert.ok(sp >= ROOT_TASK_STACK.start && sp < ROOT_TASK_STACK.end && sp % 16 === 0, `ESP 0x${sp.toString(16)}`);
    const v = m.kernel.phys.view;
    const word = (i: number): number => v.getUint32(sp + 4 * i, true);
    const str = (at: number): string => {
      let end = at;
      while (m.kernel.phys.bytes[end] !== 0) end++;
      return Buffer.from(m.kernel.phys.bytes.subarray(at, end)).toString('utf8');
    };
    assert.strictEqual(word(0), 3);
    assert.deepStrictEqual([1, 2, 3].map((i) => str(word(i))), ['prog', 'alpha', 'two words']);
    assert.deepStrictEqual([4, 5, 6, 7].map(word), [0, 0, 0, 0], 'argv end, envp end, auxv AT_NULL');
  });

  it('describes the stack pages in the KIP as the root task\'s boot memory, so sigma0 hands them to no one else', () => {
    const kip = boot().kernel.kip.page;
    const descs = Array.from({ length: REAL_MEM_DESCS_CAPACITY }, (_, i) => decodeMemDesc(kip.getUint32(REAL_MEM_DESCS_OFFSET + 8 * i, true), kip.getUint32(REAL_MEM_DESCS_OFFSET + 8 * i + 4, true)));
    const stack = descs.filter((d) => d.type === MD.BOOTLOADER && d.start === ROOT_TASK_STACK.start);
    assert.deepStrictEqual(stack.map((d) => [d.end, d.subType]), [[ROOT_TASK_STACK.end - 1, 6]]);
  });
});
