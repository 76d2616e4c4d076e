import type { FanOut } from './FanOut';

type Listener = { owner: FanOut; onUpdate: (update: Uint8Array) => void };

/** An in-memory message bus joining several `DocumentManager`s, standing in for Redis in tests. */
export class MemoryFanOutBus {
  readonly #listeners = new Map<string, Set<Listener>>();

  /** A fan-out endpoint for one simulated process; it never hears its own publications. */
  connect(): FanOut {
    const endpoint: FanOut = {
      publish: (name, update) => {
        for (const listener of [...(this.#listeners.get(name) ?? [])]) {
          if (listener.owner !== endpoint) listener.onUpdate(update.slice());
        }
      },
      subscribe: (name, onUpdate) => {
        const listener: Listener = { owner: endpoint, onUpdate };
        let set = this.#listeners.get(name);
        if (!set) this.#listeners.set(name, (set = new Set()));
        set.add(listener);
        return () => {
          set.delete(listener);
          if (set.size === 0) this.#listeners.delete(name);
        };
      },
    };
    return endpoint;
  }
}
