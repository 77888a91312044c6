import type { Cpu } from './cpu';

/** Executes one decoded instruction. `cpu.eip` already points after the instruction when it is called. */
export type Handler = (cpu: Cpu, insn: Insn) => void;

/**
 * One decoded instruction. Every instruction uses the same object shape so the hot loop stays monomorphic;
 * fields an instruction does not need keep their defaults.
 */
export class Insn {
  fn: Handler;
  /** Length in bytes. */
  len = 0;
  /** Operation selector inside a family handler (ALU op, condition code, group sub-op). */
  op = 0;
  /** Operand size in bytes (1, 2 or 4). */
  size = 4;
  /** ModRM.reg, or the register encoded in the opcode. */
  reg = 0;
  /** Register operand when `mem` is false. */
  rm = 0;
  /** True when the ModRM r/m operand is in memory. */
  mem = false;
  /** Effective address parts; register index 8 reads as zero. */
  base = 8;
  index = 8;
  scale = 0;
  disp = 0;
  /** Segment register whose base is added (SegReg order). */
  seg = 3;
  imm = 0;
  imm2 = 0;
  /** 0, 0xF2 (repne) or 0xF3 (rep/repe). */
  rep = 0;
  /** Opcode bytes (0x0Fxx for two-byte opcodes), for diagnostics. */
  opcode = 0;
  /** Ends a basic block (the opcode table's boundary flag, or a handler that always faults). */
  ends = false;
  /** Cannot fault or touch memory (the table's `pure` with register operands): compiled blocks skip its bookkeeping. */
  pure = false;

  constructor(fn: Handler) {
    this.fn = fn;
  }
}
