import { describe, expect, it, vi } from 'vitest';
import { DocumentManager, MemoryStorage, connectQueued } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

describe('connectQueued', () => {
  it('replays frames that arrived while the document loaded, in order', async () => {
    const manager = new DocumentManager({ storage: new MemoryStorage(), timers: new FakeTimers() });
    const a = new TestClient();
    addRow(a.doc, 'typed before the load finished');
    const connection = connectQueued(manager, 'w/room/1', a.transport, { canWrite: () => true });
    a.attach(connection); // step 1 goes out before the document exists
    await connection.ready;
    pump([a]);
    expect(await manager.withDocument('w/room/1', (doc) => rowsOf(doc))).toEqual(['typed before the load finished']);
    await manager.close();
  });

  it('a socket closed during the load is released once the load finishes', async () => {
    const manager = new DocumentManager({ storage: new MemoryStorage(), timers: new FakeTimers() });
    const a = new TestClient();
    const connection = connectQueued(manager, 'w/room/1', a.transport, { canWrite: () => true });
    connection.close();
    await connection.ready;
    expect(manager.stats().sessions).toBe(0);
    await manager.close();
  });

  it('a failed load closes the socket with 1011 and a reason', async () => {
    const storage = new MemoryStorage();
    vi.spyOn(storage, 'loadDocument').mockRejectedValueOnce(new Error('disk gone'));
    const manager = new DocumentManager({ storage, timers: new FakeTimers(), onError: () => {} });
    const a = new TestClient();
    const connection = connectQueued(manager, 'w/room/1', a.transport, { canWrite: () => true });
    await expect(connection.ready).rejects.toThrow(/disk gone/);
    expect(a.transport.closed?.code).toBe(1011);
    expect(a.transport.closed?.reason).toMatch(/could not open document/);
  });
});
