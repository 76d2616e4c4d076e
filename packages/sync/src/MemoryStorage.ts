import type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
import { checkBatch, checkBytes, checkCount, checkName, checkSnapshot, checkString } from './storageChecks';

interface Row {
  seq: number;
  name: string;
  update: Uint8Array;
}

/** Storage in a few Maps, for tests; copies bytes in and out as a real store would. */
export class MemoryStorage implements Storage {
  #seq = 0;
  #rows: Row[] = [];
  readonly #workshops = new Map<string, { data: string; version: number }>();
  readonly #snapshots = new Map<string, SnapshotRecord & { workshopId: string }>();
  readonly #meta = new Map<string, string>();
  #closed = false;
  /** Number of appendUpdates calls that wrote something, so tests can check batching. */
  appendCalls = 0;

  async loadDocument(name: string): Promise<StoredDocument> {
    this.#check();
    checkName('document name', name);
    const rows = this.#rows.filter((r) => r.name === name);
    return { updates: rows.map((r) => r.update.slice()), lastSeq: rows.at(-1)?.seq ?? 0 };
  }

  async appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Promise<Map<string, number>> {
    this.#check();
    checkBatch(batch);
    const written = new Map<string, number>();
    if (batch.length === 0) return written;
    this.appendCalls++;
    for (const { name, update } of batch) {
      const seq = ++this.#seq;
      this.#rows.push({ seq, name, update: update.slice() });
      written.set(name, seq);
    }
    return written;
  }

  async compactDocument(name: string, merged: Uint8Array, throughSeq: number): Promise<void> {
    this.#check();
    checkName('document name', name);
    checkBytes('merged update', merged);
    checkCount('throughSeq', throughSeq);
    this.#rows = this.#rows.filter((r) => r.name !== name || r.seq > throughSeq);
    this.#rows.push({ seq: ++this.#seq, name, update: merged.slice() });
  }

  async countUpdates(name: string): Promise<number> {
    this.#check();
    checkName('document name', name);
    return this.#rows.filter((r) => r.name === name).length;
  }

  async deleteDocuments(prefix: string): Promise<void> {
    this.#check();
    checkString('prefix', prefix);
    this.#rows = this.#rows.filter((r) => !r.name.startsWith(prefix));
  }

  async listDocuments(prefix: string): Promise<string[]> {
    this.#check();
    checkString('prefix', prefix);
    return [...new Set(this.#rows.filter((r) => r.name.startsWith(prefix)).map((r) => r.name))].sort();
  }

  async getWorkshop(id: string): Promise<{ data: string; version: number } | null> {
    this.#check();
    checkName('workshop id', id);
    const record = this.#workshops.get(id);
    return record ? { ...record } : null;
  }

  async saveWorkshop(id: string, data: string, expectedVersion: number | null): Promise<number | null> {
    this.#check();
    checkName('workshop id', id);
    checkString('workshop data', data);
    if (expectedVersion !== null) checkCount('expectedVersion', expectedVersion);
    const current = this.#workshops.get(id);
    if (expectedVersion === null ? current !== undefined : current?.version !== expectedVersion) return null;
    const version = (current?.version ?? 0) + 1;
    this.#workshops.set(id, { data, version });
    return version;
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    this.#check();
    return [...this.#workshops].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, r]) => ({ id, ...r }));
  }

  async deleteWorkshop(id: string): Promise<void> {
    this.#check();
    checkName('workshop id', id);
    this.#workshops.delete(id);
    for (const [sid, s] of this.#snapshots) if (s.workshopId === id) this.#snapshots.delete(sid);
    this.#rows = this.#rows.filter((r) => !r.name.startsWith(`${id}/`));
  }

  async addSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): Promise<void> {
    this.#check();
    checkSnapshot(s);
    if (this.#snapshots.has(s.id)) throw new Error(`snapshot "${s.id}" already exists`);
    this.#snapshots.set(s.id, { id: s.id, workshopId: s.workshopId, takenAt: s.takenAt, reason: s.reason, data: s.data });
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    this.#check();
    checkName('workshop id', workshopId);
    // Map iteration is insertion order and sort is stable, so equal times keep insertion order.
    return [...this.#snapshots.values()]
      .filter((s) => s.workshopId === workshopId)
      .sort((a, b) => a.takenAt - b.takenAt)
      .map(({ id, takenAt, reason }) => ({ id, takenAt, reason }));
  }

  async getSnapshot(workshopId: string, id: string): Promise<SnapshotRecord | null> {
    this.#check();
    checkName('workshop id', workshopId);
    checkName('snapshot id', id);
    const s = this.#snapshots.get(id);
    if (!s || s.workshopId !== workshopId) return null;
    return { id: s.id, takenAt: s.takenAt, reason: s.reason, data: s.data };
  }

  async getOrCreateMeta(key: string, create: () => string): Promise<string> {
    this.#check();
    checkName('meta key', key);
    const existing = this.#meta.get(key);
    if (existing !== undefined) return existing;
    const value = create();
    checkString(`meta value for "${key}"`, value);
    this.#meta.set(key, value);
    return value;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('storage is closed');
  }
}
