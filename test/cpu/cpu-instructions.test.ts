import * as assert from 'assert';
import { AddressSpace, PROT_R, PROT_W, PROT_X } from '../../emulator/cpu/address-space';
import { Cpu, Reg, SegReg, StopReason, Vector } from '../../emulator/cpu/cpu';
import { PhysicalMemory } from '../../emulator/cpu/physical-memory';
import { CODE, DATA, STACK_TOP, makeCpu } from './cpu-test-util';

const INT30 = [0xcd, 0x30];
const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
const ARITH = CF | PF | AF | ZF | SF | OF;
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
const movEax = (v: number): number[] => [0xb8, ...le32(v)];
const movEcx = (v: number): number[] => [0xb9, ...le32(v)];
const movEdx = (v: number): number[] => [0xba, ...le32(v)];
const movEbx = (v: number): number[] => [0xbb, ...le32(v)];

/** Runs code ending in `int 0x30` and checks that it got there. */
function exec(code: number[], setup?: (c: Cpu, as: AddressSpace) => void): Cpu {
  const { cpu, as } = makeCpu([...code, ...INT30]);
  setup?.(cpu, as);
  const r = cpu.run(100000);
  assert.strictEqual(StopReason[r], 'Interrupt', `stopped with ${StopReason[r]} vector ${cpu.vector} at 0x${cpu.eip.toString(16)}`);
  assert.strictEqual(cpu.vector, 0x30);
  return cpu;
}

