// A minimal typed event emitter: listeners are called synchronously, in registration order.
// (Node's EventEmitter is untyped and would tie emulator/ to Node; this one runs anywhere.)
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Array<(payload: never) => void>>();

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): this {
    const list = this.listeners.get(name) ?? [];
    list.push(listener as (payload: never) => void);
    this.listeners.set(name, list);
    return this;
  }

  off<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): this {
    const list = this.listeners.get(name);
    if (list) {
      const i = list.indexOf(listener as (payload: never) => void);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  /** True when someone listens: lets hot paths skip building payloads nobody reads. */
  has<K extends keyof Events>(name: K): boolean {
    const list = this.listeners.get(name);
    return list !== undefined && list.length > 0;
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const l of [...list]) (l as (p: Events[K]) => void)(payload);
  }
}
