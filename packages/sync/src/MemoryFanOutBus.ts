import type { DocumentChannel, FanOut } from './FanOut';

type Listener = { owner: FanOut; channel: DocumentChannel };

/** An in-memory message bus joining several `DocumentManager`s, standing in for Redis in tests. */
export class MemoryFanOutBus {
  readonly #listeners = new Map<string, Set<Listener>>();

  /** A fan-out endpoint for one simulated process; it never hears its own publications. */
  connect(): FanOut {
    const deliver = (from: FanOut, name: string, call: (channel: DocumentChannel) => void) => {
      for (const listener of [...(this.#listeners.get(name) ?? [])]) {
        if (listener.owner !== from) call(listener.channel);
      }
    };
    const endpoint: FanOut = {
      publish: (name, update) => deliver(endpoint, name, (channel) => channel.onUpdate(update.slice())),
      publishAwareness: (name, update) => deliver(endpoint, name, (channel) => channel.onAwareness?.(update.slice())),
      subscribe: (name, handler) => {
        const listener: Listener = { owner: endpoint, channel: typeof handler === 'function' ? { onUpdate: handler } : handler };
        let set = this.#listeners.get(name);
        if (!set) this.#listeners.set(name, (set = new Set()));
        set.add(listener);
        let done = false;
        return () => {
          if (done) return;
          done = true;
          set.delete(listener);
          if (set.size === 0 && this.#listeners.get(name) === set) this.#listeners.delete(name);
        };
      },
    };
    return endpoint;
  }
}
