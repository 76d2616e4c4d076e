import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { SnapshotInfo, SnapshotRecord, StoredDocument, WorkshopRecord } from './Storage';

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

/**
 * The SQLite file itself, synchronous: WAL, synchronous=FULL so a committed write survives power
 * loss. It runs inside the storage worker (`sqliteWorker.ts`), so its fsyncs never stall the
 * event loop that forwards edits; `SqliteStorage` is the asynchronous face the server uses.
 */
export class SqliteDatabase {
  readonly #db: Database.Database;
  readonly #s;
  readonly #appendTx;
  readonly #compactTx;
  readonly #compactWithStateTx;
  readonly #deleteWorkshopTx;

  constructor(db: Database.Database) {
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
    this.#compactWithStateTx = db.transaction((name: string, state: Uint8Array) => {
      const rows = this.#s.load.all(name);
      // A fresh doc drops deleted content (gc), so the merged row is as small as the live state.
      const doc = new Y.Doc({ gc: true });
      Y.transact(doc, () => {
        for (const row of rows) Y.applyUpdate(doc, row.update);
        Y.applyUpdate(doc, state);
      });
      const merged = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      this.#s.deleteThrough.run(name, rows.at(-1)?.seq ?? 0);
      this.#s.insertUpdate.run(name, toBuffer(merged));
      return merged.byteLength;
    });
    this.#deleteWorkshopTx = db.transaction((id: string) => {
      this.#s.deleteWorkshop.run(id);
      this.#s.deleteSnapshots.run(id);
      this.#s.deleteDocs.run({ prefix: `${id}/` });
    });
  }

  /** Opens (creating if needed) `roomtable.sqlite` in `dataDir`, creating the directory too. */
  static open(dataDir: string): SqliteDatabase {
    mkdirSync(dataDir, { recursive: true });
    return new SqliteDatabase(new Database(join(dataDir, SQLITE_FILE_NAME)));
  }

  loadDocument(name: string): StoredDocument {
    const rows = this.#s.load.all(name);
    return { updates: rows.map((r) => new Uint8Array(r.update)), lastSeq: rows.at(-1)?.seq ?? 0 };
  }

  /** `appendUpdates` for a batch packed into one buffer: names, each update's length, the bytes. */
  appendPacked(names: string[], lengths: number[], bytes: Uint8Array): Map<string, number> {
    const batch: Array<{ name: string; update: Uint8Array }> = [];
    let offset = 0;
    names.forEach((name, i) => {
      const length = lengths[i] ?? 0;
      batch.push({ name, update: bytes.subarray(offset, offset + length) });
      offset += length;
    });
    return this.appendUpdates(batch);
  }

  appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Map<string, number> {
    if (batch.length === 0) return new Map();
    return this.#appendTx(batch);
  }

  compactDocument(name: string, merged: Uint8Array, throughSeq: number): void {
    this.#compactTx(name, merged, throughSeq);
  }

  /** See `Storage.compactWithState`; IMMEDIATE, so no other writer can slip in between. */
  compactWithState(name: string, state: Uint8Array): number {
    return this.#compactWithStateTx.immediate(name, state);
  }

  countUpdates(name: string): number {
    return this.#s.count.get(name)?.n ?? 0;
  }

  deleteDocuments(prefix: string): void {
    this.#s.deleteDocs.run({ prefix });
  }

  listDocuments(prefix: string): string[] {
    return this.#s.listDocs.all({ prefix }).map((r) => r.name);
  }

  getWorkshop(id: string): { data: string; version: number } | null {
    const row = this.#s.getWorkshop.get(id);
    return row ? { data: row.data, version: row.version } : null;
  }

  saveWorkshop(id: string, data: string, expectedVersion: number | null): number | null {
    if (expectedVersion === null) return this.#s.insertWorkshop.run(id, data).changes === 1 ? 1 : null;
    return this.#s.updateWorkshop.run(data, id, expectedVersion).changes === 1 ? expectedVersion + 1 : null;
  }

  listWorkshops(): WorkshopRecord[] {
    return this.#s.listWorkshops.all();
  }

  deleteWorkshop(id: string): void {
    this.#deleteWorkshopTx(id);
  }

  addSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): void {
    try {
      this.#s.insertSnapshot.run(s.id, s.workshopId, s.takenAt, s.reason, s.data);
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new Error(`snapshot "${s.id}" already exists`, { cause: error });
      throw error;
    }
  }

  listSnapshots(workshopId: string): SnapshotInfo[] {
    return this.#s.listSnapshots.all(workshopId);
  }

  getSnapshot(workshopId: string, id: string): SnapshotRecord | null {
    return this.#s.getSnapshot.get(workshopId, id) ?? null;
  }

  getMeta(key: string): string | null {
    return this.#s.getMeta.get(key)?.value ?? null;
  }

  /** Stores `value` unless the key has one (another process may have won the race); returns the stored value. */
  insertMetaIfAbsent(key: string, value: string): string {
    this.#s.insertMeta.run(key, value);
    return this.#s.getMeta.get(key)?.value ?? value;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
