import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalLease } from '../src/Lease';
import { RedisLease } from '../src/RedisLease';
import { FakeTimers } from './helpers/FakeTimers';
import { TEST_REDIS_URL, signal, uniqueName } from './helpers/services';

const connections: Redis[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  // Leave no lease keys behind (they would expire anyway).
  const admin = new Redis(TEST_REDIS_URL);
  for (const prefix of prefixes.splice(0)) {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
  }
  admin.disconnect();
  for (const redis of connections.splice(0)) redis.disconnect();
});

/** A connection standing for one server process. */
function connect(): Redis {
  const redis = new Redis(TEST_REDIS_URL);
  connections.push(redis);
  return redis;
}

/** Two processes contending for leases under one fresh prefix, plus an observer connection. */
function contenders(options: { ttlMs?: number; timers?: FakeTimers } = {}) {
  const prefix = uniqueName('lease');
  prefixes.push(prefix);
  const errors: Array<[unknown, string]> = [];
  const base = { prefix, onError: (e: unknown, c: string) => errors.push([e, c]), ...options };
  const redisA = connect();
  return {
    prefix,
    errors,
    redisA,
    a: new RedisLease(redisA, { ...base, owner: 'a' }),
    b: new RedisLease(connect(), { ...base, owner: 'b' }),
    admin: connect(),
  };
}

describe('RedisLease', () => {
  it('[RL1] one holder at a time; release frees it; a stale holder cannot release or extend the new one', async () => {
    const { a, b, admin, prefix } = contenders();
    const held = await a.tryAcquire('w/room/1');
    expect(held).not.toBeNull();
    expect(await b.tryAcquire('w/room/1')).toBeNull();
    expect(await b.tryAcquire('w/room/2')).not.toBeNull();
    expect(await held!.release()).toBe(true);
    const byB = await b.tryAcquire('w/room/1');
    expect(byB).not.toBeNull();
    expect(await b.tryAcquire('w/room/1')).toBeNull();

    // a's lease expires (simulated) while a still thinks it holds it; b takes it over.
    const stale = await a.tryAcquire('w/room/3');
    await admin.del(`${prefix}:lease:w/room/3`);
    const fresh = await b.tryAcquire('w/room/3');
    expect(fresh).not.toBeNull();
    expect(await stale!.extend()).toBe(false);
    expect(await stale!.release()).toBe(false);
    expect(await admin.get(`${prefix}:lease:w/room/3`)).toBe(fresh!.token);
  });

  it('[RL2] the lease expires by itself when its holder died', async () => {
    const { a, b, admin, prefix } = contenders();
    await a.tryAcquire('d', 20_000);
    const ttl = await admin.pttl(`${prefix}:lease:d`);
    expect(ttl).toBeGreaterThan(15_000);
    expect(ttl).toBeLessThanOrEqual(20_000);
    expect(await b.tryAcquire('d')).toBeNull();
  });

  it('[RL3] run(): two contenders at once, exactly one runs; the other skips at once', async () => {
    const { a, b } = contenders();
    const inside = signal();
    const finish = signal();
    let runs = 0;
    const work = async () => {
      runs++;
      inside.resolve();
      await finish.promise;
      return 'compacted';
    };
    const first = a.run('w/room/1', work);
    await inside.promise;
    expect(await b.run('w/room/1', work)).toEqual({ acquired: false });
    finish.resolve();
    expect(await first).toEqual({ acquired: true, value: 'compacted' });
    expect(runs).toBe(1);
    // Released afterwards, also when the work throws.
    await expect(b.run('w/room/1', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await a.run('w/room/1', async () => 1)).toEqual({ acquired: true, value: 1 });
  });

  it('[RL4] run() renews the lease while slow work goes on, and notices when it was lost', async () => {
    const timers = new FakeTimers();
    const { a, b, redisA, admin, prefix } = contenders({ ttlMs: 30_000, timers });
    const key = `${prefix}:lease:slow`;
    const result = await a.run('slow', async (holder) => {
      await admin.pexpire(key, 1000);
      timers.advance(10_000); // a renewal falls due
      // Same connection as the lease: this reply comes after the renewal's.
      expect(await redisA.pttl(key)).toBeGreaterThan(20_000);
      expect(await b.tryAcquire('slow')).toBeNull();
      expect(holder.lost).toBe(false);

      await admin.del(key); // expired under load, say
      timers.advance(10_000);
      await redisA.ping();
      await new Promise(setImmediate); // let the renewal's promise chain settle
      expect(holder.lost).toBe(true);
      return 'done';
    });
    expect(result).toEqual({ acquired: true, value: 'done' });
    expect(timers.pendingCount).toBe(0);
  });

  it('[RL5] open() rejects clearly when Redis is unreachable', async () => {
    await expect(RedisLease.open('redis://user:pw-secret@127.0.0.1:1')).rejects.toThrow(/127\.0\.0\.1:1/);
    const lease = await RedisLease.open(TEST_REDIS_URL, { prefix: uniqueName('lease') });
    // run() released it, so nothing is left behind
    expect(await lease.run('k', async () => 'ok')).toEqual({ acquired: true, value: 'ok' });
    await lease.close();
  });

  it('[RL7] Redis failing: run() resolves unacquired with the error, and never calls fn', async () => {
    const offline = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const errors: string[] = [];
    const lease = new RedisLease(offline, { prefix: uniqueName('lease'), onError: (_e, context) => errors.push(context) });
    let called = false;
    const result = await lease.run('k', async () => (called = true));
    expect(result.acquired).toBe(false);
    expect(result.acquired === false && result.error).toBeInstanceOf(Error);
    expect(called).toBe(false);
    expect(errors).toEqual(['taking lease "k"']);
    offline.disconnect();
  });
});

describe('LocalLease', () => {
  it('[RL6] one run per key at a time within a process', async () => {
    const lease = new LocalLease();
    const finish = signal();
    const first = lease.run('k', () => finish.promise);
    expect(await lease.run('k', async () => 1)).toEqual({ acquired: false });
    expect(await lease.run('other', async () => 2)).toEqual({ acquired: true, value: 2 });
    finish.resolve();
    await first;
    expect(await lease.run('k', async () => 3)).toEqual({ acquired: true, value: 3 });
  });
});