describe('cpu: arithmetic and flags', () => {
  it('add with signed overflow sets OF SF AF PF, clears CF ZF', () => {
    const c = exec([...movEax(0x7fffffff), ...movEbx(1), 0x01, 0xd8]);
    assert.strictEqual(c.regs[Reg.EAX], 0x80000000);
    assert.strictEqual(c.getEflags() & ARITH, OF | SF | AF | PF);
    assert.strictEqual(c.getEflags() & 0x202, 0x202);
  });
  it('sub with borrow sets CF SF AF PF', () => {
    const c = exec([...movEax(1), 0x83, 0xe8, 0x02]);
    assert.strictEqual(c.regs[Reg.EAX], 0xffffffff);
    assert.strictEqual(c.getEflags() & ARITH, CF | SF | AF | PF);
  });
  it('adc/sbb chain 64-bit add and subtract', () => {
    // eax:edx = 0xffffffff:1 ; add eax,1 ; adc edx,0 ; then sub eax,2 ; sbb edx,0
    const c = exec([...movEax(0xffffffff), ...movEdx(1), 0x83, 0xc0, 0x01, 0x83, 0xd2, 0x00]);
    assert.strictEqual(c.regs[Reg.EAX], 0);
    assert.strictEqual(c.regs[Reg.EDX], 2);
    const d = exec([...movEax(0), ...movEdx(2), 0x83, 0xe8, 0x02, 0x83, 0xda, 0x00]);
    assert.strictEqual(d.regs[Reg.EAX], 0xfffffffe);
    assert.strictEqual(d.regs[Reg.EDX], 1);
    assert.strictEqual(d.getEflags() & (CF | ZF), 0);
  });
  it('inc preserves CF; dec to zero sets ZF', () => {
    const c = exec([0xf9, ...movEax(0xffffffff), 0x40]); // stc; inc eax
    assert.strictEqual(c.regs[Reg.EAX], 0);
    assert.strictEqual(c.getEflags() & (CF | ZF | OF), CF | ZF);
    const d = exec([...movEcx(1), 0x49]);
    assert.strictEqual(d.getEflags() & (ZF | SF), ZF);
  });
  it('byte and word operations touch only their part of the register', () => {
    const c = exec([...movEax(0x12345678), 0x04, 0x90, 0x80, 0xc4, 0x01, 0x66, 0x05, 0x00, 0x01]); // add al,0x90; add ah,1; add ax,0x100
    assert.strictEqual(c.regs[Reg.EAX], 0x12345808);
    const d = exec([...movEax(0xff), 0x04, 0x01]);
    assert.strictEqual(d.regs[Reg.EAX], 0);
    assert.strictEqual(d.getEflags() & (CF | ZF), CF | ZF);
  });
  it('loop with cmp/jcc sums 1..10', () => {
    const c = exec([...movEcx(10), 0x31, 0xc0, 0x01, 0xc8, 0x49, 0x75, 0xfb]);
    assert.strictEqual(c.regs[Reg.EAX], 55);
  });
  it('signed and unsigned conditions after cmp', () => {
    // eax = -1, ebx = 1: cmp eax,ebx; setl cl; setb dl; setg bh; seta dh
    const c = exec([...movEax(0xffffffff), ...movEbx(1), ...movEcx(0), ...movEdx(0), 0x39, 0xd8,
      0x0f, 0x9c, 0xc1, 0x0f, 0x92, 0xc2, 0x0f, 0x9f, 0xc7, 0x0f, 0x97, 0xc6]);
    assert.strictEqual(c.regs[Reg.ECX] & 0xff, 1); // -1 < 1 signed
    assert.strictEqual(c.regs[Reg.EDX] & 0xff, 0); // 0xffffffff not below 1
    assert.strictEqual(c.regs[Reg.EDX] >>> 8 & 0xff, 1); // above
    assert.strictEqual(c.regs[Reg.EBX] >>> 8 & 0xff, 0);
  });
  it('mul, imul, div, idiv', () => {
    const c = exec([...movEax(0xffffffff), ...movEcx(0xffffffff), 0xf7, 0xe1]);
    assert.strictEqual(c.regs[Reg.EDX], 0xfffffffe);
    assert.strictEqual(c.regs[Reg.EAX], 1);
    assert.strictEqual(c.getEflags() & (CF | OF), CF | OF);
    const d = exec([...movEdx(0), ...movEax(100), ...movEcx(7), 0xf7, 0xf1]);
    assert.deepStrictEqual([d.regs[Reg.EAX], d.regs[Reg.EDX]], [14, 2]);
    const e = exec([...movEax(-100 >>> 0), 0x99, ...movEcx(7), 0xf7, 0xf9]);
    assert.deepStrictEqual([e.r[Reg.EAX], e.r[Reg.EDX]], [-14, -2]);
    const f = exec([...movEdx(5), ...movEax(0x12345678), ...movEcx(0x10000), 0xf7, 0xf1]); // 64-bit dividend
    assert.deepStrictEqual([f.regs[Reg.EAX], f.regs[Reg.EDX]], [0x51234, 0x5678]);
    const g = exec([...movEax(-3 >>> 0), ...movEcx(7), 0x0f, 0xaf, 0xc1, 0x6b, 0xc0, 0xfe]); // imul eax,ecx ; imul eax,eax,-2
    assert.strictEqual(g.r[Reg.EAX], 42);
  });
  it('shifts, rotates, shld/shrd', () => {
    const c = exec([...movEax(0x80000001), 0xd1, 0xe0]); // shl eax,1
    assert.strictEqual(c.regs[Reg.EAX], 2);
    assert.strictEqual(c.getEflags() & (CF | OF), CF | OF);
    const d = exec([...movEax(0x80000000), 0xc1, 0xf8, 0x04]); // sar eax,4
    assert.strictEqual(d.regs[Reg.EAX], 0xf8000000);
    const e = exec([...movEax(0x80000001), 0xd1, 0xc0]); // rol eax,1
    assert.strictEqual(e.regs[Reg.EAX], 3);
    assert.strictEqual(e.getEflags() & CF, CF);
    const f = exec([...movEax(0x12345678), ...movEdx(0x9abcdef0), 0x0f, 0xa4, 0xd0, 0x08]); // shld eax,edx,8
    assert.strictEqual(f.regs[Reg.EAX], 0x3456789a);
    const g = exec([...movEax(0x12345678), ...movEdx(0x9abcdef0), ...movEcx(8), 0x0f, 0xad, 0xd0]); // shrd eax,edx,cl
    assert.strictEqual(g.regs[Reg.EAX], 0xf0123456);
    const h = exec([...movEax(0x81), 0xd0, 0xd8]); // rcr al,1 with CF=0
    assert.strictEqual(h.regs[Reg.EAX] & 0xff, 0x40);
    assert.strictEqual(h.getEflags() & CF, CF);
  });
  it('bit scan, bit test, bswap, movzx/movsx, cmov, xadd, cmpxchg', () => {
    const c = exec([...movEax(0x00f00000), 0x0f, 0xbc, 0xd8, 0x0f, 0xbd, 0xc8]); // bsf ebx,eax ; bsr ecx,eax
    assert.deepStrictEqual([c.regs[Reg.EBX], c.regs[Reg.ECX]], [20, 23]);
    const d = exec([...movEax(0x10), 0x0f, 0xba, 0xe8, 0x04, 0x0f, 0xba, 0xe8, 0x00]); // bts eax,4 ; bts eax,0
    assert.strictEqual(d.regs[Reg.EAX], 0x11);
    assert.strictEqual(d.getEflags() & CF, 0);
    const e = exec([...movEax(0x11223344), 0x0f, 0xc8, 0x0f, 0xbe, 0xd8, 0x0f, 0xb7, 0xc8]); // bswap; movsx ebx,al; movzx ecx,ax
    assert.deepStrictEqual([e.regs[Reg.EAX], e.regs[Reg.EBX], e.regs[Reg.ECX]], [0x44332211, 0x11, 0x2211]);
    const f = exec([...movEax(0x80), 0x0f, 0xbe, 0xd8]);
    assert.strictEqual(f.regs[Reg.EBX], 0xffffff80);
    const g = exec([...movEax(5), ...movEbx(9), 0x39, 0xd8, 0x0f, 0x4c, 0xc3]); // cmp eax,ebx ; cmovl eax,ebx
    assert.strictEqual(g.regs[Reg.EAX], 9);
    const h = exec([...movEax(5), ...movEbx(9), 0x0f, 0xc1, 0xc3]); // xadd ebx,eax
    assert.deepStrictEqual([h.regs[Reg.EAX], h.regs[Reg.EBX]], [9, 14]);
    const k = exec([...movEax(7), ...movEbx(7), ...movEcx(42), 0x0f, 0xb1, 0xcb]); // cmpxchg ebx,ecx
    assert.strictEqual(k.regs[Reg.EBX], 42);
    assert.strictEqual(k.getEflags() & ZF, ZF);
  });
});

