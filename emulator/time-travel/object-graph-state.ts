// Captures and restores the state of a graph of JS objects in place: every object reachable from the roots
// keeps its identity, and restoring puts back each one's own properties (array elements, map and set entries,
// typed-array bytes) as they were. Outside holders of those objects (a debugger holding a Thread) therefore
// stay valid across a restore. Large buffers are kept in 4 KiB chunks shared with the previous capture of the
// same buffer when unchanged, so periodic captures cost memory in proportion to what changed; with a map of the
// chunks written since the last capture (GraphPolicy.writtenChunks) they also cost time only in proportion to it.

/** Thrown when the graph holds state a capture cannot see (a WeakMap, a Promise, a generator): travel is refused. */
export class UncapturableStateError extends Error {
  constructor(readonly path: string, what: string) {
    super(`time travel is not possible: ${path} is ${what}, whose state cannot be captured`);
    this.name = 'UncapturableStateError';
  }
}

export const CHUNK_BYTES = 4096;
/** Buffers up to this size are copied whole; larger ones chunk-wise with sharing. */
const WHOLE_COPY_LIMIT = 64 * 1024;
const ZERO_CHUNK = new Uint8Array(CHUNK_BYTES);

export interface GraphPolicy {
  /** Objects not walked: kept as references, never restored (the debugger's hooks, caches rebuilt on demand). */
  skipObject(o: object): boolean;
  /** Own properties of `o` left alone (debugger state living in emulator objects). */
  skipProperty(o: object, key: string): boolean;
  /**
   * Chunks [from, to) of `buffer` known to be all zero without looking (never-used RAM); for a capture without a
   * previous one, also every chunk `unwritten` does not mark (0: never written since the buffer was zero), which
   * `verify` checks (UnmarkedWriteError). Restores and hashes use only the range.
   */
  knownZeroChunks?(buffer: ArrayBuffer): { from: number; to: number; unwritten?: Uint8Array; verify?: boolean } | undefined;
  /** Called for every chunk whose bytes a restore changed (RAM frames: the code cache drops decoded code). */
  chunkRestored?(buffer: ArrayBuffer, chunk: number): void;
  /**
   * The chunks of `buffer` written since `since` was captured or restored (one byte per chunk, 1 = written):
   * every unmarked chunk still holds since's bytes, so a capture shares it and a restore leaves it alone
   * without looking at its bytes. With `verify`, captures compare the unmarked chunks anyway and throw
   * UnmarkedWriteError for one that changed (a write path that does not mark: tests use this).
   */
  writtenChunks?(buffer: ArrayBuffer): { since: GraphState; written: Uint8Array; verify?: boolean } | undefined;
  /** Objects that capture and restore their own state (large private structures, e.g. the mapping database). */
  selfCapturing?(o: object): o is SelfCapturing;
  /**
   * The form to hash instead of an object's fields, for objects whose equal states may be laid out differently
   * in memory (the mapping database's tables after a restore): a canonical value of the same state.
   */
  hashForm?(o: object): object | undefined;
}

/**
 * An object that copies its own state (which must reach no object outside it) and labels it with a revision
 * that is new after every change, never reused, also across restores: a capture whose revision equals the
 * previous capture's shares that copy, and a restore to the revision the object holds now does nothing.
 */
export interface SelfCapturing {
  readonly captureRevision: number;
  captureState(): unknown;
  restoreState(state: unknown, revision: number): void;
}

/** A chunk changed since the capture the written-chunk map is relative to, but the map does not say so. */
export class UnmarkedWriteError extends Error {
  constructor(readonly chunk: number) {
    super(`chunk ${chunk} (RAM frame 0x${chunk.toString(16)}) changed without being marked written`);
    this.name = 'UnmarkedWriteError';
  }
}

