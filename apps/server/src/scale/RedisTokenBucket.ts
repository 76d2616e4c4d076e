import { createHash } from 'node:crypto';
import type { RedisConnections } from '@roomtable/sync/redis';
import type { RateLimiter, RateLimiters } from '../api/RateLimiter';
import { TokenBucket } from '../api/TokenBucket';

// The same bucket as TokenBucket, kept in Redis so every process draws from it. Redis's own
// clock, so the processes' clocks need not agree; the key expires once the bucket would be full.
/** The process's Redis command connection. */
type Redis = RedisConnections['commands'];

const TAKE = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3]) or 1
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or capacity
local at = tonumber(b[2]) or now
tokens = math.min(capacity, tokens + (now - at) * rate)
local wait = 0
if cost < 0 then tokens = math.min(capacity, tokens + 1)
elseif tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return wait
`;

/** A token bucket shared by every process on one Redis. */
export class RedisTokenBucket implements RateLimiter {
  /** Used while Redis does not answer: limits then hold per process rather than not at all. */
  readonly #fallback: TokenBucket;
  #failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly onError: (error: unknown, context: string) => void,
  ) {
    this.#fallback = new TokenBucket(capacity, refillPerSecond);
  }

  async take(key: string, cost: 1 | -1 = 1): Promise<number> {
    try {
      // Requester keys hold part of a bearer token: only a digest of it goes to Redis.
      const digest = createHash('sha256').update(key).digest('base64url').slice(0, 22);
      const wait = Number(await this.redis.eval(TAKE, 1, `${this.key}:${digest}`, this.capacity, this.refillPerSecond, cost));
      this.#failing = false;
      return wait;
    } catch (error) {
      if (!this.#failing) this.onError(error, 'rate limit in Redis (counting in this process until it answers)');
      this.#failing = true;
      return this.#fallback.take(key, cost);
    }
  }
}

/** Limiters shared through Redis under `prefix`. */
export function redisRateLimiters(redis: Redis, prefix: string, onError: (error: unknown, context: string) => void): RateLimiters {
  return (name, capacity, refillPerSecond) => new RedisTokenBucket(redis, `${prefix}:rate:${name}`, capacity, refillPerSecond, onError);
}
