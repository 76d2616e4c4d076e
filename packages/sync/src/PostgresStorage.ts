import pg from 'pg';
import type { SnapshotInfo, SnapshotRecord, Storage, StoredDocument, WorkshopRecord } from './Storage';
import { checkBatch, checkBytes, checkCount, checkName, checkSnapshot, checkString } from './storageChecks';

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /** PostgreSQL schema holding the tables, created if missing (default `public`). */
  schema?: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** Where errors of idle pooled connections (e.g. the server restarting) are reported; default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/**
 * Numbered migrations, applied in order on start and recorded in `schema_migrations`. Append
 * new ones; never edit an applied one. `$S` stands for the quoted schema name.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE $S.document_updates (
    seq BIGSERIAL PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    "update" BYTEA NOT NULL
  );
  CREATE INDEX document_updates_name_seq ON $S.document_updates (name, seq);
  CREATE TABLE $S.workshops (
    id TEXT COLLATE "C" PRIMARY KEY,
    data TEXT NOT NULL,
    version INTEGER NOT NULL
  );
  CREATE TABLE $S.snapshots (
    id TEXT COLLATE "C" PRIMARY KEY,
    ord BIGSERIAL NOT NULL,
    workshop_id TEXT COLLATE "C" NOT NULL,
    taken_at DOUBLE PRECISION NOT NULL,
    reason TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX snapshots_workshop ON $S.snapshots (workshop_id, taken_at, ord);
  CREATE TABLE $S.meta (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
];

/**
 * PostgreSQL storage for several server processes sharing one database.
 *
 * Why loads and appends take advisory locks: a BIGSERIAL value is drawn when a row is inserted,
 * not when it commits, so a reader can see seq 101 committed while seq 100 is still in flight.
 * Compaction deletes `seq <= lastSeq` of what it loaded; without the locks it could delete a
 * row it never saw. Appends hold a shared lock per document from before their insert until
 * commit; `loadDocument` takes the exclusive one, so it waits for in-flight appends of that
 * document and every row it misses gets a seq above its `lastSeq`.
 */
