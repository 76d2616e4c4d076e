import { randomBytes } from 'node:crypto';
import { RedisConnections } from '@roomtable/sync/redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { redisRateLimiters } from '../src/scale/RedisTokenBucket';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One server process's Redis connection, closed when the test ends. */
async function processOnRedis() {
  const connections = await RedisConnections.open(REDIS_URL, { onError: () => {} });
  onTestFinished(() => connections.close());
  return connections;
}

describe('rate limits shared through Redis', () => {
  it('two processes draw from one bucket per requester, and the wait says when the next token comes', async () => {
    const prefix = `rt_rate_${randomBytes(4).toString('hex')}`;
    const a = redisRateLimiters((await processOnRedis()).commands, prefix, () => {})('writes', 3, 0.5);
    const b = redisRateLimiters((await processOnRedis()).commands, prefix, () => {})('writes', 3, 0.5);
    expect([await a.take('t:ana'), await b.take('t:ana'), await a.take('t:ana')]).toEqual([0, 0, 0]);
    expect(await b.take('t:ana')).toBe(2); // empty: one token every 2 s
    expect(await a.take('t:bo')).toBe(0); // someone else's bucket is full
    // A charge given back through one process is there for the other at once (join-code misses).
    expect(await a.take('t:ana', -1)).toBe(0);
    expect(await b.take('t:ana')).toBe(0);
    expect(await b.take('t:ana')).toBe(2);
  });

  it('while Redis does not answer, each process counts alone (limits hold) and says so once', async () => {
    const prefix = `rt_rate_${randomBytes(4).toString('hex')}`;
    const redis = await RedisConnections.open(REDIS_URL, { onError: () => {} });
    const errors: string[] = [];
    const limiter = redisRateLimiters(redis.commands, prefix, (_e, context) => errors.push(context))('votes', 2, 1);
    await redis.close();
    expect([await limiter.take('t:ana'), await limiter.take('t:ana'), await limiter.take('t:ana')]).toEqual([0, 0, 1]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/rate limit in Redis/);
  });
});