type ObjectRecord = { kind: 'object'; o: Record<string, unknown>; keys: string[]; values: unknown[] };
type ArrayRecord = { kind: 'array'; o: unknown[]; values: unknown[] };
type MapRecord = { kind: 'map'; o: Map<unknown, unknown>; entries: Array<[unknown, unknown]> };
type SetRecord = { kind: 'set'; o: Set<unknown>; values: unknown[] };
type BufferRecord = { kind: 'buffer'; o: ArrayBuffer; whole?: Uint8Array; chunks?: Uint8Array[] };
type SelfRecord = { kind: 'self'; o: SelfCapturing; revision: number; state: unknown };
type NodeRecord = ObjectRecord | ArrayRecord | MapRecord | SetRecord | BufferRecord | SelfRecord;

/** One capture: the records of every reachable object, in visit order. */
export class GraphState {
  constructor(
    readonly records: NodeRecord[],
    /** Bytes of copies this capture made that no earlier capture shares. */
    readonly ownBytes: number,
    private readonly buffers: Map<ArrayBuffer, BufferRecord>,
    private readonly selves: Map<object, SelfRecord> = new Map(),
  ) {}

  selfRecord(o: object): SelfRecord | undefined {
    return this.selves.get(o);
  }

  bufferRecord(b: ArrayBuffer): BufferRecord | undefined {
    return this.buffers.get(b);
  }

  /** The chunks of a large buffer as captured (all-zero ones as a shared zero chunk), or undefined. */
  chunksOf(b: ArrayBuffer): Uint8Array[] | undefined {
    return this.buffers.get(b)?.chunks;
  }

  private copyList?: Uint8Array[];

  /**
   * Every copy of bytes this capture holds (shared ones included), for counting what a set of captures retains.
   * Listed once per capture: RAM alone has 65,536 chunk slots, nearly all of them the shared zero chunk.
   */
  copies(): readonly Uint8Array[] {
    if (this.copyList) return this.copyList;
    const list: Uint8Array[] = [];
    for (const r of this.buffers.values()) {
      if (r.whole) list.push(r.whole);
      else if (r.chunks) {
        const chunks = r.chunks;
        for (let i = 0; i < chunks.length; i++) if (chunks[i] !== ZERO_CHUNK) list.push(chunks[i]);
      }
    }
    this.copyList = list;
    return list;
  }

  /** Bytes of the object records (not the buffers), an estimate. */
  get recordBytes(): number {
    return this.records.length * 64;
  }
}

/** Host bytes a set of captures retains together: each shared copy counted once. */
export function retainedBytes(states: Iterable<GraphState>): number {
  const seen = new Set<Uint8Array>();
  let bytes = 0;
  for (const s of states) {
    bytes += s.recordBytes;
    for (const c of s.copies()) {
      if (seen.has(c)) continue;
      seen.add(c);
      bytes += c.byteLength;
    }
  }
  return bytes;
}

