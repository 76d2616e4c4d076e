import * as Y from 'yjs';
import { CloseCode } from './CloseCode';
import type { DocumentPolicy } from './DocumentPolicy';
import { DocumentRoom, type AdmissionCounts } from './DocumentRoom';
import type { FanOut } from './FanOut';
import { LocalLease, type Lease } from './Lease';
import { LocalFanOut } from './LocalFanOut';
import { isLocalOrigin, remoteOrigin, storageOrigin } from './origins';
import { validateUpdate } from './protocol';
import type { Session } from './Session';
import type { Storage } from './Storage';
import type { SessionOptions, Transport } from './Transport';

/** The timer functions the manager uses, injectable so grace periods are testable. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of a {@link DocumentManager}. */
export interface DocumentManagerOptions {
  storage: Storage;
  fanOut?: FanOut;
  /** Lets one process at a time compact a document (default: an in-process lease). */
  lease?: Lease;
  /** How long a document stays loaded after its last user leaves (default 5000 ms). */
  unloadGraceMs?: number;
  /** Compact a document once it has more stored update rows than this (default 200). */
  compactThreshold?: number;
  /** Wait before retrying a failed storage write (default 1000 ms). */
  retryMs?: number;
  /**
   * Gather accepted updates for this long before writing them in one transaction (default 0:
   * one transaction per event-loop turn). Fan-out never waits for it; only save checks do.
   */
  flushDelayMs?: number;
  /** Close sessions with more than this many bytes queued (default 16 MiB). */
  maxBufferedBytes?: number;
  /** Refuse client changes that would grow a document past this size (default 16 MiB). */
  maxDocumentBytes?: number;
  /**
   * A session sent nothing for a whole period this long gets a frame that changes nothing, so a
   * client never goes 2 periods without a message (default 10000 ms: y-websocket's client
   * reconnects after 30 s of silence); 0 turns it off [SY18].
   */
  keepAliveMs?: number;
  timers?: Timers;
  /**
   * The rules clients' updates to a document must keep, by document name [SY10]; asked for every
   * update, so keep it cheap. Null or absent: any well-formed update is applied.
   */
  policyFor?: (name: string) => DocumentPolicy | null;
  /** Where background failures (a failed write, a bad remote update) are reported; default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/** What the transport layer holds for one connection: feed it frames, tell it when the socket closed. */
export interface Connection {
  message(data: Uint8Array): void;
  close(): void;
}

interface Entry {
  readonly name: string;
  readonly room: DocumentRoom;
  readonly ready: Promise<void>;
  /** sessions plus server-side users (withDocument/applyUpdate) */
  users: number;
  unloadTimer: unknown;
  unloading: Promise<void> | null;
  /** update rows in storage, as far as this process knows */
  storedRows: number;
  compacting: boolean;
  /** The compaction running now, so an unload waits for it instead of skipping its own. */
  compactRun: Promise<unknown> | null;
  /** Yjs threw mid-apply: the live doc may differ from storage, so it is never compacted and is being reloaded [SY14]. */
  faulted: boolean;
  /** What reached this document only through fan-out since this process last stored it [MP13]. */
  unstoredRemote: Uint8Array[];
  unsubscribe: () => void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Owns every live document of a process: loads each once, batches its changes to storage,
 * compacts, fans out, and unloads it after a grace period.
 */
export class DocumentManager {
  readonly #storage: Storage;
  readonly #fanOut: FanOut;
  readonly #lease: Lease;
  readonly #stopReconnect: () => void;
  readonly #graceMs: number;
  readonly #compactThreshold: number;
  readonly #retryMs: number;
  readonly #flushDelayMs: number;
  readonly #maxBufferedBytes: number | undefined;
  readonly #maxDocumentBytes: number | undefined;
  readonly #timers: Timers;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #entries = new Map<string, Entry>();
  readonly #policyFor: ((name: string) => DocumentPolicy | null) | undefined;
  readonly #admissions: AdmissionCounts = { fast: 0, slow: 0, refused: 0 };
  readonly #keepAliveMs: number;
  #keepAliveTimer: unknown;

