import { Worker } from 'node:worker_threads';
import { SqliteDatabase } from './SqliteDatabase';
import type { SqliteRequest, SqliteResponse } from './sqliteWorker';
import type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
import { checkBatch, checkBytes, checkCount, checkName, checkSnapshot, checkString } from './storageChecks';

export { SQLITE_FILE_NAME } from './SqliteDatabase';

type Method = keyof SqliteDatabase;
type Result<M extends Method> = SqliteDatabase[M] extends (...args: never[]) => infer R ? R : never;
type Args<M extends Method> = SqliteDatabase[M] extends (...args: infer A) => unknown ? A : never;

/**
 * The default storage: one SQLite file (WAL, synchronous=FULL, so a resolved write survives power
 * loss), driven from a worker thread. better-sqlite3 is synchronous, and a commit's fsync on the
 * main thread held up the forwarding of everyone's edits; here it blocks only the worker. One
 * connection, one request at a time, in order: the same semantics as before, off the hot path.
 */
export class SqliteStorage implements Storage {
  readonly #worker: Worker | null;
  /** The database itself when it runs on this thread (`{ worker: false }`). */
  readonly #local: SqliteDatabase | null;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #nextId = 1;
  #failure: Error | null = null;
  #closed: Promise<void> | null = null;

  private constructor(worker: Worker | null, local: SqliteDatabase | null) {
    this.#worker = worker;
    this.#local = local;
    if (!worker) return;
    worker.on('message', (message: SqliteResponse) => {
      const call = this.#pending.get(message.id);
      if (!call) return;
      this.#pending.delete(message.id);
      if ('error' in message) call.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else call.resolve(message.result);
    });
    const fail = (error: Error) => {
      this.#failure = error;
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`SQLite storage worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new Error(`SQLite storage worker exited (code ${code})`)));
  }

  /**
   * Opens (creating if needed) `roomtable.sqlite` in `dataDir`, creating the directory too; in a
   * worker thread unless `{ worker: false }` (same behaviour, for comparing the two).
   */
  static async open(dataDir: string, options: { worker?: boolean } = {}): Promise<SqliteStorage> {
    checkName('data directory', dataDir);
    if (options.worker === false) return new SqliteStorage(null, SqliteDatabase.open(dataDir));
    const worker = new Worker(new URL('./sqliteWorkerEntry.mjs', import.meta.url), {
      workerData: { dataDir },
      // The worker allocates little but, by default, grows a young generation as large as the
      // main thread's: measured under the benchmark's load, peak RSS 212–215 → 172–184 MiB.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(new Error(`could not open SQLite storage in ${dataDir}: ${error.message}`, { cause: error }));
      worker.once('error', onError);
      worker.once('message', (m: { ready: boolean; message?: string }) => {
        worker.off('error', onError);
        if (m.ready) resolve();
        else reject(new Error(`could not open SQLite storage in ${dataDir}: ${m.message}`));
      });
    });
    return new SqliteStorage(worker, null);
  }

  #call<M extends Method>(method: M, ...args: Args<M>): Promise<Result<M>> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closed) return Promise.reject(new Error('SQLite storage is closed'));
    const local = this.#local;
    if (local) {
      const fn = local[method] as (...a: Args<M>) => Result<M>;
      try {
        return Promise.resolve(fn.apply(local, args));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const worker = this.#worker!;
    const id = this.#nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // Only the packed batch is ours to give away; any other buffer may still be in use here.
      const packed = method === 'appendPacked' ? (args[2] as Uint8Array) : null;
      worker.postMessage({ id, method, args } satisfies SqliteRequest, packed ? [packed.buffer as ArrayBuffer] : []);
    });
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    checkName('document name', name);
    return this.#call('loadDocument', name);
  }

  async appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Promise<Map<string, number>> {
    checkBatch(batch);
    if (batch.length === 0) return new Map();
    if (this.#local) return this.#call('appendUpdates', batch);
    // An update is often a view into a large receive buffer, and cloning a view copies its whole
    // buffer: pack the batch into one compact buffer and hand it over without a copy.
    let total = 0;
    for (const { update } of batch) total += update.byteLength;
    const bytes = new Uint8Array(total);
    const lengths: number[] = [];
    let offset = 0;
    for (const { update } of batch) {
      bytes.set(update, offset);
      offset += update.byteLength;
      lengths.push(update.byteLength);
    }
    return this.#call('appendPacked', batch.map((b) => b.name), lengths, bytes);
  }

  async compactDocument(name: string, merged: Uint8Array, throughSeq: number): Promise<void> {
    checkName('document name', name);
    checkBytes('merged update', merged);
    checkCount('throughSeq', throughSeq);
    return this.#call('compactDocument', name, merged, throughSeq);
  }

  /** Merges and replaces the document's rows inside the worker: the event loop never waits on it. */
  async compactWithState(name: string, state: Uint8Array): Promise<number> {
    checkName('document name', name);
    checkBytes('state', state);
    return this.#call('compactWithState', name, state);
  }

  async countUpdates(name: string): Promise<number> {
    checkName('document name', name);
    return this.#call('countUpdates', name);
  }

  async deleteDocuments(prefix: string): Promise<void> {
    checkString('prefix', prefix);
    return this.#call('deleteDocuments', prefix);
  }

  async listDocuments(prefix: string): Promise<string[]> {
    checkString('prefix', prefix);
    return this.#call('listDocuments', prefix);
  }

  async getWorkshop(id: string): Promise<{ data: string; version: number } | null> {
    checkName('workshop id', id);
    return this.#call('getWorkshop', id);
  }

  async saveWorkshop(id: string, data: string, expectedVersion: number | null): Promise<number | null> {
    checkName('workshop id', id);
    checkString('workshop data', data);
    if (expectedVersion !== null) checkCount('expectedVersion', expectedVersion);
    return this.#call('saveWorkshop', id, data, expectedVersion);
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    return this.#call('listWorkshops');
  }

  async deleteWorkshop(id: string): Promise<void> {
    checkName('workshop id', id);
    return this.#call('deleteWorkshop', id);
  }

  async addSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): Promise<void> {
    checkSnapshot(s);
    return this.#call('addSnapshot', s);
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    checkName('workshop id', workshopId);
    return this.#call('listSnapshots', workshopId);
  }

  async getSnapshot(workshopId: string, id: string): Promise<SnapshotRecord | null> {
    checkName('workshop id', workshopId);
    checkName('snapshot id', id);
    return this.#call('getSnapshot', workshopId, id);
  }

  async getOrCreateMeta(key: string, create: () => string): Promise<string> {
    checkName('meta key', key);
    const existing = await this.#call('getMeta', key);
    if (existing !== null) return existing;
    const value = create();
    checkString(`meta value for "${key}"`, value);
    return this.#call('insertMetaIfAbsent', key, value);
  }

  /** Closes the database (after every request sent before) and ends the worker. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      const worker = this.#worker;
      if (!worker) return this.#local?.close();
      if (!this.#failure) {
        const id = this.#nextId++;
        await new Promise<unknown>((resolve, reject) => {
          this.#pending.set(id, { resolve, reject });
          worker.postMessage({ id, method: 'close', args: [] } satisfies SqliteRequest);
        }).catch(() => undefined);
      }
      await worker.terminate();
    })();
    return this.#closed;
  }
}
