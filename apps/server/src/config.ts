import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { DEFAULT_INBOUND_LIMITS, DEFAULT_PERSONAL_LIMITS, type InboundLimits, type PersonalLimits } from '@roomtable/sync';

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
  /** Largest WebSocket frame accepted (at least the document limit plus framing); larger ones close with 1009. */
  maxFrameBytes: number;
  /** Largest a live document may grow; a change past it closes its connection with 4413. */
  maxDocumentBytes: number;
  /** Open WebSocket connections one token may hold at once; more close with 4429. */
  maxConnectionsPerToken: number;
  /** How long accepted updates gather before one storage transaction writes them all. */
  flushDelayMs: number;
  /** [SY26] The state document's changes reach its readers merged, at most once per this many ms (0: each at once). */
  stateSpreadWindowMs: number;
  /** Stored update rows per document before they are merged into one. */
  compactThreshold: number;
  /** Run SQLite in a worker thread, so its commits never stall the event loop (default on). */
  sqliteWorker: boolean;
  /** The built web app; null serves the API and sync only. */
  webDist: string | null;
  /** Which reverse proxies to believe about the client's address (TRUST_PROXY); null: none, use the socket's peer. */
  trustProxy: TrustProxy | null;
  /** Largest HTTP request body read on any route; larger ones get 413 before they are read. */
  maxBodyBytes: number;
  /** Time a client has to send a request's headers (the whole upgrade request too). */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included. */
  requestTimeoutMs: number;
  /** The server pings every WebSocket this often; one that has not answered by the next ping is cut. */
  pingIntervalMs: number;
  /** Open sockets this process accepts; null: derived from the descriptor limit at start. */
  maxConnections: number | null;
  /** What one live connection may send per second (SYNC_*); null (SYNC_BUDGETS=off): no budget, for benchmarks only. */
  inbound: InboundLimits | null;
  /** What one person may add to one document (PERSON_*); null with SYNC_BUDGETS=off. */
  personal: PersonalLimits | null;
  /** Frames one document handles per event-loop turn before the others get theirs; 0 with SYNC_BUDGETS=off. */
  framesPerTurn: number;
}

/** Believe `header` as written by the last `hops` proxies in front of the server. */
export interface TrustProxy {
  header: 'x-forwarded-for' | 'forwarded';
  hops: number;
}

/**
 * Bytes a sync update message adds around the update itself: message type, sync type and the
 * update's length as a varint (at most 5 bytes below 4 GiB); rounded up generously.
 */
export const FRAME_OVERHEAD_BYTES = 64;

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

function trustProxyFrom(env: NodeJS.ProcessEnv): TrustProxy | null {
  const raw = (env.TRUST_PROXY ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'off' || raw === '0' || raw === 'false') return null;
  const match = /^(x-forwarded-for|forwarded)(?::(\d{1,2}))?$/.exec(raw);
  const hops = match ? Number(match[2] ?? '1') : 0;
  if (!match || hops < 1 || hops > 10) {
    throw new Error(
      `TRUST_PROXY must be "off", "x-forwarded-for" or "forwarded", optionally with ":N" for N proxies in a row (1 to 10); got "${env.TRUST_PROXY}".`,
    );
  }
  return { header: match[1] as TrustProxy['header'], hops };
}

function budgetsFrom(env: NodeJS.ProcessEnv, maxFrameBytes: number): Pick<Config, 'inbound' | 'personal' | 'framesPerTurn'> {
  const switchValue = (env.SYNC_BUDGETS ?? 'on').trim().toLowerCase();
  if (switchValue !== 'on' && switchValue !== 'off') throw new Error(`SYNC_BUDGETS must be "on" or "off"; got "${env.SYNC_BUDGETS}".`);
  if (switchValue === 'off') return { inbound: null, personal: null, framesPerTurn: 0 };
  const d = DEFAULT_INBOUND_LIMITS;
  const framesPerSecond = intFrom(env, 'SYNC_FRAMES_PER_SECOND', d.framesPerSecond, 10, 1_000_000);
  const awarenessPerSecond = intFrom(env, 'SYNC_AWARENESS_PER_SECOND', d.awarenessPerSecond, 5, 1_000_000);
  const perMinute = intFrom(env, 'PERSON_BYTES_PER_MINUTE', DEFAULT_PERSONAL_LIMITS.bytesPerMinute, 64 * 1024, 1024 * 1024 * 1024);
  return {
    inbound: {
      framesPerSecond,
      // Bursts follow the rate (4 s of it), so one knob moves both.
      frameBurst: framesPerSecond * 4,
      bytesPerSecond: intFrom(env, 'SYNC_BYTES_PER_SECOND', d.bytesPerSecond, 64 * 1024, 1024 * 1024 * 1024),
      // One largest frame always passes at once: a paste never waits.
      byteBurst: maxFrameBytes,
      awarenessPerSecond,
      awarenessBurst: awarenessPerSecond * 4,
      closeAfterMs: intFrom(env, 'SYNC_OVER_BUDGET_CLOSE_MS', d.closeAfterMs, 100, 3_600_000),
      pauseAtBytes: d.pauseAtBytes,
      pauseAtFrames: d.pauseAtFrames,
    },
    personal: {
      share: intFrom(env, 'PERSON_SHARE_PERCENT', DEFAULT_PERSONAL_LIMITS.share * 100, 1, 100) / 100,
      bytesPerMinute: perMinute,
      burstBytes: perMinute * 2,
    },
    framesPerTurn: intFrom(env, 'SYNC_FRAMES_PER_TURN', 64, 1, 1_000_000),
  };
}

