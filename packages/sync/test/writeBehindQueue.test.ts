import { describe, expect, it } from 'vitest';
import { StorageChain } from '../src/StorageChain';
import { WriteBehindQueue, type QueuedWrite } from '../src/WriteBehindQueue';
import { FakeTimers } from './helpers/FakeTimers';

/** A queue on fake timers whose writes are recorded (and fail while `failing` is set). */
function setUp(flushDelayMs: number) {
  const timers = new FakeTimers();
  const batches: QueuedWrite[][] = [];
  const stored: Array<[string, number]> = [];
  const errors: string[] = [];
  const state = { failing: false };
  const queue = new WriteBehindQueue({
    write: async (batch) => {
      if (state.failing) throw new Error('disk full');
      batches.push(batch);
      return new Map(batch.map((w) => [w.name, 1]));
    },
    chain: new StorageChain(),
    flushDelayMs,
    retryMs: 1000,
    timers,
    onError: (_e, context) => errors.push(context),
    onStored: (name, count) => stored.push([name, count]),
  });
  return { timers, batches, stored, errors, state, queue };
}

const u = (n: number) => new Uint8Array([n]);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('[DM10] the write-behind queue gathers updates for the flush window, on the injected timers', () => {
  it('a 50 ms window writes nothing before it ends and everything in one batch when it does', async () => {
    const { timers, batches, stored, queue } = setUp(50);
    queue.push('a', u(1));
    queue.push('b', u(2));
    timers.advance(49);
    queue.push('a', u(3));
    await settle();
    expect(batches).toEqual([]);
    let durable = false;
    void queue.whenDurable().then(() => (durable = true));
    timers.advance(1);
    await settle();
    expect(batches.map((b) => b.map((w) => w.update[0]))).toEqual([[1, 2, 3]]);
    expect(stored).toEqual([['a', 2], ['b', 1]]);
    expect(durable).toBe(true);
    expect(timers.pendingCount).toBe(0);
  });

  it('flushNow writes before the window ends; the window then finds nothing to write', async () => {
    const { timers, batches, queue } = setUp(50);
    queue.push('a', u(1));
    queue.flushNow();
    await queue.whenDurable();
    expect(batches).toHaveLength(1);
    timers.advance(50);
    await settle();
    expect(batches).toHaveLength(1);
  });

  it('a failed write is retried after retryMs with what came meanwhile behind it; nothing is dropped', async () => {
    const { timers, batches, errors, state, queue } = setUp(50);
    state.failing = true;
    queue.push('a', u(1));
    const first = queue.whenDurable();
    timers.advance(50);
    await expect(first).rejects.toThrow('disk full');
    expect(errors).toEqual(['storing document updates (will retry)']);
    state.failing = false;
    queue.push('a', u(2));
    timers.advance(999);
    await settle();
    expect(batches).toEqual([]);
    timers.advance(1);
    await queue.whenDurable();
    expect(batches.map((b) => b.map((w) => w.update[0]))).toEqual([[1, 2]]);
  });
});
