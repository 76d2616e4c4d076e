import * as Y from 'yjs';
import { CloseCode } from './CloseCode';
import { Compactor } from './Compactor';
import { openEntry, type DocumentEntry } from './DocumentEntry';
import type { DocumentPolicy } from './DocumentPolicy';
import { DocumentRoom, type AdmissionCounts, type RoomClock } from './DocumentRoom';
import { FairScheduler } from './FairScheduler';
import type { InboundLimits } from './InboundBudget';
import type { PersonalLimits } from './PersonalBudgets';
import type { FanOut } from './FanOut';
import { LocalLease, type Lease } from './Lease';
import { LocalFanOut } from './LocalFanOut';
import { storageOrigin } from './origins';
import { validateUpdate } from './protocol';
import type { Session } from './Session';
import { StorageChain } from './StorageChain';
import type { Storage } from './Storage';
import { systemTimers, type Timers } from './Timers';
import type { SessionOptions, Transport } from './Transport';
import { WriteBehindQueue } from './WriteBehindQueue';

export type { Timers } from './Timers';

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
  /** [SY26] Per document name, the window its changes are sent to its sessions in, merged (ms; 0 or absent: each at once). */
  spreadWindowFor?: (name: string) => number;
  /**
   * What each session may send per second [SY21][SY22]: past it its frames wait and its transport
   * is paused; one that stays over budget is closed with 4420. Absent: no budget.
   */
  inbound?: InboundLimits;
  /** What one person may add to one document [SY24]: past it a change is refused with 4414. Absent: no personal budget. */
  personal?: PersonalLimits;
  /** Frames one document handles per event-loop turn before the others get theirs [SY23]; 0 or absent: no fairness scheduling. */
  framesPerTurn?: number;
  /** Where background failures (a failed write, a bad remote update) are reported; default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/** What the transport layer holds for one connection: feed it frames, tell it when the socket closed. */
export interface Connection {
  message(data: Uint8Array): void;
  close(): void;
}

type Entry = DocumentEntry;

/**
 * Owns every live document of a process: loads each once (DocumentEntry: loading and the fan-out
 * subscription), batches its changes to storage (WriteBehindQueue), compacts (Compactor), and
 * unloads it after a grace period.
 */
export class DocumentManager {
  readonly #storage: Storage;
  readonly #fanOut: FanOut;
  readonly #lease: Lease;
  readonly #stopReconnect: () => void;
  readonly #graceMs: number;
  readonly #compactThreshold: number;
  readonly #maxBufferedBytes: number | undefined;
  readonly #maxDocumentBytes: number | undefined;
  readonly #timers: Timers;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #entries = new Map<string, Entry>();
  readonly #policyFor: ((name: string) => DocumentPolicy | null) | undefined;
  readonly #spreadWindowFor: ((name: string) => number) | undefined;
  readonly #admissions: AdmissionCounts = { fast: 0, slow: 0, refused: 0 };
  readonly #keepAliveMs: number;
  #keepAliveTimer: unknown;
  readonly #inbound: InboundLimits | undefined;
  readonly #personal: PersonalLimits | undefined;
  readonly #scheduler: FairScheduler | undefined;
  readonly #clock: RoomClock;

  /** Storage writes run one after another so row order is change order. */
  readonly #chain = new StorageChain();
  readonly #writes: WriteBehindQueue;
  readonly #compactor: Compactor;
  #closed = false;

