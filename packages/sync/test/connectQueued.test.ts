import { describe, expect, it, vi } from 'vitest';
import { DocumentManager, MemoryStorage, connectQueued, type Connection } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

const writable = { canWrite: () => true };

describe('connectQueued', () => {
  it('replays frames that arrived while the document loaded, in order', async () => {
    const manager = new DocumentManager({ storage: new MemoryStorage(), timers: new FakeTimers() });
    const a = new TestClient();
    addRow(a.doc, 'typed before the load finished');
    const connection = connectQueued(() => manager.connect('w/room/1', a.transport, writable), a.transport);
    a.attach(connection); // step 1 goes out before the document exists
    await connection.ready;
    pump([a]);
    expect(await manager.withDocument('w/room/1', (doc) => rowsOf(doc))).toEqual(['typed before the load finished']);
    await manager.close();
  });

  it('a socket closed during the load is released once the load finishes', async () => {
    const manager = new DocumentManager({ storage: new MemoryStorage(), timers: new FakeTimers() });
    const a = new TestClient();
    let seenCancelled: boolean | null = null;
    const connection = connectQueued(async (cancelled) => {
      const opened = await manager.connect('w/room/1', a.transport, writable);
      seenCancelled = cancelled();
      return opened;
    }, a.transport);
    connection.close();
    await connection.ready;
    expect(seenCancelled).toBe(true);
    expect(manager.stats().sessions).toBe(0);
    await manager.close();
  });

  it('a failed load closes the socket with 1011 and a reason', async () => {
    const storage = new MemoryStorage();
    vi.spyOn(storage, 'loadDocument').mockRejectedValueOnce(new Error('disk gone'));
    const manager = new DocumentManager({ storage, timers: new FakeTimers(), onError: () => {} });
    const a = new TestClient();
    const connection = connectQueued(() => manager.connect('w/room/1', a.transport, writable), a.transport);
    await expect(connection.ready).rejects.toThrow(/disk gone/);
    expect(a.transport.closed?.code).toBe(1011);
    expect(a.transport.closed?.reason).toMatch(/could not open document/);
  });

  it('an opener that refuses (null) has closed the socket itself; what was queued is dropped', async () => {
    const a = new TestClient();
    const connection = connectQueued(async () => {
      a.transport.close(4401, 'invalid or expired token');
      return null;
    }, a.transport);
    connection.message(new Uint8Array([0, 0, 0]));
    await connection.ready;
    connection.message(new Uint8Array([0, 0, 0]));
    expect(a.transport.closed).toEqual({ code: 4401, reason: 'invalid or expired token' });
  });

  it.each([
    ['frames', { maxFrames: 3 }, () => new Uint8Array(8), 4],
    ['bytes', { maxBytes: 1000 }, () => new Uint8Array(400), 3],
  ] as const)('[SY19] the queue is bounded in %s: past the bound 1008, nothing kept, nothing replayed', async (_what, limits, frame, sent) => {
    let finishOpening!: (c: Connection) => void;
    const delivered: Uint8Array[] = [];
    let closedAfterOpen = 0;
    const a = new TestClient();
    const connection = connectQueued(() => new Promise<Connection>((resolve) => (finishOpening = resolve)), a.transport, limits);
    for (let i = 0; i < sent; i++) connection.message(frame());
    expect(a.transport.closed).toEqual({ code: 1008, reason: 'too much sent before the document opened' });
    finishOpening({ message: (d) => delivered.push(d), close: () => closedAfterOpen++ });
    await connection.ready;
    expect(delivered).toEqual([]);
    expect(closedAfterOpen).toBe(1);
  });
});
