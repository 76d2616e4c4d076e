/** The timers a registry waits with; injected so that tests can drive the grace with fake timers. */
export interface RegistryTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** One hold on a shared value: `release` gives it back (a second call does nothing). */
export interface Lease<T> {
  readonly value: T;
  release(): void;
}

interface Entry<T> {
  value: T;
  users: number;
  timer: unknown;
}

/**
 * Values shared by key and counted by who holds them: the first `acquire` of a key creates its
 * value, later ones get the same, and the value is destroyed once the last holder has released it
 * and `graceMs` has passed without a new `acquire`. The grace is there for React: StrictMode (and a
 * page whose components remount) releases and acquires again at once, and a document's socket
 * should not be closed and reopened for that.
 */
export class SharedRegistry<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly destroy: (value: T) => void;
  private readonly graceMs: number;
  private readonly timers: RegistryTimers;

  constructor(options: { destroy: (value: T) => void; graceMs: number; timers?: RegistryTimers }) {
    this.destroy = options.destroy;
    this.graceMs = options.graceMs;
    this.timers = options.timers ?? {
      setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
    };
  }

  /** Holds the value of `key`, made by `create` when nobody holds one (or one waiting out its grace). */
  acquire(key: string, create: () => T): Lease<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { value: create(), users: 0, timer: undefined };
      this.entries.set(key, entry);
    }
    if (entry.timer !== undefined) {
      this.timers.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    entry.users += 1;
    const held = entry;
    let released = false;
    return {
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        // A lease of a value that was discarded meanwhile counts for nothing any more.
        if (this.entries.get(key) !== held) return;
        held.users -= 1;
        if (held.users > 0) return;
        held.timer = this.timers.setTimeout(() => {
          if (this.entries.get(key) !== held || held.users > 0) return;
          this.entries.delete(key);
          this.destroy(held.value);
        }, this.graceMs);
      },
    };
  }

  /**
   * Destroys the value of `key` now, whoever holds it; the next `acquire` creates a new one. Only
   * if it is still `value` (a holder that discards what it holds never destroys a successor).
   */
  discard(key: string, value: T): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value) return;
    if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    this.entries.delete(key);
    this.destroy(entry.value);
  }

  /** How many holders `key` has (0 while it waits out its grace, or when it does not exist). */
  users(key: string): number {
    return this.entries.get(key)?.users ?? 0;
  }

  /** Whether `key` has a live value (held, or waiting out its grace). */
  has(key: string): boolean {
    return this.entries.has(key);
  }
}
