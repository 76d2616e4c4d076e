/**
 * Result of {@link Lease.run}: whether this process held the lease, and what `fn` returned.
 * `error` is set when the lease service itself failed (Redis down): nobody may hold it then,
 * so work that must happen (a snapshot) can decide to go ahead, and optional work (compaction) skips.
 */
export type LeaseResult<T> = { acquired: true; value: T } | { acquired: false; error?: unknown };

/** What `fn` sees while it holds a lease. */
export interface LeaseHolder {
  readonly key: string;
  /** True once the lease was found lost (expired and possibly taken): finish quickly or give up. */
  readonly lost: boolean;
}

/**
 * Lets one process at a time do a piece of work on a key (compact or snapshot a document).
 * It never blocks: a process that does not get the lease is told so at once and skips the
 * work, because another process is doing it. `run` rejects only when `fn` does: a failing
 * lease service never crashes or stalls the caller (unlike Hocuspocus's Redlock, #983).
 */
export interface Lease {
  run<T>(key: string, fn: (holder: LeaseHolder) => Promise<T>): Promise<LeaseResult<T>>;
}

/** The single-process lease: an in-memory set of held keys. */
export class LocalLease implements Lease {
  readonly #held = new Set<string>();

  async run<T>(key: string, fn: (holder: LeaseHolder) => Promise<T>): Promise<LeaseResult<T>> {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('lease key must be a non-empty string');
    if (this.#held.has(key)) return { acquired: false };
    this.#held.add(key);
    try {
      return { acquired: true, value: await fn({ key, lost: false }) };
    } finally {
      this.#held.delete(key);
    }
  }
}