describe('cpu: memory, stack, strings', () => {
  it('push/pop, call/ret, enter/leave', () => {
    // call +5 ; jmp +8 ; (sub) push ebp; mov ebp,esp; push 0x1234; pop eax; leave; ret
    const c = exec([0xe8, 0x02, 0x00, 0x00, 0x00, 0xeb, 0x0b, 0x55, 0x89, 0xe5, 0x68, 0x34, 0x12, 0x00, 0x00, 0x58, 0xc9, 0xc3]);
    assert.strictEqual(c.regs[Reg.EAX], 0x1234);
    assert.strictEqual(c.regs[Reg.ESP], STACK_TOP);
  });
  it('rep stosd fills and repne scasb finds a terminator', () => {
    const c = exec([0xbf, ...le32(DATA), ...movEcx(4), ...movEax(0x41414141), 0xfc, 0xf3, 0xab]);
    assert.strictEqual(c.regs[Reg.ECX], 0);
    assert.strictEqual(c.regs[Reg.EDI], DATA + 16);
    assert.deepStrictEqual(Array.from(c.as.read(DATA, 17) as Uint8Array), [...new Array(16).fill(0x41), 0]);
    // strlen: edi=DATA, al=0, ecx=-1, repne scasb, not ecx, dec ecx
    const d = exec([0xbf, ...le32(DATA), 0x31, 0xc0, ...movEcx(0xffffffff), 0xf2, 0xae, 0xf7, 0xd1, 0x49],
      (_c, as) => as.write(DATA, new TextEncoder().encode('hello\0')));
    assert.strictEqual(d.regs[Reg.ECX], 5);
  });
  it('each rep iteration counts against the budget', () => {
    const { cpu } = makeCpu([0xbf, ...le32(DATA), ...movEcx(10), 0xf3, 0xaa, ...INT30]);
    assert.strictEqual(cpu.run(5), StopReason.Budget);
    assert.strictEqual(cpu.retired, 5);
    assert.strictEqual(cpu.regs[Reg.ECX], 7); // 2 movs, then 3 iterations
    assert.strictEqual(cpu.eip, CODE + 10);
    assert.strictEqual(cpu.run(100), StopReason.Interrupt);
    assert.strictEqual(cpu.regs[Reg.ECX], 0);
  });
  it('segment override uses the hidden base; mov to a segment register asks the kernel', () => {
    const c = exec([0x64, 0xa1, 0x04, 0x00, 0x00, 0x00], (cpu, as) => {
      cpu.segBase[SegReg.FS] = DATA;
      as.writeU32(DATA + 4, 0xcafebabe);
    });
    assert.strictEqual(c.regs[Reg.EAX], 0xcafebabe);
    const d = exec([...movEax(0x43), 0x8e, 0xe8, 0x65, 0x8b, 0x1d, 0x00, 0x00, 0x00, 0x00], (cpu, as) => {
      cpu.descriptorLookup = (sel) => (sel === 0x43 ? { base: DATA + 8, limit: 0xfff } : undefined);
      as.writeU32(DATA + 8, 77);
    });
    assert.strictEqual(d.sreg[SegReg.GS], 0x43);
    assert.strictEqual(d.regs[Reg.EBX], 77);
    const { cpu } = makeCpu([...movEax(0x4b), 0x8e, 0xe8]);
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.vector, Vector.GP);
    assert.strictEqual(cpu.errorCode, 0x48);
  });
});

