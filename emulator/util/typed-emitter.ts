// A minimal typed event emitter: listeners are called synchronously, in registration order.
// (Node's EventEmitter is untyped and would tie emulator/ to Node; this one runs anywhere.)
export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  // Each list is replaced, never changed, when a listener comes or goes: an emit runs the listeners registered
  // when it began without copying the list (the kernel emits an event per syscall, IPC and page mapped).
  private readonly listeners = new Map<keyof Events, ReadonlyArray<(payload: never) => void>>();
  /**
   * Per event name, true while someone listens (kept by on/off): a hot path reads `events.listening.ipc`, a
   * property load, where has() is a map lookup (the kernel asks ~15 times per IPC round trip).
   */
  readonly listening: { [K in keyof Events]?: boolean } = {};

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener as (payload: never) => void]);
    this.listening[name] = true;
    return this;
  }

  off<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): this {
    const list = this.listeners.get(name);
    const i = list ? list.indexOf(listener as (payload: never) => void) : -1;
    if (list && i >= 0) {
      this.listeners.set(name, [...list.slice(0, i), ...list.slice(i + 1)]);
      this.listening[name] = list.length > 1;
    }
    return this;
  }

  /** True when someone listens: lets hot paths skip building payloads nobody reads. */
  has<K extends keyof Events>(name: K): boolean {
    return this.listening[name] === true;
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (let i = 0; i < list.length; i++) (list[i] as (p: Events[K]) => void)(payload);
  }
}
