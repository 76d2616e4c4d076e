import { LocalFanOut, LocalLease, SqliteStorage, type FanOut, type Lease, type Storage } from '@roomtable/sync';
import type { RedisConnections } from '@roomtable/sync/redis';
import type { Config } from '../config';
import { Presence } from '../sync/Presence';
import type { RateLimiters } from '../api/RateLimiter';
import { redisRateLimiters } from './RedisTokenBucket';
import { SharedPresence } from './SharedPresence';
import { fanOutWorkshopChanges, type WorkshopChanges } from './WorkshopChanges';

/** Where a server keeps its data and how it reaches the other processes. */
export interface Backends {
  storage: Storage;
  fanOut: FanOut;
  /** One process at a time compacts a document. */
  lease: Lease;
  /** Workshop record changes between processes; null for a single process. */
  changes: WorkshopChanges | null;
  /** Who is connected: to this process alone, or across the processes sharing Redis. */
  presence: Presence;
  /** The API's rate limits shared through Redis; null: each process counts alone. */
  limiters: RateLimiters | null;
  /** Stops the fan-out and closes the Redis connections (storage is closed by its owner, after the last flush). */
  closeFanOut(): Promise<void>;
}

/**
 * Opens storage (PostgreSQL when DATABASE_URL is set, else SQLite in DATA_DIR) and fan-out
 * (Redis when REDIS_URL is set, else in-process). Rejects with a message naming what could not
 * be reached, and leaves nothing open behind it.
 */
export async function openBackends(config: Config, given?: Storage): Promise<Backends> {
  const onError = (error: unknown, context: string) => console.error(`[scale-out] ${context}:`, error);
  let storage = given;
  if (!storage) {
    if (config.databaseUrl) {
      if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) {
        throw new Error('DATABASE_URL must be a postgres:// (or postgresql://) URL; unset it to use SQLite in DATA_DIR.');
      }
      // Imported here, not at the top: pg (and ioredis below) cost a SQLite process several MiB of
      // RSS at start for code it never runs (bench:memory, issue 18.5).
      const { PostgresStorage } = await import('@roomtable/sync/postgres');
      storage = await PostgresStorage.open(config.databaseUrl, { schema: config.databaseSchema });
    } else {
      storage = await SqliteStorage.open(config.dataDir, { worker: config.sqliteWorker });
    }
  }
  if (!config.redisUrl) {
    return { storage, fanOut: new LocalFanOut(), lease: new LocalLease(), changes: null, presence: new Presence(), limiters: null, closeFanOut: async () => {} };
  }
  let redis: RedisConnections;
  let scale: typeof import('@roomtable/sync/redis');
  try {
    if (!/^rediss?:\/\//.test(config.redisUrl)) throw new Error('REDIS_URL must be a redis:// (or rediss://) URL.');
    scale = await import('@roomtable/sync/redis');
    redis = await scale.RedisConnections.open(config.redisUrl, { onError });
  } catch (error) {
    if (!given) await storage.close().catch(() => undefined);
    throw error;
  }
  // One Redis client for the process, lent to each user of it; only the fan-out subscribes.
  const fanOut = new scale.RedisFanOut(redis, { prefix: config.redisPrefix, onError });
  return {
    storage,
    fanOut,
    lease: new scale.RedisLease(redis.commands, { prefix: config.redisPrefix, owner: redis.processId, onError }),
    changes: fanOutWorkshopChanges(fanOut, onError),
    presence: new SharedPresence(fanOut, redis.processId, { onError }),
    limiters: redisRateLimiters(redis.commands, config.redisPrefix, onError),
    closeFanOut: async () => {
      await fanOut.close();
      await redis.close();
    },
  };
}
