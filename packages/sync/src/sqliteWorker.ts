import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDatabase } from './SqliteDatabase';

/** A call from `SqliteStorage`: one method of `SqliteDatabase` and its arguments. */
export interface SqliteRequest {
  id: number;
  method: keyof SqliteDatabase;
  args: unknown[];
}

/** The answer to one request: its result, or the error's message and SQLite code. */
export type SqliteResponse =
  | { id: number; result: unknown }
  | { id: number; error: { message: string; code?: string } };

// The storage worker: owns the database connection, runs one request at a time, in order.
const port = parentPort;
if (!port) throw new Error('sqliteWorker.ts runs as a worker thread');
let db: SqliteDatabase;
try {
  db = SqliteDatabase.open((workerData as { dataDir: string }).dataDir);
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, message: error instanceof Error ? error.message : String(error) });
  throw error;
}

port.on('message', ({ id, method, args }: SqliteRequest) => {
  let response: SqliteResponse;
  try {
    const fn = db[method] as (...a: unknown[]) => unknown;
    response = { id, result: fn.apply(db, args) };
  } catch (error) {
    const e = error as { message?: string; code?: string };
    response = { id, error: { message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) } };
  }
  port.postMessage(response);
  if (method === 'close') port.close();
});
