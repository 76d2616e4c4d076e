import * as Y from 'yjs';
import type { DocumentEntry } from './DocumentEntry';
import type { Lease } from './Lease';
import { storageOrigin } from './origins';
import type { StorageChain } from './StorageChain';
import type { Storage } from './Storage';

/**
 * Replaces a document's stored rows with one merged update, in one storage transaction, under
 * the document's lease: one process at a time compacts it. The lease is taken outside the
 * storage chain, so a slow or absent Redis never holds up appends (save checks).
 */
export class Compactor {
  readonly #storage: Storage;
  readonly #lease: Lease;
  readonly #chain: StorageChain;

  constructor(deps: { storage: Storage; lease: Lease; chain: StorageChain }) {
    this.#storage = deps.storage;
    this.#lease = deps.lease;
    this.#chain = deps.chain;
  }

  /** Compacts `entry`'s stored rows (after any compaction of it already running here). */
  async compact(entry: DocumentEntry): Promise<void> {
    entry.compacting = true;
    // One at a time per document within this process (the lease would skip the second).
    while (entry.compactRun) await entry.compactRun.catch(() => undefined);
    // Skipped when another process holds the lease (it is compacting) or the lease service is down:
    // compaction is an optimisation, the rows stay correct either way.
    const run = this.#lease.run(`compact:${entry.name}`, () => this.#chain.run(() => this.#compactNow(entry)));
    entry.compactRun = run;
    try {
      await run;
    } finally {
      entry.compactRun = null;
      entry.compacting = false;
    }
  }

  async #compactNow(entry: DocumentEntry): Promise<void> {
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
}

/** Whether the stored update holds exactly the insertions the live document has (deletions always travel whole). */
function sameStateVector(update: Uint8Array | undefined, doc: Y.Doc): boolean {
  const stored = update ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)) : new Map<number, number>();
  const live = Y.decodeStateVector(Y.encodeStateVector(doc));
  if (stored.size !== live.size) return false;
  for (const [client, clock] of live) if (stored.get(client) !== clock) return false;
  return true;
}