describe('cpu: faults, traps and stops', () => {
  it('#DE on division by zero, eip at the instruction, registers unchanged', () => {
    const { cpu } = makeCpu([...movEax(5), 0x31, 0xc9, 0xf7, 0xf1]);
    assert.strictEqual(cpu.run(100), StopReason.Fault);
    assert.strictEqual(cpu.vector, Vector.DE);
    assert.strictEqual(cpu.eip, CODE + 7);
    assert.strictEqual(cpu.retired, 2);
    assert.strictEqual(cpu.regs[Reg.EAX], 5);
  });
  it('#DE on quotient overflow', () => {
    const { cpu } = makeCpu([...movEdx(1), ...movEcx(1), 0xf7, 0xf1]);
    assert.strictEqual(cpu.run(100), StopReason.Fault);
    assert.strictEqual(cpu.vector, Vector.DE);
  });
  it('#PF on read of an unmapped page with CR2 and error code', () => {
    const { cpu } = makeCpu([0xa1, ...le32(0x10000010)]);
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.vector, Vector.PF);
    assert.strictEqual(cpu.faultAddress, 0x10000010);
    assert.strictEqual(cpu.errorCode, 4);
    assert.strictEqual(cpu.eip, CODE);
  });
  it('#PF on write to a read-only page is a protection fault', () => {
    const { cpu } = makeCpu([0xa3, ...le32(CODE + 0x100)]);
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.errorCode, 7);
    assert.strictEqual(cpu.faultAddress, CODE + 0x100);
  });
  it('#PF on instruction fetch has the fetch bit', () => {
    const { cpu } = makeCpu([0xe9, ...le32(0x20000000 - CODE - 5)]);
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.faultAddress, 0x20000000);
    assert.strictEqual(cpu.errorCode, 4 | 16);
    assert.strictEqual(cpu.eip, 0x20000000);
  });
  it('a faulting push or call commits nothing', () => {
    const { cpu } = makeCpu([0x50]);
    cpu.regs[Reg.ESP] = 0x400000;
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.regs[Reg.ESP], 0x400000);
    assert.strictEqual(cpu.faultAddress, 0x3ffffc);
    assert.strictEqual(cpu.errorCode, 6);
    const k = makeCpu([0xe8, 0, 0, 0, 0]);
    k.cpu.regs[Reg.ESP] = 0x400000;
    assert.strictEqual(k.cpu.run(10), StopReason.Fault);
    assert.strictEqual(k.cpu.eip, CODE);
    assert.strictEqual(k.cpu.regs[Reg.ESP], 0x400000);
  });
  it('a store straddling into an unmapped page writes no byte; RMW leaves flags', () => {
    const { cpu, as } = makeCpu([...movEax(0x11223344), 0xa3, ...le32(DATA + 0x1ffe)]);
    assert.strictEqual(cpu.run(10), StopReason.Fault);
    assert.strictEqual(cpu.faultAddress, DATA + 0x2000);
    assert.deepStrictEqual(Array.from(as.read(DATA + 0x1ffe, 2) as Uint8Array), [0, 0]);
    const k = makeCpu([0x31, 0xc0, 0x83, 0x05, ...le32(CODE), 0x01]); // xor eax,eax ; add dword [CODE],1
    assert.strictEqual(k.cpu.run(10), StopReason.Fault);
    assert.strictEqual(k.cpu.getEflags() & ZF, ZF);
  });
  it('rep movsb faulting midway keeps completed iterations', () => {
    const { cpu, as } = makeCpu([0xbe, ...le32(DATA), 0xbf, ...le32(DATA + 0x1ffc), ...movEcx(8), 0xf3, 0xa4]);
    as.write(DATA, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    assert.strictEqual(cpu.run(100), StopReason.Fault);
    assert.strictEqual(cpu.eip, CODE + 15);
    assert.strictEqual(cpu.regs[Reg.ECX], 4);
    assert.strictEqual(cpu.regs[Reg.EDI], DATA + 0x2000);
    assert.deepStrictEqual(Array.from(as.read(DATA + 0x1ffc, 4) as Uint8Array), [1, 2, 3, 4]);
  });
  it('#UD for ud2 and unknown opcodes, #GP for hlt/cli/in', () => {
    for (const [code, vec] of [[[0x0f, 0x0b], Vector.UD], [[0x0f, 0x04], Vector.UD], [[0xf4], Vector.GP], [[0xfa], Vector.GP], [[0xe4, 0x60], Vector.GP], [[0x8d, 0xc0], Vector.UD]] as Array<[number[], number]>) {
      const { cpu } = makeCpu(code);
      assert.strictEqual(cpu.run(10), StopReason.Fault, code.join(','));
      assert.strictEqual(cpu.vector, vec);
      assert.strictEqual(cpu.eip, CODE);
    }
  });
  it('int n, int3, into and sysenter stop after the instruction', () => {
    const { cpu } = makeCpu([0x90, 0xcd, 0x30, 0xcc, ...movEax(0x7fffffff), 0x40, 0xce, 0x0f, 0x34]);
    assert.strictEqual(cpu.run(100), StopReason.Interrupt);
    assert.deepStrictEqual([cpu.vector, cpu.eip, cpu.retired], [0x30, CODE + 3, 2]);
    assert.strictEqual(cpu.run(100), StopReason.Interrupt);
    assert.deepStrictEqual([cpu.vector, cpu.eip], [3, CODE + 4]);
    assert.strictEqual(cpu.run(100), StopReason.Interrupt);
    assert.deepStrictEqual([cpu.vector, cpu.eip], [4, CODE + 11]);
    assert.strictEqual(cpu.run(100), StopReason.Sysenter);
    assert.strictEqual(cpu.eip, CODE + 13);
  });
  it('breakpoints stop before the instruction; resumeFrom skips once', () => {
    const { cpu, as } = makeCpu([0x40, 0x40, 0x40, 0xeb, 0xfb]);
    as.addBreakpoint(CODE + 1);
    assert.strictEqual(cpu.run(100), StopReason.Breakpoint);
    assert.deepStrictEqual([cpu.eip, cpu.retired, cpu.regs[Reg.EAX]], [CODE + 1, 1, 1]);
    assert.strictEqual(cpu.run(100), StopReason.Breakpoint); // not resumed: stays
    assert.strictEqual(cpu.retired, 0);
    cpu.resumeFrom = cpu.eip;
    assert.strictEqual(cpu.run(100), StopReason.Breakpoint);
    assert.deepStrictEqual([cpu.eip, cpu.retired, cpu.regs[Reg.EAX]], [CODE + 1, 4, 4]);
    as.removeBreakpoint(CODE + 1);
    assert.strictEqual(cpu.run(7), StopReason.Budget);
    assert.strictEqual(cpu.retired, 7);
  });
  it('a breakpoint in another page leaves hot code running as blocks, and still stops where it is', () => {
    // loop: inc eax; cmp eax, 200000; jne loop; jmp far-page ; the far page holds a breakpoint on its nop
    const loop = [0x40, 0x3d, ...le32(200000), 0x75, 0xf8];
    const far = CODE + 0x1000;
    const jmp = [0xe9, ...le32(far - (CODE + loop.length + 5))];
    const { cpu, as } = makeCpu([...loop, ...jmp]);
    as.map(far, as.phys.allocFrame(), PROT_R | PROT_X);
    as.write(far, Uint8Array.of(0x90, 0x40, ...INT30));
    as.addBreakpoint(far + 1);
    const before = Cpu.blocks;
    assert.ok(before, 'the block tiers are on');
    assert.strictEqual(cpu.run(10_000_000), StopReason.Breakpoint);
    assert.deepStrictEqual([cpu.eip, cpu.regs[Reg.EAX]], [far + 1, 200000]);
    // the loop became a compiled block although the address space has a breakpoint
    const loopBlock = cpu.code.page(as.lookup(CODE)!.pa >>> 12).blocks[0];
    assert.ok(loopBlock?.fn, 'the hot loop was compiled');
    assert.strictEqual(as.pageHasBreakpoint(CODE >>> 12), false);
    assert.strictEqual(as.pageHasBreakpoint(far >>> 12), true);
    as.removeBreakpoint(far + 1);
    assert.strictEqual(as.pageHasBreakpoint(far >>> 12), false);
  });
    it('eflags: user bits settable, IF kept, lazy flags materialised', () => {
    const { cpu } = makeCpu([0x9c, 0x58]); // pushf; pop eax
    cpu.setEflags(0xffffffff);
    const f = cpu.getEflags();
    assert.strictEqual(f & 0x3000, 0); // IOPL stays 0
    assert.strictEqual(f & 0x200, 0x200);
    assert.strictEqual(f & ARITH, ARITH);
    cpu.run(2);
    assert.strictEqual(cpu.regs[Reg.EAX], f);
  });
  it('cpuid and rdtsc', () => {
    const c = exec([0x31, 0xc0, 0x0f, 0xa2], undefined);
    assert.strictEqual(Buffer.from(Uint32Array.from([c.regs[Reg.EBX], c.regs[Reg.EDX], c.regs[Reg.ECX]]).buffer).toString(), 'GenuineIntel');
    const d = exec([0x0f, 0x31], (cpu) => { cpu.tsc = () => 0x123456789; });
    assert.deepStrictEqual([d.regs[Reg.EAX], d.regs[Reg.EDX]], [0x23456789, 1]);
  });
});

