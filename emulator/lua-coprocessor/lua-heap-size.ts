// An estimate of the memory a Lua state holds, by walking what is reachable from it. fengari allocates from
// the JS heap and has no allocator hook, so ned bounds a script's memory by measuring like a collector would:
// the walk is deterministic (same script, same estimate) and never leaves the Lua world (JS functions and
// userdata payloads, which reference the kernel, are not followed).
import type { LuaState } from 'fengari';

/** fengari's internal shapes, as far as the walk reads them. */
interface TValueShape {
  type: number;
  value: unknown;
}
interface TableShape {
  strong: Map<unknown, { key: TValueShape; value: TValueShape }>;
  metatable: TableShape | null;
}
interface LClosureShape {
  p: ProtoShape | null;
  upvals: Array<TValueShape | undefined>;
}
interface CClosureShape {
  upvalue: Array<TValueShape | undefined>;
}
interface ProtoShape {
  k: TValueShape[];
  p: ProtoShape[];
  code: unknown[];
}
interface UdataShape {
  metatable: TableShape | null;
  uservalue: TValueShape;
  len: number;
}
interface StateShape {
  stack: Array<TValueShape | undefined> | null;
  l_G: { l_registry: TValueShape; mt: Array<TableShape | null | undefined> };
}
interface TStringShape {
  realstring: Uint8Array;
}

// Lua's basic type tags (the low four bits of a value's type).
const T_STRING = 4;
const T_TABLE = 5;
const T_FUNCTION = 6;
const T_USERDATA = 7;
const T_THREAD = 8;
const VARIANT_LUA_CLOSURE = 0;
const VARIANT_C_CLOSURE = 2;

// Rough per-object costs in bytes (what the JS objects behind each Lua value take).
const OBJECT_BYTES = 48;
const TABLE_ENTRY_BYTES = 96;
const SLOT_BYTES = 16;
const INSTRUCTION_BYTES = 8;

/** Estimated bytes reachable from the Lua state L (all its threads share one registry). */
export function luaHeapBytes(L: LuaState): number {
  const seen = new Set<unknown>();
  const work: Array<() => void> = [];
  let bytes = 0;

  const value = (tv: TValueShape | undefined): void => {
    if (!tv || tv.value === null || typeof tv.value !== 'object' || seen.has(tv.value)) return;
    const basic = tv.type & 0x0f;
    const o = tv.value;
    seen.add(o);
    switch (basic) {
      case T_STRING:
        bytes += OBJECT_BYTES + (o as TStringShape).realstring.length;
        break;
      case T_TABLE:
        work.push(() => table(o as TableShape));
        break;
      case T_FUNCTION:
        if (tv.type >> 4 === VARIANT_LUA_CLOSURE) work.push(() => luaClosure(o as LClosureShape));
        else if (tv.type >> 4 === VARIANT_C_CLOSURE) work.push(() => cClosure(o as CClosureShape));
        break;
      case T_USERDATA: {
        const u = o as UdataShape;
        bytes += OBJECT_BYTES + (u.len | 0);
        if (u.metatable) tableRef(u.metatable);
        value(u.uservalue);
        break;
      }
      case T_THREAD:
        work.push(() => thread(o as StateShape));
        break;
    }
  };
  const tableRef = (t: TableShape): void => {
    if (seen.has(t)) return;
    seen.add(t);
    work.push(() => table(t));
  };
  const table = (t: TableShape): void => {
    bytes += OBJECT_BYTES + t.strong.size * TABLE_ENTRY_BYTES;
    for (const e of t.strong.values()) {
      value(e.key);
      value(e.value);
    }
    if (t.metatable) tableRef(t.metatable);
  };
  const proto = (p: ProtoShape): void => {
    if (seen.has(p)) return;
    seen.add(p);
    bytes += OBJECT_BYTES + p.code.length * INSTRUCTION_BYTES + p.k.length * SLOT_BYTES;
    for (const k of p.k) value(k);
    for (const child of p.p) proto(child);
  };
  const luaClosure = (c: LClosureShape): void => {
    bytes += OBJECT_BYTES + c.upvals.length * SLOT_BYTES;
    if (c.p) proto(c.p);
    for (const u of c.upvals) value(u);
  };
  const cClosure = (c: CClosureShape): void => {
    bytes += OBJECT_BYTES + c.upvalue.length * SLOT_BYTES;
    for (const u of c.upvalue) value(u);
  };
  const thread = (s: StateShape): void => {
    const stack = s.stack ?? [];
    bytes += OBJECT_BYTES + stack.length * SLOT_BYTES;
    for (const v of stack) value(v);
  };

  const state = L as unknown as StateShape;
  seen.add(state);
  thread(state);
  value(state.l_G.l_registry);
  for (const mt of state.l_G.mt) if (mt) tableRef(mt);
  while (work.length) work.pop()!();
  return bytes;
}