export class PostgresStorage implements Storage {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #t: { updates: string; workshops: string; snapshots: string; meta: string };
  #closed = false;

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#schema = schema;
    const s = quoteIdent(schema);
    this.#t = { updates: `${s}.document_updates`, workshops: `${s}.workshops`, snapshots: `${s}.snapshots`, meta: `${s}.meta` };
  }

  /**
   * Connects, creates or migrates the schema, and resolves once ready. Rejects with a message
   * naming the host and database (never the password) when the database is unreachable.
   */
  static async open(databaseUrl: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    checkName('database URL', databaseUrl);
    const schema = options.schema ?? 'public';
    checkName('schema', schema);
    const where = describeUrl(databaseUrl);
    const onError = options.onError ?? ((error, context) => console.error(`[storage] ${context}:`, error));
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle pooled connection dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', (error) => onError(error, 'idle PostgreSQL connection'));
    const storage = new PostgresStorage(pool, schema);
    try {
      await storage.#migrate();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(`could not open PostgreSQL storage at ${where}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    return storage;
  }

  /** Applies the migrations not yet applied, serialised across processes starting together. */
  async #migrate(): Promise<void> {
    const s = quoteIdent(this.#schema);
    await this.#tx(async (client) => {
      // Concurrent CREATE ... IF NOT EXISTS can still fail on catalog unique keys: take turns.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`roomtable:migrate:${this.#schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.schema_migrations`);
      const applied = rows[0]?.v ?? 0;
      for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
        await client.query(MIGRATIONS[version - 1]!.replaceAll('$S', s));
        await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [version]);
      }
    });
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    checkName('document name', name);
    return this.#tx(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [this.#docLockKey(name)]);
      const { rows } = await client.query<{ seq: string; update: Buffer }>(
        `SELECT seq, "update" FROM ${this.#t.updates} WHERE name = $1 ORDER BY seq`,
        [name],
      );
      return { updates: rows.map((r) => new Uint8Array(r.update)), lastSeq: rows.length > 0 ? Number(rows.at(-1)!.seq) : 0 };
    });
  }

  async appendUpdates(batch: ReadonlyArray<{ name: string; update: Uint8Array }>): Promise<Map<string, number>> {
    checkBatch(batch);
    if (batch.length === 0) return new Map();
    this.#checkOpen();
    // Sorted, so two appenders never wait on each other in opposite orders.
    const names = [...new Set(batch.map((row) => row.name))].sort();
    return this.#tx(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock_shared(k) FROM unnest($1::bigint[]) AS k', [names.map((n) => this.#docLockKey(n))]);
      // One statement for the whole batch; ORDER BY ordinality makes seq follow batch order.
      const { rows } = await client.query<{ name: string; seq: string }>(
        `INSERT INTO ${this.#t.updates} (name, "update")
         SELECT n, u FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS b(n, u, i) ORDER BY i
         RETURNING name, seq`,
        [batch.map((row) => row.name), batch.map((row) => Buffer.from(row.update))],
      );
      const written = new Map<string, number>();
      for (const row of rows) written.set(row.name, Math.max(written.get(row.name) ?? 0, Number(row.seq)));
      return written;
    });
  }

  async compactDocument(name: string, merged: Uint8Array, throughSeq: number): Promise<void> {
    checkName('document name', name);
    checkBytes('merged update', merged);
    checkCount('throughSeq', throughSeq);
    await this.#tx(async (client) => {
      await client.query(`DELETE FROM ${this.#t.updates} WHERE name = $1 AND seq <= $2`, [name, throughSeq]);
      await client.query(`INSERT INTO ${this.#t.updates} (name, "update") VALUES ($1, $2)`, [name, Buffer.from(merged)]);
    });
  }

  async countUpdates(name: string): Promise<number> {
    checkName('document name', name);
    const { rows } = await this.#query<{ n: string }>(`SELECT count(*) AS n FROM ${this.#t.updates} WHERE name = $1`, [name]);
    return Number(rows[0]?.n ?? 0);
  }

  async deleteDocuments(prefix: string): Promise<void> {
    checkString('prefix', prefix);
    await this.#query(`DELETE FROM ${this.#t.updates} WHERE starts_with(name, $1)`, [prefix]);
  }

  async listDocuments(prefix: string): Promise<string[]> {
    checkString('prefix', prefix);
    const { rows } = await this.#query<{ name: string }>(
      `SELECT DISTINCT name FROM ${this.#t.updates} WHERE starts_with(name, $1) ORDER BY name`,
      [prefix],
    );
    return rows.map((r) => r.name);
  }

  async getWorkshop(id: string): Promise<{ data: string; version: number } | null> {
    checkName('workshop id', id);
    const { rows } = await this.#query<{ data: string; version: number }>(`SELECT data, version FROM ${this.#t.workshops} WHERE id = $1`, [id]);
    return rows[0] ? { data: rows[0].data, version: rows[0].version } : null;
  }

  async saveWorkshop(id: string, data: string, expectedVersion: number | null): Promise<number | null> {
    checkName('workshop id', id);
    checkString('workshop data', data);
    if (expectedVersion === null) {
      const result = await this.#query(`INSERT INTO ${this.#t.workshops} (id, data, version) VALUES ($1, $2, 1) ON CONFLICT (id) DO NOTHING`, [id, data]);
      return result.rowCount === 1 ? 1 : null;
    }
    checkCount('expectedVersion', expectedVersion);
    // Under READ COMMITTED a concurrent update makes this one re-check `version` on the new row: one winner.
    const result = await this.#query(`UPDATE ${this.#t.workshops} SET data = $1, version = version + 1 WHERE id = $2 AND version = $3`, [
      data,
      id,
      expectedVersion,
    ]);
    return result.rowCount === 1 ? expectedVersion + 1 : null;
  }

  async listWorkshops(): Promise<WorkshopRecord[]> {
    const { rows } = await this.#query<WorkshopRecord>(`SELECT id, data, version FROM ${this.#t.workshops} ORDER BY id`);
    return rows.map((r) => ({ id: r.id, data: r.data, version: r.version }));
  }

  async deleteWorkshop(id: string): Promise<void> {
    checkName('workshop id', id);
    await this.#tx(async (client) => {
      await client.query(`DELETE FROM ${this.#t.workshops} WHERE id = $1`, [id]);
      await client.query(`DELETE FROM ${this.#t.snapshots} WHERE workshop_id = $1`, [id]);
      await client.query(`DELETE FROM ${this.#t.updates} WHERE starts_with(name, $1)`, [`${id}/`]);
    });
  }

  async addSnapshot(s: { id: string; workshopId: string; takenAt: number; reason: string; data: string }): Promise<void> {
    checkSnapshot(s);
    try {
      await this.#query(`INSERT INTO ${this.#t.snapshots} (id, workshop_id, taken_at, reason, data) VALUES ($1, $2, $3, $4, $5)`, [
        s.id,
        s.workshopId,
        s.takenAt,
        s.reason,
        s.data,
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new Error(`snapshot "${s.id}" already exists`, { cause: error });
      throw error;
    }
  }

  async listSnapshots(workshopId: string): Promise<SnapshotInfo[]> {
    checkName('workshop id', workshopId);
    const { rows } = await this.#query<SnapshotInfo>(
      `SELECT id, taken_at AS "takenAt", reason FROM ${this.#t.snapshots} WHERE workshop_id = $1 ORDER BY taken_at, ord`,
      [workshopId],
    );
    return rows.map((r) => ({ id: r.id, takenAt: r.takenAt, reason: r.reason }));
  }

  async getSnapshot(workshopId: string, id: string): Promise<SnapshotRecord | null> {
    checkName('workshop id', workshopId);
    checkName('snapshot id', id);
    const { rows } = await this.#query<SnapshotRecord>(
      `SELECT id, taken_at AS "takenAt", reason, data FROM ${this.#t.snapshots} WHERE workshop_id = $1 AND id = $2`,
      [workshopId, id],
    );
    const row = rows[0];
    return row ? { id: row.id, takenAt: row.takenAt, reason: row.reason, data: row.data } : null;
  }

  async getOrCreateMeta(key: string, create: () => string): Promise<string> {
    checkName('meta key', key);
    const existing = await this.#query<{ value: string }>(`SELECT value FROM ${this.#t.meta} WHERE key = $1`, [key]);
    if (existing.rows[0]) return existing.rows[0].value;
    const value = create();
    checkString(`meta value for "${key}"`, value);
    // Another process may have won the race: insert-or-ignore, then read whichever value stuck.
    await this.#query(`INSERT INTO ${this.#t.meta} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
    const stuck = await this.#query<{ value: string }>(`SELECT value FROM ${this.#t.meta} WHERE key = $1`, [key]);
    return stuck.rows[0]?.value ?? value;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  /** Per-document advisory lock key, namespaced by schema so test schemas never contend. */
  #docLockKey(name: string): string {
    return hashKey(`${this.#schema}\u0000${name}`);
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error('PostgreSQL storage is closed');
  }

  async #query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    this.#checkOpen();
    return this.#pool.query<R>(text, values);
  }

  async #tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.#checkOpen();
    const client = await this.#pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is discarded rather than reused.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}

/** `host:port/database` of a connection URL, for error messages; the password never appears. */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const db = url.pathname.replace(/^\//, '');
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${db ? `/${db}` : ''}`;
  } catch {
    return '(unparseable database URL)';
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A signed 64-bit FNV-1a hash as a decimal string, for pg_advisory_* keys. */
function hashKey(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return BigInt.asIntN(64, h).toString();
}
