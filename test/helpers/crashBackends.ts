import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostgresStorage } from '@roomtable/sync/postgres';
import * as Y from 'yjs';
import { clusterEnv, dropSchema, newTarget, TEST_DATABASE_URL } from './cluster';
import type { CrashBackend } from './crashRounds';
import { readDatabaseFile } from './databaseFile';
import type { ServerProcess, ServerProcessOptions } from './serverProcess';

/** How a backend starts a server process: `startServerProcess` in tests, `spawnServerProcess` in scripts. */
export type StartProcess = (options: ServerProcessOptions) => Promise<ServerProcess>;

/** A crash backend that must be closed when done (it removes its data). */
export type ClosableCrashBackend = CrashBackend & { close(): Promise<void> };

/** One server process on a SQLite file; the first read opens that file after the kill. */
export function sqliteCrashBackend(start: StartProcess, env: Record<string, string> = {}): ClosableCrashBackend {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'roomtable-crash-'));
  return {
    name: 'SQLite',
    processes: 1,
    start: () => start({ dataDir, env }),
    read: async (docName) => {
      const { integrity, doc } = readDatabaseFile(dataDir, docName);
      return { doc, integrity: String(integrity) };
    },
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * `processes` server processes on one fresh PostgreSQL schema and Redis prefix; the first read
 * loads the document's rows through a connection of its own while the survivors go on.
 */
export async function postgresCrashBackend(start: StartProcess, processes: number, env: Record<string, string> = {}): Promise<ClosableCrashBackend> {
  const target = newTarget();
  const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema: target.schema, maxConnections: 1 });
  return {
    name: 'PostgreSQL + Redis',
    processes,
    start: () => start({ env: { ...clusterEnv(target), ...env } }),
    read: async (docName) => {
      const doc = new Y.Doc();
      for (const update of (await storage.loadDocument(docName)).updates) Y.applyUpdate(doc, update);
      return { doc, integrity: 'ok' };
    },
    close: async () => {
      await storage.close();
      await dropSchema(target.schema);
    },
  };
}
