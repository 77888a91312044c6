// A small DWARF expression evaluator for variable locations at -O0: DW_OP_fbreg, breg/reg, call_frame_cfa, addr,
// constants and plus_uconst. Anything else yields undefined (shown as "<optimized out>"-like text by the views).
import { DW_OP } from './dwarf-constants';
import { DwarfReader } from './dwarf-reader';

export type Location = { kind: 'memory'; address: number } | { kind: 'register'; reg: number } | { kind: 'value'; value: number };

export interface LocationContext {
  /** Register values by DWARF number (0..7 = eax..edi). */
  reg(n: number): number | undefined;
  /** The frame's CFA (for DW_OP_call_frame_cfa). */
  cfa?: number;
  /** The evaluated DW_AT_frame_base of the function (an address). */
  frameBase?: number;
  readU32(address: number): number | undefined;
}

export function evaluateLocation(expr: Uint8Array, ctx: LocationContext): Location | undefined {
  const r = new DwarfReader(expr);
  const stack: number[] = [];
  let isValue = false;
  while (r.pos < expr.length) {
    const op = r.u8();
    if (op >= DW_OP.lit0 && op < DW_OP.lit0 + 32) {
      stack.push(op - DW_OP.lit0);
      continue;
    }
    if (op >= DW_OP.reg0 && op < DW_OP.reg0 + 32) {
      if (r.pos === expr.length && stack.length === 0) return { kind: 'register', reg: op - DW_OP.reg0 };
      return undefined;
    }
    if (op >= DW_OP.breg0 && op < DW_OP.breg0 + 32) {
      const base = ctx.reg(op - DW_OP.breg0);
      if (base === undefined) return undefined;
      stack.push((base + r.sleb()) >>> 0);
      continue;
    }
    switch (op) {
      case DW_OP.addr: stack.push(r.u32()); break;
      case DW_OP.const1u: stack.push(r.u8()); break;
      case DW_OP.const1s: stack.push(r.s8()); break;
      case DW_OP.const2u: stack.push(r.u16()); break;
      case DW_OP.const2s: stack.push((r.u16() << 16) >> 16); break;
      case DW_OP.const4u: stack.push(r.u32()); break;
      case DW_OP.const4s: stack.push(r.s32()); break;
      case DW_OP.constu: stack.push(r.uleb()); break;
      case DW_OP.consts: stack.push(r.sleb()); break;
      case DW_OP.plus_uconst: {
        const v = stack.pop();
        if (v === undefined) return undefined;
        stack.push((v + r.uleb()) >>> 0);
        break;
      }
      case DW_OP.fbreg: {
        if (ctx.frameBase === undefined) return undefined;
        stack.push((ctx.frameBase + r.sleb()) >>> 0);
        break;
      }
      case DW_OP.regx: {
        const reg = r.uleb();
        return r.pos === expr.length ? { kind: 'register', reg } : undefined;
      }
      case DW_OP.bregx: {
        const base = ctx.reg(r.uleb());
        if (base === undefined) return undefined;
        stack.push((base + r.sleb()) >>> 0);
        break;
      }
      case DW_OP.call_frame_cfa:
        if (ctx.cfa === undefined) return undefined;
        stack.push(ctx.cfa);
        break;
      case DW_OP.deref: {
        const a = stack.pop();
        const v = a === undefined ? undefined : ctx.readU32(a);
        if (v === undefined) return undefined;
        stack.push(v);
        break;
      }
      case DW_OP.stack_value: isValue = true; break;
      default: return undefined;
    }
  }
  const top = stack.pop();
  if (top === undefined) return undefined;
  return isValue ? { kind: 'value', value: top } : { kind: 'memory', address: top >>> 0 };
}