/** Reads the public configuration contract: PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, … */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const maxDocumentBytes = intFrom(env, 'MAX_DOCUMENT_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024);
  // A change the document limit allows must fit in one frame: a frame limit below it locked the
  // writer of one large paste out for good (1009, the stock client re-sends it on every reconnect).
  const minFrameBytes = maxDocumentBytes + FRAME_OVERHEAD_BYTES;
  const maxFrameBytes = intFrom(env, 'MAX_FRAME_BYTES', minFrameBytes, 1024, 1024 * 1024 * 1024 + FRAME_OVERHEAD_BYTES);
  if (maxFrameBytes < minFrameBytes) {
    throw new Error(
      `MAX_FRAME_BYTES (${maxFrameBytes}) must be at least MAX_DOCUMENT_BYTES + ${FRAME_OVERHEAD_BYTES} (${minFrameBytes}), so that any change the document limit allows fits in one frame; lower MAX_DOCUMENT_BYTES instead.`,
    );
  }
  const headersTimeoutMs = intFrom(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const maxConnections = intFrom(env, 'MAX_CONNECTIONS', 0, 0, 10_000_000);
  return {
    port: intFrom(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    redisPrefix: env.REDIS_PREFIX || 'roomtable',
    secret: env.ROOMTABLE_SECRET || null,
    maxFrameBytes,
    maxDocumentBytes,
    // A person with a few tabs open holds a state, a room and a plenary connection per tab.
    maxConnectionsPerToken: intFrom(env, 'MAX_CONNECTIONS_PER_TOKEN', 24, 1, 10_000),
    // Measured (BENCHMARKS.md): one SQLite commit (fsync) per event-loop turn blocked the loop a
    // third of the time under load; a 10 ms window cut commits ~8×, and 30 ms halves the storage
    // worker's CPU again. It delays only the save confirmation, never what others see.
    flushDelayMs: intFrom(env, 'FLUSH_DELAY_MS', 30, 0, 1000),
    stateSpreadWindowMs: intFrom(env, 'STATE_SPREAD_WINDOW_MS', 50, 0, 1000),
    // Compaction re-reads, merges and re-encodes the document on the main thread; every 1,000
    // rows keeps it rare while a cold load of 1,000 rows still takes only a few milliseconds.
    compactThreshold: intFrom(env, 'COMPACT_THRESHOLD', 1000, 1, 1_000_000),
    sqliteWorker: env.SQLITE_WORKER !== '0',
    webDist: env.WEB_DIST === '' ? null : path.resolve(env.WEB_DIST || DEFAULT_WEB_DIST),
    trustProxy: trustProxyFrom(env),
    // The largest legitimate body (5,000 ungrouped ids of the review) is just under 1 MiB; a
    // 100 MiB body used to be buffered and parsed whole before its 400.
    maxBodyBytes: intFrom(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    // Node's 60 s (checked every 30 s) let 888 of 1,000 slow-header sockets live past 70 s.
    headersTimeoutMs,
    // Never shorter than the headers' time: Node refuses a request timeout below the headers timeout.
    requestTimeoutMs: Math.max(headersTimeoutMs, intFrom(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000)),
    // Browsers and the stock client answer pings by themselves; 30 s finds a half-open socket
    // within a minute, well inside the README's nginx read timeout.
    pingIntervalMs: intFrom(env, 'PING_INTERVAL_MS', 30_000, 50, 3_600_000),
    maxConnections: maxConnections === 0 ? null : maxConnections,
    ...budgetsFrom(env, maxFrameBytes),
  };
}
