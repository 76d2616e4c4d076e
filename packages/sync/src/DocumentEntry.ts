import * as Y from 'yjs';
import type { DocumentRoom } from './DocumentRoom';
import type { FanOut } from './FanOut';
import { isLocalOrigin, remoteOrigin, storageOrigin } from './origins';
import type { Storage } from './Storage';

/** One live document of a process, as the document manager keeps it. */
export interface DocumentEntry {
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

/** What loading a document needs. */
export interface OpenEntryDeps {
  storage: Storage;
  fanOut: FanOut;
  /** Queues a write for storage (without publishing it). */
  queueWrite(name: string, update: Uint8Array): void;
  onError(error: unknown, context: string): void;
  /** The load failed: the entry must go from wherever it was registered. */
  onLoadFailed(entry: DocumentEntry): void;
}

/**
 * Opens a live document around `room`: subscribes it to the fan-out, tracks what reaches it only
 * through the fan-out [MP13], and loads it from storage (`ready`). Subscribing comes before
 * reading storage, so nothing published meanwhile is missed (CRDT: order is free).
 */
export function openEntry(name: string, room: DocumentRoom, deps: OpenEntryDeps): DocumentEntry {
  let ready: Promise<void> = Promise.resolve();
  const entry: DocumentEntry = {
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
  trackRemote(entry, deps.queueWrite);
  entry.unsubscribe = subscribe(entry, deps);
  ready = (async () => {
    try {
      const stored = await deps.storage.loadDocument(name);
      Y.transact(room.doc, () => {
        for (const update of stored.updates) Y.applyUpdate(room.doc, update, storageOrigin);
      }, storageOrigin);
      entry.storedRows = stored.updates.length;
    } catch (error) {
      deps.onLoadFailed(entry);
      entry.unsubscribe();
      room.destroy();
      throw new Error(`could not load document "${name}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  })();
  return entry;
}

/**
 * The document's fan-out channel. It also answers other processes' resync requests with what
 * they miss, so an update that only this process holds (not yet stored) still reaches them after
 * an outage.
 */
function subscribe(entry: DocumentEntry, { fanOut, onError }: OpenEntryDeps): () => void {
  const { name, room } = entry;
  return fanOut.subscribe(name, {
    onUpdate: (update) => {
      try {
        if (room.healthy) room.applyUpdate(update, remoteOrigin);
      } catch (error) {
        onError(error, `remote update for "${name}"`);
      }
    },
    onAwareness: (update) => {
      try {
        room.applyRemoteAwareness(update);
      } catch (error) {
        onError(error, `remote awareness for "${name}"`);
      }
    },
    stateVector: () => Y.encodeStateVector(room.doc),
    diff: (stateVector) => Y.encodeStateAsUpdate(room.doc, stateVector),
    awareness: () => room.encodeAwarenessStates(),
  });
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
function trackRemote(entry: DocumentEntry, queueWrite: (name: string, update: Uint8Array) => void): void {
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
    queueWrite(entry.name, pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending));
  });
}
