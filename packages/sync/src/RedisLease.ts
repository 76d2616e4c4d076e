import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Lease, LeaseHolder, LeaseResult } from './Lease';

/** Timer functions the lease uses to renew itself, injectable for tests. */
export interface LeaseTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of a {@link RedisLease}. */
export interface RedisLeaseOptions {
  /** Key namespace (default `roomtable`); keys are `<prefix>:lease:<key>`. */
  prefix?: string;
  /**
   * How long a lease outlives a process that died holding it (default 15000 ms). While `fn`
   * runs the lease is renewed every third of this, so slow work under load does not lose it.
   */
  ttlMs?: number;
  /** Names this process in lease values, which helps when reading Redis by hand. */
  owner?: string;
  timers?: LeaseTimers;
  /** Where a failed renewal is reported; default console.error. */
  onError?: (error: unknown, context: string) => void;
}

/** A lease this process holds; release it when done (idempotent). */
export interface LeaseHandle {
  readonly key: string;
  readonly token: string;
  /** Pushes expiry to `ttlMs` from now; false if the lease was no longer ours. */
  extend(ttlMs?: number): Promise<boolean>;
  /** Deletes the key only if it is still ours; false if it had expired or been taken. */
  release(): Promise<boolean>;
}

// Compare-and-delete / compare-and-extend: a process never releases or extends a lease that
// expired and was taken by another (the bug of Hocuspocus's early lock release, #669).
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** A lease in Redis: SET key token NX PX ttl, released and extended by compare-and-swap scripts. */
export class RedisLease implements Lease {
  readonly #redis: Redis;
  readonly #ownsConnection: boolean;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #owner: string;
  readonly #timers: LeaseTimers;
  readonly #onError: (error: unknown, context: string) => void;

  /** Uses an existing connection (e.g. the fan-out's publisher); `close()` then leaves it open. */
  constructor(redis: Redis, options: RedisLeaseOptions = {}, ownsConnection = false) {
    this.#redis = redis;
    this.#ownsConnection = ownsConnection;
    this.#prefix = options.prefix ?? 'roomtable';
    this.#ttlMs = options.ttlMs ?? 15_000;
    if (!Number.isSafeInteger(this.#ttlMs) || this.#ttlMs < 3) throw new RangeError('ttlMs must be an integer of at least 3');
    this.#owner = options.owner ?? `pid${process.pid}`;
    this.#timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
    this.#onError = options.onError ?? ((error, context) => console.error(`[lease] ${context}:`, error));
  }

  /** Opens its own connection to `redisUrl`. */
  static async open(redisUrl: string, options: RedisLeaseOptions = {}): Promise<RedisLease> {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: (n) => Math.min(n * 50, 1000) });
    let lastError: unknown;
    redis.on('error', (error: unknown) => (lastError = error));
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new Error(`could not connect to Redis at ${describeRedisUrl(redisUrl)}: ${messageOf(lastError ?? error)}`, { cause: error });
    }
    return new RedisLease(redis, options, true);
  }

  /** Takes the lease on `key` if nobody holds it; null if someone does. Rejects if Redis fails. */
  async tryAcquire(key: string, ttlMs = this.#ttlMs): Promise<LeaseHandle | null> {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('lease key must be a non-empty string');
    const redisKey = `${this.#prefix}:lease:${key}`;
    const token = `${this.#owner}:${randomUUID()}`;
    const ok = await this.#redis.set(redisKey, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    let released = false;
    return {
      key,
      token,
      extend: async (ms = this.#ttlMs) => !released && Number(await this.#redis.eval(EXTEND, 1, redisKey, token, String(ms))) === 1,
      release: async () => {
        if (released) return false;
        released = true;
        return Number(await this.#redis.eval(RELEASE, 1, redisKey, token)) === 1;
      },
    };
  }

  /**
   * Runs `fn` if this process gets the lease, renewing it while `fn` runs and releasing it
   * after (also when `fn` throws). Resolves `{acquired: false}` at once when another holds it,
   * and `{acquired: false, error}` when Redis fails; rejects only with `fn`'s own error.
   */
  async run<T>(key: string, fn: (holder: LeaseHolder) => Promise<T>): Promise<LeaseResult<T>> {
    let handle: LeaseHandle | null;
    try {
      handle = await this.tryAcquire(key);
    } catch (error) {
      if (error instanceof TypeError) throw error;
      this.#onError(error, `taking lease "${key}"`);
      return { acquired: false, error };
    }
    if (!handle) return { acquired: false };
    const holder = { key, lost: false };
    let timer: unknown;
    let stopped = false;
    const renew = () => {
      timer = this.#timers.setTimeout(() => {
        void handle.extend().then(
          (ok) => {
            if (!ok) holder.lost = true;
            else if (!stopped) renew();
          },
          (error: unknown) => {
            // Keep trying: Redis may be back before the lease expires.
            this.#onError(error, `renewing lease "${key}"`);
            if (!stopped) renew();
          },
        );
      }, Math.floor(this.#ttlMs / 3));
    };
    renew();
    try {
      return { acquired: true, value: await fn(holder) };
    } finally {
      stopped = true;
      this.#timers.clearTimeout(timer);
      await handle.release().catch((error: unknown) => this.#onError(error, `releasing lease "${key}" (it expires by itself)`));
    }
  }

  /** Closes the connection if this lease opened it. */
  async close(): Promise<void> {
    if (this.#ownsConnection) await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}

/** `host:port` of a Redis URL, for error messages; the password never appears. */
export function describeRedisUrl(redisUrl: string): string {
  try {
    const url = new URL(redisUrl);
    return `${url.hostname || 'localhost'}:${url.port || '6379'}`;
  } catch {
    return '(unparseable Redis URL)';
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
