import type { StorageChain } from './StorageChain';
import type { Timers } from './Timers';

/** One accepted update waiting for storage. */
export interface QueuedWrite {
  name: string;
  update: Uint8Array;
}

/** What a {@link WriteBehindQueue} writes with and reports to. */
export interface WriteBehindOptions {
  /** Stores a batch in one transaction; answers the documents it wrote rows for. */
  write(batch: QueuedWrite[]): Promise<Map<string, unknown>>;
  /** The storage chain the writes run on. */
  chain: StorageChain;
  /** Gather updates this long before writing them in one transaction; 0: one transaction per event-loop turn. */
  flushDelayMs: number;
  /** Wait this long before retrying a failed write. */
  retryMs: number;
  timers: Timers;
  onError(error: unknown, context: string): void;
  /** After a batch is stored: `count` rows of document `name` were written. */
  onStored(name: string, count: number): void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The write-behind queue: accepted updates wait here and go to storage together, one transaction
 * per flush window; a failed write is put back in front and retried, so nothing is dropped.
 * Fan-out never waits for it; only save checks do (`whenDurable`).
 */
export class WriteBehindQueue {
  readonly #options: WriteBehindOptions;
  /** Updates accepted but not yet handed to storage. */
  #queue: QueuedWrite[] = [];
  /** The flush that will write the current queue; created with the first queued update. */
  #nextFlush: Deferred | null = null;
  #flushScheduled = false;
  /** Resolves when the most recently started flush is on disk. */
  #lastFlush: Promise<void> = Promise.resolve();

  constructor(options: WriteBehindOptions) {
    this.#options = options;
  }

  /** Updates waiting for storage. */
  get length(): number {
    return this.#queue.length;
  }

  /** Queues a write for the next flush, scheduling it. */
  push(name: string, update: Uint8Array): void {
    this.#queue.push({ name, update });
    if (!this.#nextFlush) this.#nextFlush = deferred();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // Everything accepted in this event-loop turn (or flush window) goes to storage in one call.
      const { timers, flushDelayMs } = this.#options;
      if (flushDelayMs > 0) timers.setTimeout(() => this.#startFlush(), flushDelayMs);
      else if (timers.setImmediate) timers.setImmediate(() => this.#startFlush());
      else setImmediate(() => this.#startFlush());
    }
  }

  /** Starts writing what is queued now, without waiting for the flush window. */
  flushNow(): void {
    if (this.#queue.length > 0) this.#startFlush();
  }

  /** Resolves once everything queued so far is stored; rejects if that flush failed (it is retried). */
  whenDurable(): Promise<void> {
    return this.#nextFlush?.promise ?? this.#lastFlush;
  }

  #startFlush(): void {
    this.#flushScheduled = false;
    const batch = this.#queue;
    const done = this.#nextFlush;
    if (batch.length === 0 || !done) return;
    this.#queue = [];
    this.#nextFlush = null;
    this.#lastFlush = done.promise;
    const { chain, write, onError, onStored } = this.#options;
    // The storage error itself is handled inside; what could still throw is the bookkeeping after
    // it, and left floating that rejection would be lost (an unhandled rejection), so say it.
    void chain
      .run(async () => {
        let written: Map<string, unknown>;
        try {
          written = await write(batch);
        } catch (error) {
          this.#requeue(batch);
          onError(error, 'storing document updates (will retry)');
          done.reject(error);
          return;
        }
        done.resolve();
        const counts = new Map<string, number>();
        for (const { name } of batch) counts.set(name, (counts.get(name) ?? 0) + 1);
        for (const [name, count] of counts) if (written.has(name)) onStored(name, count);
      })
      .catch((error) => onError(error, 'counting stored updates'));
  }

  /** Puts a failed batch back in front of the queue and tries again later; nothing is dropped. */
  #requeue(batch: QueuedWrite[]): void {
    this.#queue = [...batch, ...this.#queue];
    if (!this.#nextFlush) this.#nextFlush = deferred();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      this.#options.timers.setTimeout(() => this.#startFlush(), this.#options.retryMs);
    }
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A failed flush with nobody waiting must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