function describe(o: object): string | undefined {
  if (o instanceof WeakMap) return 'a WeakMap';
  if (o instanceof WeakSet) return 'a WeakSet';
  if (typeof WeakRef !== 'undefined' && o instanceof WeakRef) return 'a WeakRef';
  if (o instanceof Promise) return 'a Promise';
  const tag = Object.prototype.toString.call(o);
  if (tag === '[object Generator]' || tag === '[object AsyncGenerator]') return 'a generator';
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  // Word compares where both are aligned (chunks always are), bytes otherwise.
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0 && (a.length & 3) === 0 && a.length === b.length) {
    const x = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
    const y = new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isZero(a: Uint8Array): boolean {
  const x = new Int32Array(a.buffer, a.byteOffset, a.length >> 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) return false;
  return true;
}

/** Walks the graph from `roots` in a fixed order and records each object; `previous` lends unchanged chunks. */
export function captureGraph(roots: Record<string, object>, policy: GraphPolicy, previous?: GraphState): GraphState {
  const steps = captureGraphSteps(roots, policy, previous);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Records walked between two yields of captureGraphSteps. */
const RECORDS_PER_STEP = 128;
/** Chunks of a large buffer compared or copied between two yields. */
const CHUNKS_PER_STEP = 1024;

/**
 * captureGraph as a job its caller drives: each `next()` does a bounded piece of the walk (about
 * RECORDS_PER_STEP records or CHUNKS_PER_STEP buffer chunks), so a capture can be spread over several host ticks.
 * The result is the capture of the graph as it is at the last step: the caller must not change the graph
 * between steps (abandoning the job with `return()` leaves the graph as it was).
 */
export function* captureGraphSteps(roots: Record<string, object>, policy: GraphPolicy, previous?: GraphState): Generator<void, GraphState, void> {
  const walk = new GraphWalk(policy, previous);
  for (const [name, root] of Object.entries(roots)) walk.push(root, name);
  // The loops live in plain functions called once a piece: V8 optimises those (a loop inside a generator that
  // runs once is never optimised on the stack, and the RAM's 65,536 chunks made that capture twice as slow).
  for (;;) {
    const buffer = walk.walk(RECORDS_PER_STEP);
    if (buffer === null) break;
    if (buffer !== undefined) walk.addBuffer(buffer, yield* captureBuffer(buffer, policy, previous?.bufferRecord(buffer)));
    yield;
  }
  return new GraphState(walk.records, walk.ownBytes, walk.buffers, walk.selves);
}

/** The state of one capture's walk: the objects still to record, and the records so far. */
class GraphWalk {
  readonly seen = new Set<object>();
  readonly records: NodeRecord[] = [];
  readonly buffers = new Map<ArrayBuffer, BufferRecord>();
  readonly selves = new Map<object, SelfRecord>();
  ownBytes = 0;
  private readonly stack: Array<{ o: object; path: string }> = [];

  constructor(private readonly policy: GraphPolicy, private readonly previous: GraphState | undefined) {}

  push(v: unknown, path: string): void {
    if (v === null || typeof v !== 'object') return;
    if (this.seen.has(v) || this.policy.skipObject(v)) return;
    this.seen.add(v);
    this.stack.push({ o: v, path });
  }

  addBuffer(o: ArrayBuffer, rec: { record: BufferRecord; bytes: number }): void {
    this.ownBytes += rec.bytes;
    this.records.push(rec.record);
    this.buffers.set(o, rec.record);
  }

  /**
   * Records up to `limit` objects in visit order; returns an ArrayBuffer met next (for the caller to capture in
   * pieces and add), undefined when the limit was reached, null when the walk is done.
   */
  walk(limit: number): ArrayBuffer | undefined | null {
    const { stack, records, policy, previous } = this;
    for (let n = 0; n < limit; n++) {
      if (stack.length === 0) return null;
      const { o, path } = stack.pop() as { o: object; path: string };
      if (o instanceof ArrayBuffer) return o;
      if (ArrayBuffer.isView(o)) {
        // A view's state is its buffer's bytes (views sharing a buffer are captured once).
        if (o.buffer instanceof ArrayBuffer) this.push(o.buffer, `${path}.buffer`);
        continue;
      }
      if (policy.selfCapturing?.(o)) {
        const prev = previous?.selfRecord(o);
        const rec: SelfRecord = prev !== undefined && prev.revision === o.captureRevision ? prev : { kind: 'self', o, revision: o.captureRevision, state: o.captureState() };
        records.push(rec);
        this.selves.set(o, rec);
        continue;
      }
      const bad = describe(o);
      if (bad) throw new UncapturableStateError(path, bad);
      if (Object.isFrozen(o)) continue; // immutable: nothing to restore
      if (Array.isArray(o)) {
        const values = o.slice();
        records.push({ kind: 'array', o, values });
        this.ownBytes += values.length * 8;
        for (let i = values.length - 1; i >= 0; i--) this.push(values[i], `${path}[${i}]`);
      } else if (o instanceof Map) {
        const entries = [...o.entries()];
        records.push({ kind: 'map', o, entries });
        this.ownBytes += entries.length * 16;
        for (let i = entries.length - 1; i >= 0; i--) {
          this.push(entries[i][1], `${path}.get(${String(entries[i][0])})`);
          this.push(entries[i][0], `${path}.key`);
        }
      } else if (o instanceof Set) {
        const values = [...o];
        records.push({ kind: 'set', o, values });
        this.ownBytes += values.length * 8;
        for (let i = values.length - 1; i >= 0; i--) this.push(values[i], `${path}.item`);
      } else if (typeof o === 'object') {
        const keys = Object.keys(o).filter((k) => !policy.skipProperty(o, k));
        const values = keys.map((k) => (o as Record<string, unknown>)[k]);
        records.push({ kind: 'object', o: o as Record<string, unknown>, keys, values });
        this.ownBytes += keys.length * 16;
        for (let i = keys.length - 1; i >= 0; i--) this.push(values[i], `${path}.${keys[i]}`);
      }
    }
    return stack.length === 0 ? null : undefined;
  }
}

/** What captureChunks needs of one large buffer's capture. */
interface ChunkedCapture {
  bytes: Uint8Array;
  words: Int32Array;
  chunks: Uint8Array[];
  zero: { from: number; to: number; verify?: boolean } | undefined;
  unwritten: Uint8Array | undefined;
  written: Uint8Array | undefined;
  verify: boolean;
  prevChunks: Uint8Array[] | undefined;
}

function* captureBuffer(b: ArrayBuffer, policy: GraphPolicy, prev: BufferRecord | undefined): Generator<void, { record: BufferRecord; bytes: number }, void> {
  const bytes = new Uint8Array(b);
  if (b.byteLength <= WHOLE_COPY_LIMIT || b.byteLength % CHUNK_BYTES !== 0) {
    if (prev?.whole && sameBytes(prev.whole, bytes)) return { record: { kind: 'buffer', o: b, whole: prev.whole }, bytes: 0 };
    return { record: { kind: 'buffer', o: b, whole: bytes.slice() }, bytes: b.byteLength };
  }
  const n = b.byteLength / CHUNK_BYTES;
  const zero = policy.knownZeroChunks?.(b);
  const prevChunks = prev?.chunks;
  // Chunks not written since the previous capture are its chunks: shared without reading them.
  const tracked = policy.writtenChunks?.(b);
  const written = tracked && prevChunks && tracked.since.bufferRecord(b) === prev ? tracked.written : undefined;
  const c: ChunkedCapture = {
    bytes,
    words: new Int32Array(b),
    chunks: new Array<Uint8Array>(n),
    zero,
    unwritten: prevChunks === undefined ? zero?.unwritten : undefined,
    written,
    verify: written !== undefined && tracked?.verify === true,
    prevChunks,
  };
  let own = 0;
  for (let from = 0; from < n; from += CHUNKS_PER_STEP) {
    if (from > 0) yield;
    own += captureChunks(c, from, Math.min(n, from + CHUNKS_PER_STEP));
  }
  return { record: { kind: 'buffer', o: b, chunks: c.chunks }, bytes: own };
}

/** Captures chunks [from, to) of a large buffer into `c.chunks`; returns the bytes copied. */
function captureChunks(c: ChunkedCapture, from: number, to: number): number {
  const { bytes, words, chunks, zero, unwritten, written, verify, prevChunks } = c;
  const W = CHUNK_BYTES >> 2;
  let own = 0;
  for (let i = from; i < to; i++) {
    if (zero && i >= zero.from && i < zero.to) {
      chunks[i] = ZERO_CHUNK;
      continue;
    }
    if (unwritten !== undefined && unwritten[i] === 0) {
      if (zero?.verify && !isZero(bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES))) throw new UnmarkedWriteError(i);
      chunks[i] = ZERO_CHUNK;
      continue;
    }
    if (written !== undefined && written[i] === 0) {
      const same = (prevChunks as Uint8Array[])[i];
      if (verify && !sameBytes(same, bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES))) throw new UnmarkedWriteError(i);
      chunks[i] = same;
      continue;
    }
    const base = i * W;
    const old = prevChunks?.[i];
    if (old !== undefined) {
      // One pass over the words: equal to the previous capture's chunk (shared), else copied.
      const o32 = old === ZERO_CHUNK ? undefined : chunkWords(old);
      let same = true;
      if (o32 === undefined) {
        for (let k = 0; k < W; k++) if (words[base + k] !== 0) { same = false; break; }
      } else {
        for (let k = 0; k < W; k++) if (words[base + k] !== o32[k]) { same = false; break; }
      }
      if (same) {
        chunks[i] = old;
        continue;
      }
    } else {
      let zeroChunk = true;
      for (let k = 0; k < W; k++) if (words[base + k] !== 0) { zeroChunk = false; break; }
      if (zeroChunk) {
        chunks[i] = ZERO_CHUNK;
        continue;
      }
    }
    chunks[i] = bytes.slice(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
    own += CHUNK_BYTES;
  }
  return own;
}

/** The words of a copied chunk (copies are whole ArrayBuffers of their own, so the view is cached on them). */
const wordViews = new WeakMap<Uint8Array, Int32Array>();
function chunkWords(c: Uint8Array): Int32Array {
  let v = wordViews.get(c);
  if (v === undefined) wordViews.set(c, (v = new Int32Array(c.buffer, c.byteOffset, c.length >> 2)));
  return v;
}

/** Puts every captured object back as it was at the capture. */
export function restoreGraph(state: GraphState, policy: GraphPolicy): void {
  // Which chunks are zero now must be asked before any record is restored (the allocator's high-water mark is
  // itself restored state).
  const zeroNow = new Map<ArrayBuffer, { from: number; to: number } | undefined>();
  for (const r of state.records) if (r.kind === 'buffer' && r.chunks) zeroNow.set(r.o, policy.knownZeroChunks?.(r.o));
  for (const r of state.records) {
    switch (r.kind) {
      case 'object': {
        const o = r.o;
        const keep = new Set(r.keys);
        for (const k of Object.keys(o)) if (!keep.has(k) && !policy.skipProperty(o, k)) delete o[k];
        for (let i = 0; i < r.keys.length; i++) if (o[r.keys[i]] !== r.values[i]) o[r.keys[i]] = r.values[i];
        break;
      }
      case 'array':
        r.o.length = r.values.length;
        for (let i = 0; i < r.values.length; i++) r.o[i] = r.values[i];
        break;
      case 'map':
        r.o.clear();
        for (const [k, v] of r.entries) r.o.set(k, v);
        break;
      case 'set':
        r.o.clear();
        for (const v of r.values) r.o.add(v);
        break;
      case 'buffer':
        restoreBuffer(r, policy, zeroNow.get(r.o));
        break;
      case 'self':
        if (r.o.captureRevision !== r.revision) r.o.restoreState(r.state, r.revision);
        break;
    }
  }
}

function restoreBuffer(r: BufferRecord, policy: GraphPolicy, zeroNow: { from: number; to: number } | undefined): void {
  const bytes = new Uint8Array(r.o);
  if (r.whole) {
    bytes.set(r.whole);
    return;
  }
  const chunks = r.chunks as Uint8Array[];
  // The buffer now holds the bytes of the capture the written map is relative to, except in written chunks:
  // an unwritten chunk that capture shares with this one is already right.
  const tracked = policy.writtenChunks?.(r.o);
  const sinceChunks = tracked?.since.chunksOf(r.o);
  const written = sinceChunks !== undefined && sinceChunks.length === chunks.length ? tracked?.written : undefined;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    if (written !== undefined && written[i] === 0 && (sinceChunks as Uint8Array[])[i] === c) continue;
    if (c === ZERO_CHUNK && zeroNow && i >= zeroNow.from && i < zeroNow.to) continue; // zero then and now
    const cur = bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
    if (sameBytes(c, cur)) continue;
    cur.set(c);
    policy.chunkRestored?.(r.o, i);
  }
}

