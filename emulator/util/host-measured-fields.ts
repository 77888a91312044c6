// Fields that depend on when the host looked, not on what the guest computed: ned's Lua heap checks are timed
// by the host's external memory (v8), so the same run checks at other moments in another process. Time travel
// captures and restores such fields but leaves them out of the state hash. A class names its own fields, so
// the snapshot code needs to know no class (and a class's deletion takes its entry with it).

/** The static property of a class that lists its host-measured instance fields. */
export const HOST_MEASURED_FIELDS = Symbol('host-measured fields');

interface ClassWithHostMeasuredFields {
  readonly [HOST_MEASURED_FIELDS]?: ReadonlySet<string>;
}

/** Is `key` of `o` one its class declares host-measured? */
export function isHostMeasuredField(o: object, key: string): boolean {
  const cls = (o as { constructor?: ClassWithHostMeasuredFields }).constructor;
  return cls?.[HOST_MEASURED_FIELDS]?.has(key) === true;
}
