import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';

// better-sqlite3 belongs to @roomtable/sync; borrowing it keeps the test package free of a native dependency.
const requireFromSync = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/sync/package.json'));
interface SqliteDb {
  pragma(source: string, options: { simple: true }): unknown;
  prepare(sql: string): { all(...params: unknown[]): Array<Record<string, unknown>> };
  close(): void;
}
const Database = requireFromSync('better-sqlite3') as new (file: string) => SqliteDb;

/**
 * Reads a stopped (or killed) server's SQLite file directly, with no server code in between:
 * `PRAGMA integrity_check` and one document rebuilt from its stored update rows.
 */
export function readDatabaseFile(dataDir: string, docName: string): { integrity: unknown; rows: number; doc: Y.Doc } {
  const db = new Database(path.join(dataDir, 'roomtable.sqlite'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const rows = db.prepare('SELECT "update" FROM document_updates WHERE name = ? ORDER BY seq').all(docName);
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update as Buffer));
    return { integrity, rows: rows.length, doc };
  } finally {
    db.close();
  }
}
