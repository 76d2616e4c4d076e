import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  /** PostgreSQL schema of the tables (DATABASE_SCHEMA, default `public`), so deployments can share a database. */
  databaseSchema: string;
  /** Namespace of Redis channels and keys (REDIS_PREFIX, default `roomtable`), so deployments can share a Redis. */
  redisPrefix: string;
  /** HMAC key for tokens; null: generate one once and keep it in storage. */
  secret: string | null;
  /** Largest WebSocket frame accepted; larger ones close the connection with 1009. */
  maxFrameBytes: number;
  /** Largest a live document may grow; a change past it closes its connection with 4413. */
  maxDocumentBytes: number;
  /** Open WebSocket connections one token may hold at once; more close with 4429. */
  maxConnectionsPerToken: number;
  /** How long accepted updates gather before one storage transaction writes them all. */
  flushDelayMs: number;
  /** Stored update rows per document before they are merged into one. */
  compactThreshold: number;
  /** Run SQLite in a worker thread, so its commits never stall the event loop (default on). */
  sqliteWorker: boolean;
  /** The built web app; null serves the API and sync only. */
  webDist: string | null;
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

function intFrom(env: NodeJS.ProcessEnv, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${key} must be a whole number from ${min} to ${max}; got "${raw}".`);
  }
  return n;
}

/** Reads the public configuration contract: PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, … */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    redisPrefix: env.REDIS_PREFIX || 'roomtable',
    secret: env.ROOMTABLE_SECRET || null,
    maxFrameBytes: intFrom(env, 'MAX_FRAME_BYTES', 4 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxDocumentBytes: intFrom(env, 'MAX_DOCUMENT_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    // A person with a few tabs open holds a state, a room and a plenary connection per tab.
    maxConnectionsPerToken: intFrom(env, 'MAX_CONNECTIONS_PER_TOKEN', 24, 1, 10_000),
    // Measured (BENCHMARKS.md): one SQLite commit (fsync) per event-loop turn blocked the loop a
    // third of the time under load; a 10 ms window cut commits ~8×, and 30 ms halves the storage
    // worker's CPU again. It delays only the save confirmation, never what others see.
    flushDelayMs: intFrom(env, 'FLUSH_DELAY_MS', 30, 0, 1000),
    // Compaction re-reads, merges and re-encodes the document on the main thread; every 1,000
    // rows keeps it rare while a cold load of 1,000 rows still takes only a few milliseconds.
    compactThreshold: intFrom(env, 'COMPACT_THRESHOLD', 1000, 1, 1_000_000),
    sqliteWorker: env.SQLITE_WORKER !== '0',
    webDist: env.WEB_DIST === '' ? null : path.resolve(env.WEB_DIST || DEFAULT_WEB_DIST),
  };
}
