import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
import { checkBatch, checkBytes, checkCount, checkName, checkSnapshot, checkString } from './storageChecks';

/** File name of the database inside the data directory. */
export const SQLITE_FILE_NAME = 'roomtable.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS document_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  "update" BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS document_updates_name_seq ON document_updates (name, seq);
CREATE TABLE IF NOT EXISTS workshops (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  id TEXT PRIMARY KEY,
  workshop_id TEXT NOT NULL,
  taken_at REAL NOT NULL,
  reason TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_workshop ON snapshots (workshop_id, taken_at);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

// A prefix match that needs no LIKE escaping: `_` and `%` are common in names.
const PREFIX = 'substr(name, 1, length(@prefix)) = @prefix';

/** The default storage: one SQLite file, WAL, synchronous=FULL so a resolved write survives power loss. */
export class SqliteStorage implements Storage {
  readonly #db: Database.Database;
  readonly #s;
  readonly #appendTx;
  readonly #compactTx;
  readonly #deleteWorkshopTx;

  private constructor(db: Database.Database) {
    this.#db = db;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Several server processes may share the file; wait for a lock rather than fail at once.
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    this.#s = {
      load: db.prepare<[string], { seq: number; update: Buffer }>('SELECT seq, "update" FROM document_updates WHERE name = ? ORDER BY seq'),
      insertUpdate: db.prepare<[string, Buffer]>('INSERT INTO document_updates (name, "update") VALUES (?, ?)'),
      deleteThrough: db.prepare<[string, number]>('DELETE FROM document_updates WHERE name = ? AND seq <= ?'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM document_updates WHERE name = ?'),
      deleteDocs: db.prepare<{ prefix: string }>(`DELETE FROM document_updates WHERE ${PREFIX}`),
      listDocs: db.prepare<{ prefix: string }, { name: string }>(`SELECT DISTINCT name FROM document_updates WHERE ${PREFIX} ORDER BY name`),
      getWorkshop: db.prepare<[string], { data: string; version: number }>('SELECT data, version FROM workshops WHERE id = ?'),
      insertWorkshop: db.prepare<[string, string]>('INSERT INTO workshops (id, data, version) VALUES (?, ?, 1) ON CONFLICT (id) DO NOTHING'),
      updateWorkshop: db.prepare<[string, string, number]>('UPDATE workshops SET data = ?, version = version + 1 WHERE id = ? AND version = ?'),
      listWorkshops: db.prepare<[], WorkshopRecord>('SELECT id, data, version FROM workshops ORDER BY id'),
      deleteWorkshop: db.prepare<[string]>('DELETE FROM workshops WHERE id = ?'),
      deleteSnapshots: db.prepare<[string]>('DELETE FROM snapshots WHERE workshop_id = ?'),
      insertSnapshot: db.prepare<[string, string, number, string, string]>(
        'INSERT INTO snapshots (id, workshop_id, taken_at, reason, data) VALUES (?, ?, ?, ?, ?)',
      ),
      listSnapshots: db.prepare<[string], SnapshotInfo>(
        'SELECT id, taken_at AS takenAt, reason FROM snapshots WHERE workshop_id = ? ORDER BY taken_at, rowid',
      ),
      getSnapshot: db.prepare<[string, string], SnapshotRecord>(
        'SELECT id, taken_at AS takenAt, reason, data FROM snapshots WHERE workshop_id = ? AND id = ?',
      ),
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      insertMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
    };
    this.#appendTx = db.transaction((batch: ReadonlyArray<{ name: string; update: Uint8Array }>) => {
      const written = new Map<string, number>();
      for (const { name, update } of batch) {
        written.set(name, Number(this.#s.insertUpdate.run(name, toBuffer(update)).lastInsertRowid));
      }
      return written;
    });
    this.#compactTx = db.transaction((name: string, merged: Uint8Array, throughSeq: number) => {
      this.#s.deleteThrough.run(name, throughSeq);
      this.#s.insertUpdate.run(name, toBuffer(merged));
    });
    this.#deleteWorkshopTx = db.transaction((id: string) => {
      this.#s.deleteWorkshop.run(id);
      this.#s.deleteSnapshots.run(id);
      this.#s.deleteDocs.run({ prefix: `${id}/` });
    });
  }

  /** Opens (creating if needed) `roomtable.sqlite` in `dataDir`, creating the directory too. */
  static async open(dataDir: string): Promise<SqliteStorage> {
    checkName('data directory', dataDir);
    mkdirSync(dataDir, { recursive: true });
    return new SqliteStorage(new Database(join(dataDir, SQLITE_FILE_NAME)));
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    checkName('document name', name);
    const rows = this.#s.load.all(name);
    return { updates: rows.map((r) => new Uint8Array(r.update)), lastSeq: rows.at(-1)?.seq ?? 0 };
  }

  async appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Promise<Map<string, number>> {
    checkBatch(batch);
    if (batch.length === 0) return new Map();
    return this.#appendTx(batch);
  }

  async compactDocument(name: string, merged: Uint8Array, throughSeq: number): Promise<void> {
    checkName('document name', name);
    checkBytes('merged update', merged);
    checkCount('throughSeq', throughSeq);
    this.#compactTx(name, merged, throughSeq);
  }

  async countUpdates(name: string): Promise<number> {
    checkName('document name', name);
    return this.#s.count.get(name)?.n ?? 0;
  }

  async deleteDocuments(prefix: string): Promise<void> {
    checkString('prefix', prefix);
    this.#s.deleteDocs.run({ prefix });
  }

  async listDocuments(prefix: string): Promise<string[]> {
    checkString('prefix', prefix);
    return this.#s.listDocs.all({ prefix }).map((r) => r.name);
  }

  async getWorkshop(id: string): Promise<{ data: string; version: number } | null> {
    checkName('workshop id', id);
    const row = this.#s.getWorkshop.get(id);
    return row ? { data: row.data, version: row.version } : null;
  }

  async saveWorkshop(id: string, data: string, expectedVersion: number | null): Promise<number | null> {
    checkName('workshop id', id);
    checkString('workshop data', data);
    if (expectedVersion === null) return this.#s.insertWorkshop.run(id, data).changes === 1 ? 1 : null;
    checkCount('expectedVersion', expectedVersion);
    return this.#s.updateWorkshop.run(data, id, expectedVersion).changes === 1 ? expectedVersion + 1 : null;
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return this.#s.listWorkshops.all();
  }

  async deleteWorkshop(id: string): Promise<void> {
    checkName('workshop id', id);
    this.#deleteWorkshopTx(id);
  }

  async addSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): Promise<void> {
    checkSnapshot(s);
    try {
      this.#s.insertSnapshot.run(s.id, s.workshopId, s.takenAt, s.reason, s.data);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new Error(`snapshot "${s.id}" already exists`, { cause: error });
      throw error;
    }
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    checkName('workshop id', workshopId);
    return this.#s.listSnapshots.all(workshopId);
  }

  async getSnapshot(workshopId: string, id: string): Promise<SnapshotRecord | null> {
    checkName('workshop id', workshopId);
    checkName('snapshot id', id);
    return this.#s.getSnapshot.get(workshopId, id) ?? null;
  }

  async getOrCreateMeta(key: string, create: () => string): Promise<string> {
    checkName('meta key', key);
    const existing = this.#s.getMeta.get(key);
    if (existing) return existing.value;
    const value = create();
    checkString(`meta value for "${key}"`, value);
    // Another process may have won the race: insert-or-ignore, then read whichever value stuck.
    this.#s.insertMeta.run(key, value);
    return this.#s.getMeta.get(key)?.value ?? value;
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
