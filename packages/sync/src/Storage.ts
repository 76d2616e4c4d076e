/** A document as stored: its update rows in order, and the highest row id among them. */
export interface StoredDocument {
  updates: Uint8Array[];
  /** highest row id returned (0 when none) */
  lastSeq: number;
}

/** A workshop record: opaque JSON with a version for optimistic concurrency. */
export interface WorkshopRecord {
  id: string;
  data: string;
  version: number;
}

/** Summary of an immutable snapshot. */
export interface SnapshotInfo {
  id: string;
  takenAt: number;
  reason: string;
}

/** A full snapshot, with its opaque JSON payload. */
export interface SnapshotRecord extends SnapshotInfo {
  data: string;
}

/** Everything Roomtable keeps on disk; every implementation passes the same contract suite. */
export interface Storage {
  loadDocument(name: string): Promise<StoredDocument>;
  /** One transaction; returns per document the highest seq written. */
  appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Promise<Map<string, number>>;
  /** In ONE transaction: insert merged, delete that doc's rows with seq <= throughSeq. */
  compactDocument(name: string, merged: Uint8Array, throughSeq: number): Promise<void>;
  /**
   * Optional: in ONE transaction, replace ALL of the document's rows by one row holding them and
   * `state` together (garbage-collected, as a fresh Y.Doc encodes it); returns that row's size.
   * A storage that can do this away from the event loop (SQLite's worker) offers it, so compacting
   * a large document never stalls the fan-out; the manager falls back to `compactDocument`.
   */
  compactWithState?(name: string, state: Uint8Array): Promise<number>;
  countUpdates(name: string): Promise<number>;
  /** Every document whose name starts with prefix. */
  deleteDocuments(prefix: string): Promise<void>;
  listDocuments(prefix: string): Promise<string[]>;
  getWorkshop(id: string): Promise<{ data: string; version: number } | null>;
  /** null expected = insert; returns the new version, or null on conflict (nothing written). */
  saveWorkshop(id: string, data: string, expectedVersion: number | null): Promise<number | null>;
  listWorkshops(): Promise<WorkshopRecord[]>;
  /** The record, its snapshots, and every document named `${id}/…`, in one transaction. */
  deleteWorkshop(id: string): Promise<void>;
  /** Snapshots are immutable: a duplicate id rejects. */
  addSnapshot(snapshot: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): Promise<void>;
  /** Oldest first. */
  listSnapshots(workshopId: string): Promise<SnapshotInfo[]>;
  getSnapshot(workshopId: string, id: string): Promise<SnapshotRecord | null>;
  /** Small settings (e.g. the token secret): the first stored value wins forever. */
  getOrCreateMeta(key: string, create: () => string): Promise<string>;
  close(): Promise<void>;
}