describe('cpu: code cache coherence', () => {
  it('self-modifying code executes the new bytes', () => {
    const phys = new PhysicalMemory(1 << 20);
    const as = new AddressSpace(phys);
    as.map(CODE, phys.allocFrame(), PROT_R | PROT_W | PROT_X);
    as.map(STACK_TOP - 4096, phys.allocFrame(), PROT_R | PROT_W);
    // loop: mov eax,1 (patched to mov eax,2 by the store) ; store ; int 0x30
    //   b8 01 00 00 00 ; c6 05 <CODE+1> 02 ; e9 back to start once → use ecx counter
    const code = [0xb8, 1, 0, 0, 0, 0xc6, 0x05, ...le32(CODE + 1), 0x02, 0x41, 0x83, 0xf9, 0x02, 0x75, 0xee, 0xcd, 0x30];
    as.write(CODE, Uint8Array.from(code));
    const cpu = new Cpu(as);
    cpu.eip = CODE;
    cpu.regs[Reg.ESP] = STACK_TOP;
    assert.strictEqual(cpu.run(100), StopReason.Interrupt);
    assert.strictEqual(cpu.regs[Reg.EAX], 2);
  });
  it('a write through one address space invalidates code decoded through another sharing the frame', () => {
    const phys = new PhysicalMemory(1 << 20);
    const a = new AddressSpace(phys);
    const b = new AddressSpace(phys);
    const frame = phys.allocFrame();
    a.map(CODE, frame, PROT_R | PROT_X);
    b.map(0x40000000, frame, PROT_R | PROT_W);
    a.write(CODE, Uint8Array.from([...movEax(1), ...INT30]));
    const cpu = new Cpu(a);
    cpu.eip = CODE;
    assert.strictEqual(cpu.run(10), StopReason.Interrupt);
    assert.strictEqual(cpu.regs[Reg.EAX], 1);
    // Another CPU in space b patches the immediate with a guest store.
    const writer = new Cpu(b);
    b.map(0x50000000, phys.allocFrame(), PROT_R | PROT_X);
    b.write(0x50000000, Uint8Array.from([0xc6, 0x05, ...le32(0x40000001), 0x09, ...INT30]));
    writer.eip = 0x50000000;
    assert.strictEqual(writer.run(10), StopReason.Interrupt);
    cpu.eip = CODE;
    assert.strictEqual(cpu.run(10), StopReason.Interrupt);
    assert.strictEqual(cpu.regs[Reg.EAX], 9);
  });
  it('switching address spaces runs the other space\'s code', () => {
    const phys = new PhysicalMemory(1 << 20);
    const a = new AddressSpace(phys), b = new AddressSpace(phys);
    a.map(CODE, phys.allocFrame(), PROT_R | PROT_X);
    b.map(CODE, phys.allocFrame(), PROT_R | PROT_X);
    a.write(CODE, Uint8Array.from([...movEax(1), ...INT30]));
    b.write(CODE, Uint8Array.from([...movEax(2), ...INT30]));
    const cpu = new Cpu(a);
    cpu.eip = CODE;
    cpu.run(10);
    assert.strictEqual(cpu.regs[Reg.EAX], 1);
    cpu.as = b;
    cpu.eip = CODE;
    cpu.run(10);
    assert.strictEqual(cpu.regs[Reg.EAX], 2);
  });
});

