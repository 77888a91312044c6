// Data watchpoints: exact stops after the accessing instruction (trap semantics) on all three tiers, for
// explicit operands, stack accesses, string instructions, read-modify-write, page-straddling, SSE and x87
// accesses; no stop for fetches, kernel/debugger accesses or accesses next to the watched bytes.
import * as assert from 'assert';
import { AddressSpace, PROT_R, PTE_WATCH } from '../../emulator/cpu/address-space';
import { Cpu, Reg, StopReason } from '../../emulator/cpu/cpu';
import { CODE, DATA, STACK_TOP, makeCpu, TEST_TIERS, useTier } from './cpu-test-util';

const INT30 = [0xcd, 0x30];
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const movEax = (v: number): number[] => [0xb8, ...le32(v)];
const movEcx = (v: number): number[] => [0xb9, ...le32(v)];
const storeEax = (a: number): number[] => [0xa3, ...le32(a)]; // mov [a], eax
const loadEdx = (a: number): number[] => [0x8b, 0x15, ...le32(a)]; // mov edx, [a]
const INC_EBX = [0x43];

const TIERS = TEST_TIERS.slice(0, 3);

function stop(cpu: Cpu, budget = 100000): string {
  return StopReason[cpu.run(budget)];
}

for (const tier of TIERS) {
  describe(`cpu: data watchpoints (${tier.name})`, () => {
    useTier(tier);

    it('stops after a write, with the access and value, and resumes', () => {
      const code = [...movEax(5), ...storeEax(DATA + 8), ...INC_EBX, ...INT30];
      const { cpu, as } = makeCpu(code);
      const w = as.addWatch(DATA + 8, 4, 'write');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.eip, CODE + 10, 'EIP is after the store (trap semantics)');
      assert.strictEqual(cpu.retired, 2);
      assert.deepStrictEqual(cpu.watchHit, { address: DATA + 8, length: 4, kind: 'write', value: 5, watch: w });
      assert.strictEqual(as.readU32(DATA + 8), 5, 'the store completed');
      assert.strictEqual(stop(cpu), 'Interrupt');
      assert.strictEqual(cpu.regs[Reg.EBX], 1);
      assert.strictEqual(cpu.watchHit, undefined);
    });

    it('read watches see loads but not neighbours; write watches do not see loads', () => {
      const code = [...loadEdx(DATA + 4), ...loadEdx(DATA + 12), ...loadEdx(DATA + 9), ...INC_EBX, ...INT30];
      const { cpu, as } = makeCpu(code);
      as.writeU32(DATA + 8, 0xdeadbeef);
      const ww = as.addWatch(DATA + 8, 2, 'write');
      as.addWatch(DATA + 10, 1, 'read');
      // DATA+4..7 and DATA+12..15 are next to the watched bytes; DATA+9..12 overlaps byte 10
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.eip, CODE + 18);
      assert.strictEqual(cpu.retired, 3);
      assert.strictEqual(cpu.watchHit?.kind, 'read');
      assert.strictEqual(cpu.watchHit?.address, DATA + 9);
      assert.strictEqual(cpu.watchHit?.value, cpu.regs[Reg.EDX]);
      assert.strictEqual(cpu.watchHit?.value, 0x00deadbe);
      as.removeWatch(ww);
      assert.strictEqual(stop(cpu), 'Interrupt');
    });

    it('access watches see push, pop, call and ret', () => {
      // push eax; pop ecx; call +0; ret(to after call) ... laid out: call next; next: add esp,4
      const code = [0x50, 0x59, 0xe8, 0, 0, 0, 0, 0x83, 0xc4, 0x04, ...INT30];
      const { cpu, as } = makeCpu(code);
      cpu.regs[Reg.EAX] = 0x1234;
      as.addWatch(STACK_TOP - 4, 4, 'access');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.deepStrictEqual([cpu.eip, cpu.watchHit?.kind, cpu.watchHit?.value], [CODE + 1, 'write', 0x1234]);
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.deepStrictEqual([cpu.eip, cpu.watchHit?.kind, cpu.regs[Reg.ECX]], [CODE + 2, 'read', 0x1234]);
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.deepStrictEqual([cpu.eip, cpu.watchHit?.kind, cpu.watchHit?.value], [CODE + 7, 'write', CODE + 7], 'call pushed its return address');
      assert.strictEqual(stop(cpu), 'Interrupt');
    });

    it('ret reads the return address', () => {
      // call f; int 0x30; f: ret
      const code = [0xe8, 2, 0, 0, 0, ...INT30, 0xc3];
      const { cpu, as } = makeCpu(code);
      as.addWatch(STACK_TOP - 4, 4, 'read');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.deepStrictEqual([cpu.eip, cpu.watchHit?.kind, cpu.watchHit?.value], [CODE + 5, 'read', CODE + 5]);
      assert.strictEqual(stop(cpu), 'Interrupt');
    });

    it('rep movsb stops after the iteration that wrote the watched byte', () => {
      // esi = DATA, edi = DATA+0x100, ecx = 16; rep movsb
      const code = [0xbe, ...le32(DATA), 0xbf, ...le32(DATA + 0x100), ...movEcx(16), 0xf3, 0xa4, ...INT30];
      const { cpu, as } = makeCpu(code);
      as.write(DATA, Uint8Array.from({ length: 16 }, (_, k) => 0x40 + k));
      as.addWatch(DATA + 0x105, 1, 'write');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.eip, CODE + 15, 'EIP still at the rep movsb');
      assert.strictEqual(cpu.regs[Reg.ECX], 10, 'six iterations done');
      assert.strictEqual(cpu.retired, 3 + 6);
      assert.deepStrictEqual([cpu.watchHit?.address, cpu.watchHit?.value], [DATA + 0x105, 0x45]);
      assert.strictEqual(stop(cpu), 'Interrupt');
      assert.deepStrictEqual([...as.read(DATA + 0x100, 16)!], [...as.read(DATA, 16)!]);
    });

    it('read-modify-write is a read for read watches and a write for write watches', () => {
      const code = [0x83, 0x05, ...le32(DATA + 8), 0x01, ...INT30]; // add dword [DATA+8], 1
      for (const kind of ['read', 'write'] as const) {
        const { cpu, as } = makeCpu(code);
        as.writeU32(DATA + 8, 41);
        as.addWatch(DATA + 8, 4, kind);
        assert.strictEqual(stop(cpu), 'Watchpoint', kind);
        assert.deepStrictEqual([cpu.eip, cpu.watchHit?.kind, cpu.watchHit?.value], [CODE + 7, kind, kind === 'read' ? 41 : 42]);
        assert.strictEqual(as.readU32(DATA + 8), 42);
      }
    });

    it('sees an access straddling into a watched page, SSE and x87 operands', () => {
      const code = [...movEax(0x11223344), ...storeEax(DATA + 4094), 0x0f, 0x10, 0x05, ...le32(DATA + 0x20), 0xd9, 0x05, ...le32(DATA + 0x40), ...INT30];
      const { cpu, as } = makeCpu(code);
      as.addWatch(DATA + 4096, 1, 'write');
      as.addWatch(DATA + 0x28, 4, 'read');
      as.addWatch(DATA + 0x40, 1, 'read');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.deepStrictEqual([cpu.eip, cpu.watchHit?.address, cpu.watchHit?.length, cpu.watchHit?.value], [CODE + 10, DATA + 4094, 4, 0x11223344]);
      assert.strictEqual(as.readU32(DATA + 4094), 0x11223344);
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.eip, CODE + 17, 'after movups');
      assert.strictEqual(cpu.watchHit?.kind, 'read');
      assert.ok(cpu.watchHit!.address >= DATA + 0x20 && cpu.watchHit!.address < DATA + 0x30);
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.eip, CODE + 23, 'after fld');
      assert.strictEqual(stop(cpu), 'Interrupt');
    });

    it('stops inside a hot loop at the exact iteration', () => {
      // ecx = 0; loop: mov [DATA + ecx*4], ecx; inc ecx; cmp ecx, 100; jne loop; int 0x30
      const code = [...movEcx(0), 0x89, 0x0c, 0x8d, ...le32(DATA), 0x41, 0x83, 0xf9, 100, 0x75, 0xf3, ...INT30];
      const { cpu, as } = makeCpu(code);
      as.addWatch(DATA + 4 * 60, 4, 'write');
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.regs[Reg.ECX], 60);
      assert.strictEqual(cpu.eip, CODE + 12, 'after the store, before inc');
      assert.strictEqual(cpu.retired, 1 + 60 * 4 + 1);
      assert.strictEqual(cpu.watchHit?.value, 60);
      assert.strictEqual(stop(cpu), 'Interrupt');
      assert.strictEqual(cpu.regs[Reg.ECX], 100);
    });

    it('ignores fetches, kernel/debugger accesses (reported to observers) and a faulting access', () => {
      const code = [...movEax(7), ...storeEax(DATA + 8), ...INT30];
      const { cpu, as } = makeCpu(code);
      as.addWatch(CODE, 16, 'access'); // the code itself: executing it is not a data access
      const writes: number[] = [];
      as.writeObserver = (va) => writes.push(va);
      as.addWatch(DATA + 8, 4, 'access');
      as.writeU32(DATA + 8, 1);
      assert.strictEqual(as.readU32(DATA + 8), 1);
      assert.deepStrictEqual(writes, [DATA + 8]);
      assert.strictEqual(stop(cpu), 'Watchpoint');
      assert.strictEqual(cpu.watchHit?.address, DATA + 8);
      assert.strictEqual(stop(cpu), 'Interrupt');
      // a store into a read-only watched page faults (#PF, write, present) and does not report a watch hit
      const ro = makeCpu([...movEax(7), ...storeEax(DATA + 0x2000), ...INT30]);
      ro.as.map(DATA + 0x2000, ro.phys.allocFrame(), PROT_R);
      ro.as.addWatch(DATA + 0x2000, 4, 'write');
      assert.strictEqual(stop(ro.cpu), 'Fault');
      assert.deepStrictEqual([ro.cpu.faultAddress, ro.cpu.errorCode & 7, ro.cpu.eip, ro.cpu.watchHit], [DATA + 0x2000, 7, CODE + 5, undefined]);
    });

    it('marks pages in the page table only while watched, across unmap and map', () => {
      const { as, phys } = makeCpu([...INT30]);
      const vpn = DATA >>> 12;
      const plain = as.pt[vpn];
      const w = as.addWatch(DATA + 100, 4, 'write');
      assert.notStrictEqual(as.pt[vpn] & PTE_WATCH, 0);
      assert.strictEqual(AddressSpace.realEntry(as.pt[vpn]), plain);
      assert.deepStrictEqual(as.lookup(DATA), { pa: plain & -4096, prot: 3 });
      as.unmap(DATA);
      const frame = phys.allocFrame();
      as.map(DATA, frame, 3);
      assert.notStrictEqual(as.pt[vpn] & PTE_WATCH, 0, 're-mapping keeps the watch');
      as.removeWatch(w);
      assert.strictEqual(as.pt[vpn], frame | (plain & 0xfff));
      assert.strictEqual(as.watchCount, 0);
    });
  });
}