  constructor(options: DocumentManagerOptions) {
    if (!options?.storage) throw new TypeError('DocumentManager needs a storage');
    this.#storage = options.storage;
    this.#fanOut = options.fanOut ?? new LocalFanOut();
    this.#graceMs = nonNegative('unloadGraceMs', options.unloadGraceMs ?? 5000);
    this.#compactThreshold = nonNegative('compactThreshold', options.compactThreshold ?? 200);
    const retryMs = nonNegative('retryMs', options.retryMs ?? 1000);
    const flushDelayMs = nonNegative('flushDelayMs', options.flushDelayMs ?? 0);
    this.#maxBufferedBytes = options.maxBufferedBytes;
    this.#maxDocumentBytes = options.maxDocumentBytes;
    this.#timers = options.timers ?? systemTimers;
    this.#onError = options.onError ?? ((error, context) => console.error(`[sync] ${context}:`, error));
    this.#lease = options.lease ?? new LocalLease();
    this.#writes = new WriteBehindQueue({
      write: (batch) => this.#storage.appendUpdates(batch),
      chain: this.#chain,
      flushDelayMs,
      retryMs,
      timers: this.#timers,
      onError: this.#onError,
      onStored: (name, count) => this.#stored(name, count),
    });
    this.#compactor = new Compactor({ storage: this.#storage, lease: this.#lease, chain: this.#chain });
    this.#policyFor = options.policyFor;
    this.#spreadWindowFor = options.spreadWindowFor;
    this.#keepAliveMs = nonNegative('keepAliveMs', options.keepAliveMs ?? 10_000);
    this.#inbound = options.inbound;
    this.#personal = options.personal;
    const framesPerTurn = nonNegative('framesPerTurn', options.framesPerTurn ?? 0);
    this.#scheduler = framesPerTurn > 0 ? new FairScheduler(framesPerTurn) : undefined;
    const timers = this.#timers;
    this.#clock = {
      now: timers.now ? () => timers.now!() : () => performance.now(),
      setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
      clearTimeout: (handle) => timers.clearTimeout(handle),
    };
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
    this.#writes.flushNow();
    await this.#writes.whenDurable();
    await this.#chain.idle();
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
    // onFault runs only after the entry exists (a fault needs an applied update, after loading).
    const room = new DocumentRoom(name, {
      onLocalChange: (update) => this.#enqueue(name, update),
      whenDurable: () => this.#writes.whenDurable(),
      ...(this.#maxBufferedBytes === undefined ? {} : { maxBufferedBytes: this.#maxBufferedBytes }),
      ...(this.#maxDocumentBytes === undefined ? {} : { maxDocumentBytes: this.#maxDocumentBytes }),
      policy: () => this.#policyFor?.(name) ?? null,
      spreadWindowMs: this.#spreadWindowFor?.(name) ?? 0,
      onFault: (error) => this.#recover(entry, error),
      admissions: this.#admissions,
      clock: this.#clock,
      ...(this.#inbound ? { inbound: this.#inbound } : {}),
      ...(this.#personal ? { personal: this.#personal } : {}),
      ...(this.#scheduler ? { scheduler: this.#scheduler } : {}),
      onAwarenessChange: (update) => {
        try {
          this.#fanOut.publishAwareness?.(name, update);
        } catch (error) {
          this.#onError(error, `publishing awareness of "${name}"`);
        }
      },
    });
    const entry: Entry = openEntry(name, room, {
      storage: this.#storage,
      fanOut: this.#fanOut,
      queueWrite: (doc, update) => this.#writes.push(doc, update),
      onError: this.#onError,
      onLoadFailed: (failed) => {
        if (this.#entries.get(name) === failed) this.#entries.delete(name);
      },
    });
    this.#entries.set(name, entry);
    return entry;
  }

  #enqueue(name: string, update: Uint8Array): void {
    this.#writes.push(name, update);
    try {
      this.#fanOut.publish(name, update);
    } catch (error) {
      // Other processes catch up on their next load; the author's edit must not fail for it.
      this.#onError(error, `publishing an update of "${name}"`);
    }
  }

  /** A flush stored `count` rows of `name`: count them, and compact the document past the threshold. */
  #stored(name: string, count: number): void {
    const entry = this.#entries.get(name);
    if (!entry) return;
    entry.storedRows += count;
    if (entry.storedRows > this.#compactThreshold && !entry.compacting && !entry.unloading) {
      void this.#compact(entry).catch((error) => this.#onError(error, `compacting "${name}"`));
    }
  }

  #compact(entry: Entry): Promise<void> {
    return this.#compactor.compact(entry);
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

function nonNegative(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a non-negative number`);
  return value;
}