  /** Updates accepted but not yet handed to storage. */
  #queue: Array<{ name: string; update: Uint8Array }> = [];
  /** The flush that will write the current queue; created with the first queued update. */
  #nextFlush: Deferred | null = null;
  #flushScheduled = false;
  /** Resolves when the most recently started flush is on disk. */
  #lastFlush: Promise<void> = Promise.resolve();
  /** Storage writes run one after another so row order is change order. */
  #storageChain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: DocumentManagerOptions) {
    if (!options?.storage) throw new TypeError('DocumentManager needs a storage');
    this.#storage = options.storage;
    this.#fanOut = options.fanOut ?? new LocalFanOut();
    this.#graceMs = nonNegative('unloadGraceMs', options.unloadGraceMs ?? 5000);
    this.#compactThreshold = nonNegative('compactThreshold', options.compactThreshold ?? 200);
    this.#retryMs = nonNegative('retryMs', options.retryMs ?? 1000);
    this.#flushDelayMs = nonNegative('flushDelayMs', options.flushDelayMs ?? 0);
    this.#maxBufferedBytes = options.maxBufferedBytes;
    this.#maxDocumentBytes = options.maxDocumentBytes;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.#onError = options.onError ?? ((error, context) => console.error(`[sync] ${context}:`, error));
    this.#lease = options.lease ?? new LocalLease();
    this.#policyFor = options.policyFor;
    this.#keepAliveMs = nonNegative('keepAliveMs', options.keepAliveMs ?? 10_000);
    this.#scheduleKeepAlive();
    // Messages sent while the fan-out was cut off are gone: re-read those documents from storage
    // (what other processes hold but have not stored yet comes through the fan-out's own resync).
    this.#stopReconnect =
      this.#fanOut.onReconnect?.((names) => {
        for (const name of names) {
          const entry = this.#entries.get(name);
          if (entry) void this.#reload(entry);
        }
      }) ?? (() => {});
  }

  /** Attaches a transport to a document, loading it if needed; the session gets sync step 1 at once. */
  async connect(name: string, transport: Transport, options: SessionOptions): Promise<Connection> {
    if (typeof options?.canWrite !== 'function') throw new TypeError('connect needs options.canWrite()');
    const entry = await this.#acquire(name);
    let session: Session;
    try {
      // Sessions the room closes itself (malformed frame, slow consumer) release through onLeave too.
      session = entry.room.join(transport, options, () => this.#release(entry));
    } catch (error) {
      this.#release(entry);
      throw error;
    }
    return { message: (data) => session.receive(data), close: () => session.leave() };
  }

  /** Server-side read or edit of a document: opens it, runs `fn`, releases it (grace applies). */
  async withDocument<T>(name: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const entry = await this.#acquire(name);
    try {
      return await fn(entry.room.doc);
    } finally {
      this.#release(entry);
    }
  }

  /**
   * Applies an update as the server (well-formed first; the server decides about its content itself);
   * persisted and fanned out like any change, applied whole or not at all [SY14].
   */
  async applyUpdate(name: string, update: Uint8Array): Promise<void> {
    if (!(update instanceof Uint8Array)) throw new TypeError('update must be a Uint8Array');
    validateUpdate(update);
    const entry = await this.#acquire(name);
    try {
      entry.room.applyUpdate(update, this);
    } finally {
      this.#release(entry);
    }
  }

  /** Resolves once every update accepted so far is on disk (and any compaction it triggered is done). */
  async flush(): Promise<void> {
    if (this.#queue.length > 0) this.#startFlush();
    await this.#whenDurable();
    await this.#storageChain;
  }

  /** Flushes, compacts and unloads everything; sessions are closed with 1012. Storage stays open. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#timers.clearTimeout(this.#keepAliveTimer);
    this.#stopReconnect();
    for (const entry of this.#entries.values()) {
      this.#timers.clearTimeout(entry.unloadTimer);
      entry.room.closeAll(CloseCode.Restarting, 'server restarting');
    }
    const entries = [...this.#entries.values()];
    await Promise.all(entries.map((entry) => entry.ready.catch(() => undefined)));
    await this.flush();
    const results = await Promise.allSettled(
      entries.map((entry) => entry.unloading ?? (this.#entries.get(entry.name) === entry ? this.#unload(entry, true) : undefined)),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Closes every session of the loaded documents whose name starts with `prefix` (e.g. a deleted workshop's); they unload after the grace period. */
  closeSessions(prefix: string, code: number, reason: string): void {
    for (const entry of this.#entries.values()) if (entry.name.startsWith(prefix)) entry.room.closeAll(code, reason);
  }

  /** Whether the document is in memory right now. */
  isLoaded(name: string): boolean {
    return this.#entries.has(name);
  }

  /** Counts of loaded documents and open sessions. */
  stats(): { documents: number; sessions: number } {
    let sessions = 0;
    for (const entry of this.#entries.values()) sessions += entry.room.sessionCount;
    return { documents: this.#entries.size, sessions };
  }

  /** How the clients' updates were admitted so far: fast path, slow path, refused [SY13]. */
  admissions(): AdmissionCounts {
    return { ...this.#admissions };
  }

  #scheduleKeepAlive(): void {
    if (this.#keepAliveMs === 0 || this.#closed) return;
    const timer = this.#timers.setTimeout(() => {
      for (const entry of this.#entries.values()) entry.room.keepAlive();
      this.#scheduleKeepAlive();
    }, this.#keepAliveMs);
    // Never what keeps a process (or a test run) alive.
    (timer as { unref?: () => void } | null)?.unref?.();
    this.#keepAliveTimer = timer;
  }

  async #acquire(name: string): Promise<Entry> {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('document name must be a non-empty string');
    for (;;) {
      if (this.#closed) throw new Error('document manager is closed');
      const existing = this.#entries.get(name);
      if (existing?.unloading) {
        await existing.unloading.catch(() => undefined);
        continue;
      }
      const entry = existing ?? this.#load(name);
      entry.users++;
      if (entry.unloadTimer !== undefined) {
        this.#timers.clearTimeout(entry.unloadTimer);
        entry.unloadTimer = undefined;
      }
      try {
        await entry.ready;
      } catch (error) {
        entry.users--;
        throw error;
      }
      return entry;
    }
  }

  #release(entry: Entry): void {
    entry.users--;
    this.#scheduleUnload(entry);
  }

  #scheduleUnload(entry: Entry): void {
    if (entry.users > 0 || this.#closed || this.#entries.get(entry.name) !== entry) return;
    entry.unloadTimer = this.#timers.setTimeout(() => {
      entry.unloadTimer = undefined;
      if (entry.users === 0 && !entry.unloading) void this.#unload(entry, false);
    }, this.#graceMs);
  }

  #load(name: string): Entry {
    const room = new DocumentRoom(name, {
      onLocalChange: (update) => this.#enqueue(name, update),
      whenDurable: () => this.#whenDurable(),
      ...(this.#maxBufferedBytes === undefined ? {} : { maxBufferedBytes: this.#maxBufferedBytes }),
      ...(this.#maxDocumentBytes === undefined ? {} : { maxDocumentBytes: this.#maxDocumentBytes }),
      policy: () => this.#policyFor?.(name) ?? null,
      onFault: (error) => this.#recover(entry, error),
      admissions: this.#admissions,
      onAwarenessChange: (update) => {
        try {
          this.#fanOut.publishAwareness?.(name, update);
        } catch (error) {
          this.#onError(error, `publishing awareness of "${name}"`);
        }
      },
    });
    let ready: Promise<void> = Promise.resolve();
    const entry: Entry = {
      name,
      room,
      get ready() {
        return ready;
      },
      users: 0,
      unloadTimer: undefined,
      unloading: null,
      storedRows: 0,
      compacting: false,
      compactRun: null,
      faulted: false,
      unstoredRemote: [],
      unsubscribe: () => {},
    };
    this.#trackRemote(entry);
    // Subscribe before reading storage so nothing published meanwhile is missed (CRDT: order is free).
    // The channel also answers other processes' resync requests with what they miss, so an
    // update that only this process holds (not yet stored) still reaches them after an outage.
    entry.unsubscribe = this.#fanOut.subscribe(name, {
      onUpdate: (update) => {
        try {
          if (room.healthy) room.applyUpdate(update, remoteOrigin);
        } catch (error) {
          this.#onError(error, `remote update for "${name}"`);
        }
      },
      onAwareness: (update) => {
        try {
          room.applyRemoteAwareness(update);
        } catch (error) {
          this.#onError(error, `remote awareness for "${name}"`);
        }
      },
      stateVector: () => Y.encodeStateVector(room.doc),
      diff: (stateVector) => Y.encodeStateAsUpdate(room.doc, stateVector),
      awareness: () => room.encodeAwarenessStates(),
    });
    ready = (async () => {
      try {
        const stored = await this.#storage.loadDocument(name);
        Y.transact(room.doc, () => {
          for (const update of stored.updates) Y.applyUpdate(room.doc, update, storageOrigin);
        }, storageOrigin);
        entry.storedRows = stored.updates.length;
      } catch (error) {
        if (this.#entries.get(name) === entry) this.#entries.delete(name);
        entry.unsubscribe();
        room.destroy();
        throw new Error(`could not load document "${name}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    })();
    this.#entries.set(name, entry);
    return entry;
  }

  #enqueue(name: string, update: Uint8Array): void {
    this.#queueWrite(name, update);
    try {
      this.#fanOut.publish(name, update);
    } catch (error) {
      // Other processes catch up on their next load; the author's edit must not fail for it.
      this.#onError(error, `publishing an update of "${name}"`);
    }
  }

  /**
   * Why a process stores what other processes sent it [MP13]: their author stores it too, but
   * only once its own flush commits, and it may die first. A session here may meanwhile have
   * built on it (a row typed after a row that arrived through fan-out depends on it: Yjs cannot
   * integrate the later one without the earlier) or sent it again (a client back from the dead
   * process re-sends what this process already holds, so nothing of it is new here). Either way
   * the save check that follows would be answered for something storage cannot serve. So every
   * change made here (a session's update, even one that adds nothing, or a server-side edit)
   * first queues, ahead of itself in the same batch, whatever fan-out brought since the last
   * time: it commits in the same transaction as the change, before any acknowledgement of it.
   */
  #trackRemote(entry: Entry): void {
    const { doc } = entry.room;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== remoteOrigin) return;
      entry.unstoredRemote.push(update);
      // A process with readers only here never writes: keep one merged update rather than thousands.
      if (entry.unstoredRemote.length > 64) entry.unstoredRemote = [Y.mergeUpdates(entry.unstoredRemote)];
    });
    doc.on('beforeTransaction', (transaction: Y.Transaction) => {
      if (!isLocalOrigin(transaction.origin) || entry.unstoredRemote.length === 0) return;
      const pending = entry.unstoredRemote;
      entry.unstoredRemote = [];
      this.#queueWrite(entry.name, pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending));
    });
  }

  /** Queues a write for the next flush (scheduling it), without publishing it. */
  #queueWrite(name: string, update: Uint8Array): void {
    this.#queue.push({ name, update });
    if (!this.#nextFlush) this.#nextFlush = deferred();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // Everything accepted in this event-loop turn (or flush window) goes to storage in one call.
      if (this.#flushDelayMs > 0) setTimeout(() => this.#startFlush(), this.#flushDelayMs);
      else setImmediate(() => this.#startFlush());
    }
  }

  #whenDurable(): Promise<void> {
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
    // The storage error itself is handled inside; what could still throw is the bookkeeping after
    // it, and left floating that rejection would be lost (an unhandled rejection), so say it.
    void this.#runStorage(async () => {
      let written: Map<string, number>;
      try {
        written = await this.#storage.appendUpdates(batch);
      } catch (error) {
        this.#requeue(batch);
        this.#onError(error, 'storing document updates (will retry)');
        done.reject(error);
        return;
      }
      done.resolve();
      const counts = new Map<string, number>();
      for (const { name } of batch) counts.set(name, (counts.get(name) ?? 0) + 1);
      for (const [name, count] of counts) {
        const entry = this.#entries.get(name);
        if (!entry || !written.has(name)) continue;
        entry.storedRows += count;
        if (entry.storedRows > this.#compactThreshold && !entry.compacting && !entry.unloading) {
          void this.#compact(entry).catch((error) => this.#onError(error, `compacting "${name}"`));
        }
      }
    }).catch((error) => this.#onError(error, 'counting stored updates'));
  }

  /** Puts a failed batch back in front of the queue and tries again later; nothing is dropped. */
  #requeue(batch: Array<{ name: string; update: Uint8Array }>): void {
    this.#queue = [...batch, ...this.#queue];
    if (!this.#nextFlush) this.#nextFlush = deferred();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      this.#timers.setTimeout(() => this.#startFlush(), this.#retryMs);
    }
  }

  /**
   * Replaces the document's stored rows with one merged update, in one storage transaction,
   * under the document's lease: one process at a time compacts it. The lease is taken outside
   * the storage chain, so a slow or absent Redis never holds up appends (save checks).
   */
  async #compact(entry: Entry): Promise<void> {
    entry.compacting = true;
    // One at a time per document within this process (the lease would skip the second).
    while (entry.compactRun) await entry.compactRun.catch(() => undefined);
    // Skipped when another process holds the lease (it is compacting) or the lease service is down:
    // compaction is an optimisation, the rows stay correct either way.
    const run = this.#lease.run(`compact:${entry.name}`, () => this.#runStorage(() => this.#compactNow(entry)));
    entry.compactRun = run;
    try {
      await run;
    } finally {
      entry.compactRun = null;
      entry.compacting = false;
    }
  }

  async #compactNow(entry: Entry): Promise<void> {
    // A document Yjs threw on may differ from what is stored: writing its state would store that [SY14].
    if (entry.faulted) return;
    // A storage that merges away from the event loop gets the live state and does the rest: a
    // document with hundreds of large rows (the live state after a venue joined) once stalled
    // fan-out for 0.6 s here. Rows it holds that we have not seen are merged in as well.
    // The merged row holds everything fan-out brought before it was encoded [MP13]; what came
    // after sits behind those entries, unless the list was merged meanwhile (a new array).
    const remote = entry.unstoredRemote;
    const covered = remote.length;
    const forgetCoveredRemote = () => {
      if (entry.unstoredRemote === remote) remote.splice(0, covered);
    };
    if (this.#storage.compactWithState && entry.storedRows > 1) {
      const state = Y.encodeStateAsUpdate(entry.room.doc);
      await this.#storage.compactWithState(entry.name, state);
      forgetCoveredRemote();
      entry.room.noteSize(state.byteLength);
      entry.storedRows = 1;
      return;
    }
    const stored = await this.#storage.loadDocument(entry.name);
    if (stored.updates.length <= 1 && sameStateVector(stored.updates[0], entry.room.doc)) {
      entry.storedRows = stored.updates.length;
      return;
    }
    // Rows another process wrote may not have reached us yet: fold them in so the merged
    // state really covers every row it replaces. And what reached us only through fan-out
    // (its author may have died before storing it) is stored with it.
    if (stored.updates.length > 0) Y.applyUpdate(entry.room.doc, Y.mergeUpdates(stored.updates), storageOrigin);
    const merged = Y.encodeStateAsUpdate(entry.room.doc);
    await this.#storage.compactDocument(entry.name, merged, stored.lastSeq);
    forgetCoveredRemote();
    entry.room.noteSize(merged.byteLength);
    entry.storedRows = 1;
  }

  /**
   * Yjs threw mid-apply, so the live document may differ from what is stored (and Yjs may have
   * stopped reporting its changes): the room has stopped and closed its sessions with 1013. Once
   * every update accepted before it is flushed, the entry goes and the next user loads the document
   * afresh from storage; clients reconnect by themselves and resend what was not stored [SY14].
   */
  #recover(entry: Entry, error: unknown): void {
    if (entry.faulted) return;
    entry.faulted = true;
    this.#onError(error, `applying an update to "${entry.name}" (reloading it from storage)`);
    this.#timers.clearTimeout(entry.unloadTimer);
    entry.unloadTimer = undefined;
    const reloading = (async () => {
      try {
        await this.flush();
      } catch (flushError) {
        // Still queued and retried: what it holds reaches storage later, and its authors resend it.
        this.#onError(flushError, `flushing before reloading "${entry.name}"`);
      }
      entry.unsubscribe();
      entry.room.destroy(CloseCode.Reloading, 'document reloading: reconnect');
      if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
      entry.unloading = null;
    })();
    entry.unloading = reloading;
  }

  /** Re-reads a live document from storage (after the fan-out lost messages); content only grows. */
  async #reload(entry: Entry): Promise<void> {
    try {
      await entry.ready;
      if (this.#entries.get(entry.name) !== entry || entry.unloading) return;
      const stored = await this.#storage.loadDocument(entry.name);
      if (this.#entries.get(entry.name) !== entry) return;
      if (stored.updates.length > 0 && entry.room.healthy) entry.room.applyUpdate(Y.mergeUpdates(stored.updates), storageOrigin);
    } catch (error) {
      this.#onError(error, `re-reading "${entry.name}" after the fan-out reconnected`);
    }
  }

  #runStorage(op: () => Promise<void>): Promise<void> {
    const run = this.#storageChain.then(op);
    this.#storageChain = run.catch(() => undefined);
    return run;
  }

  #unload(entry: Entry, closing: boolean): Promise<void> {
    const unloading = (async () => {
      try {
        await this.flush();
        await this.#compact(entry);
      } catch (error) {
        this.#onError(error, `unloading "${entry.name}"`);
        if (!closing) {
          // Keep it in memory: unloading now could lose what storage has not taken. Try later.
          entry.unloading = null;
          this.#scheduleUnload(entry);
          return;
        }
        throw error;
      }
      entry.unsubscribe();
      entry.room.destroy(CloseCode.Restarting, 'server restarting');
      if (this.#entries.get(entry.name) === entry) this.#entries.delete(entry.name);
      entry.unloading = null;
    })();
    entry.unloading = unloading;
    return unloading;
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

/** Whether the stored update holds exactly the insertions the live document has (deletions always travel whole). */
function sameStateVector(update: Uint8Array | undefined, doc: Y.Doc): boolean {
  const stored = update ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)) : new Map<number, number>();
  const live = Y.decodeStateVector(Y.encodeStateVector(doc));
  if (stored.size !== live.size) return false;
  for (const [client, clock] of live) if (stored.get(client) !== clock) return false;
  return true;
}

function nonNegative(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a non-negative number`);
  return value;
}