describe('cpu: basic blocks', () => {
  it('a code frame mapped at two virtual addresses runs with the right EIP in each', () => {
    // call next; pop eax; jmp +0 ... : EAX receives the virtual address after the call.
    const code = [0xe8, 0, 0, 0, 0, 0x58, 0xcd, 0x30];
    const { cpu, as, phys } = makeCpu(code);
    const frame = as.translate(CODE) & ~0xfff;
    const OTHER = 0x10000000;
    as.map(OTHER, frame, PROT_R | PROT_X);
    void phys;
    for (let round = 0; round < 60; round++) {
      for (const base of [CODE, OTHER]) {
        cpu.eip = base;
        cpu.regs[Reg.ESP] = STACK_TOP;
        assert.strictEqual(cpu.run(100), StopReason.Interrupt);
        assert.strictEqual(cpu.regs[Reg.EAX], base + 5, `round ${round} at 0x${base.toString(16)}`);
      }
    }
  });
});

describe('cpu: CET hint NOPs', () => {
  it('endbr32, endbr64, rdsspd and prefixed multi-byte NOPs change only EIP (no CET: they are NOPs)', () => {
    const nops = [
      [0xf3, 0x0f, 0x1e, 0xfb], // endbr32
      [0xf3, 0x0f, 0x1e, 0xfa], // endbr64
      [0xf3, 0x0f, 0x1e, 0xc8], // rdsspd %eax: leaves %eax as it is without shadow stacks
      [0x66, 0xf3, 0x0f, 0x1e, 0xfb], // data16 endbr32
      [0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0], // data16 nopw %cs:0x0(%eax,%eax,1)
      [0x3e, 0x8d, 0x74, 0x26, 0x00], // lea 0x0(%esi,%eiz,1),%esi with a ds prefix (padding)
    ];
    const setup = [...movEax(0x12345678), ...movEcx(0xcafe), 0xf9 /* stc */];
    const cpu = exec([...setup, ...nops.flat()]);
    assert.strictEqual(cpu.regs[Reg.EAX] >>> 0, 0x12345678);
    assert.strictEqual(cpu.regs[Reg.ECX], 0xcafe);
    assert.strictEqual(cpu.getEflags() & CF, CF);
    assert.strictEqual(cpu.eip, CODE + setup.length + nops.flat().length + 2);
    assert.strictEqual(cpu.retired, 3 + nops.length + 1);
  });
});