// ---- hashing: a digest of the graph's state that is the same in any process that reached the same state ----

/** A 64-bit digest (two independent 32-bit lanes) of everything a capture would record, as 16 hex digits. */
export function hashGraph(roots: Record<string, object>, policy: GraphPolicy & { skipHash?(o: object): boolean; skipHashProperty?(o: object, key: string): boolean }): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  const mix = (x: number): void => {
    h1 = Math.imul(h1 ^ x, 0x01000193);
    h2 = Math.imul((h2 ^ x) + 0x9e3779b9, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  };
  const f64 = new Float64Array(1);
  const u32 = new Int32Array(f64.buffer);
  const mixString = (s: string): void => {
    mix(s.length);
    for (let i = 0; i < s.length; i++) mix(s.charCodeAt(i));
  };
  const ids = new Map<object, number>();
  const queue: object[] = [];
  const mixValue = (v: unknown): void => {
    switch (typeof v) {
      case 'number':
        f64[0] = v;
        mix(1);
        mix(u32[0]);
        mix(u32[1]);
        return;
      case 'string':
        mix(2);
        mixString(v);
        return;
      case 'boolean':
        mix(v ? 3 : 4);
        return;
      case 'undefined':
        mix(5);
        return;
      case 'bigint':
        mix(6);
        mixString(v.toString());
        return;
      case 'symbol':
        mix(7);
        mixString(v.description ?? '');
        return;
      case 'function':
        mix(8);
        mixString(v.name);
        return;
    }
    if (v === null) return mix(9);
    const o = v as object;
    if (policy.skipObject(o) || policy.skipHash?.(o)) return mix(10);
    let id = ids.get(o);
    if (id === undefined) {
      id = ids.size;
      ids.set(o, id);
      queue.push(o);
    }
    mix(11);
    mix(id);
  };
  for (const [name, root] of Object.entries(roots)) {
    mixString(name);
    mixValue(root);
  }
  for (let q = 0; q < queue.length; q++) {
    const o = queue[q];
    if (o instanceof ArrayBuffer) {
      hashBuffer(o, policy, mix);
      continue;
    }
    if (ArrayBuffer.isView(o)) {
      mixString(o.constructor.name);
      mix(o.byteOffset);
      mix(o.byteLength);
      mixValue(o.buffer);
      continue;
    }
    const canonical = policy.hashForm?.(o);
    if (canonical !== undefined) {
      mixString(o.constructor?.name ?? '');
      mixValue(canonical);
      continue;
    }
    const bad = describe(o);
    if (bad) throw new UncapturableStateError(`object #${q}`, bad);
    if (Array.isArray(o)) {
      mix(o.length);
      for (const v of o) mixValue(v);
    } else if (o instanceof Map) {
      mix(o.size);
      for (const [k, v] of o) {
        mixValue(k);
        mixValue(v);
      }
    } else if (o instanceof Set) {
      mix(o.size);
      for (const v of o) mixValue(v);
    } else {
      mixString(o.constructor?.name ?? '');
      for (const k of Object.keys(o)) {
        if (policy.skipProperty(o, k) || policy.skipHashProperty?.(o, k)) continue;
        mixString(k);
        mixValue((o as Record<string, unknown>)[k]);
      }
    }
  }
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2);
}

function hashBuffer(b: ArrayBuffer, policy: GraphPolicy, mix: (x: number) => void): void {
  mix(b.byteLength);
  const whole = b.byteLength % 4 === 0 ? new Int32Array(b) : undefined;
  if (!whole) {
    for (const x of new Uint8Array(b)) mix(x);
    return;
  }
  const zero = b.byteLength > WHOLE_COPY_LIMIT && b.byteLength % CHUNK_BYTES === 0 ? policy.knownZeroChunks?.(b) : undefined;
  const words = CHUNK_BYTES >> 2;
  for (let i = 0; i < whole.length; i++) {
    if (zero && (i & (words - 1)) === 0) {
      const c = i / words;
      if (c >= zero.from && c < zero.to) {
        i = zero.to * words - 1; // all zero: hashed as their count
        mix(0x5a5a);
        continue;
      }
    }
    const x = whole[i];
    if (x !== 0) {
      mix(i);
      mix(x);
    }
  }
}
