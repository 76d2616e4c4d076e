import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  CloseCode,
  DocumentManager,
  MemoryFanOutBus,
  MemoryStorage,
  SqliteStorage,
  type SessionOptions,
} from '../src/index';
import { DOC, connectClient, deferCleanup, newManager, writable } from './helpers/newManager';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

/** Gate storage writes, so a test can look at the world before the disk has answered. */
function gatedAppend(storage: MemoryStorage) {
  const original = storage.appendUpdates.bind(storage);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  storage.appendUpdates = async (batch) => {
    await gate;
    return original(batch);
  };
  return open;
}

describe('DocumentManager', () => {
  it('[DM1] loads a document once when many connect at the same moment', async () => {
    const { manager, storage } = newManager();
    const load = vi.spyOn(storage, 'loadDocument');
    const clients = await Promise.all(Array.from({ length: 10 }, () => connectClient(manager)));
    expect(load).toHaveBeenCalledTimes(1);
    expect(manager.stats()).toEqual({ documents: 1, sessions: 10 });
    addRow(clients[0]!.doc, 'hello');
    pump(clients);
    for (const c of clients) expect(rowsOf(c.doc)).toEqual(['hello']);
  });

  it('[DM1] a failed load rejects clearly and the next connect tries again', async () => {
    const { manager, storage } = newManager();
    await storage.appendUpdates([{ name: DOC, update: Y.encodeStateAsUpdate(seeded('kept')) }]);
    const load = vi.spyOn(storage, 'loadDocument').mockRejectedValueOnce(new Error('disk on fire'));
    await expect(manager.connect(DOC, new TestClient().transport, writable)).rejects.toThrow(/could not load document "w1\/room\/1": disk on fire/);
    expect(manager.isLoaded(DOC)).toBe(false);
    const client = await connectClient(manager);
    pump([client]);
    expect(rowsOf(client.doc)).toEqual(['kept']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('[DM2] unloads after the grace period; a reconnect within it cancels the unload', async () => {
    const { manager, storage, timers } = newManager({ unloadGraceMs: 5000 });
    const load = vi.spyOn(storage, 'loadDocument');
    const a = await connectClient(manager);
    addRow(a.doc, 'x');
    a.disconnect();
    timers.advance(4000);
    const b = await connectClient(manager);
    timers.advance(10_000);
    expect(manager.isLoaded(DOC)).toBe(true);
    expect(load).toHaveBeenCalledTimes(1);

    b.disconnect();
    timers.advance(4999);
    expect(manager.isLoaded(DOC)).toBe(true);
    timers.advance(1);
    await vi.waitFor(() => expect(manager.isLoaded(DOC)).toBe(false));
    expect(manager.stats()).toEqual({ documents: 0, sessions: 0 });

    const loadsBefore = load.mock.calls.length;
    const c = await connectClient(manager);
    pump([c]);
    expect(rowsOf(c.doc)).toEqual(['x']);
    expect(load.mock.calls.length).toBe(loadsBefore + 1);
  });

  it('[DM2] a session the server closed (malformed frame) still releases the document', async () => {
    const { manager, timers } = newManager({ unloadGraceMs: 100 });
    const a = await connectClient(manager);
    a.connection!.message(new Uint8Array([0xff]));
    expect(a.transport.closed?.code).toBe(CloseCode.Malformed);
    expect(manager.stats().sessions).toBe(0);
    timers.advance(100);
    await vi.waitFor(() => expect(manager.isLoaded(DOC)).toBe(false));
  });

  it('[DM3] updates accepted in one event-loop turn reach storage in one append', async () => {
    const storage = new MemoryStorage();
    const { manager } = newManager({ storage });
    const a = await connectClient(manager);
    const b = await connectClient(manager, 'w1/room/2');
    await manager.flush();
    const callsBefore = storage.appendCalls;
    for (let i = 0; i < 20; i++) addRow(a.doc, `a${i}`);
    addRow(b.doc, 'b');
    await a.saveCheck(1);
    expect(storage.appendCalls).toBe(callsBefore + 1);
    expect(await storage.countUpdates(DOC)).toBe(20);
    expect(await storage.countUpdates('w1/room/2')).toBe(1);
  });

  it('[DM10] [SY8] through the manager, a 200 ms flush window on the injected timers: nothing stored or acknowledged before it ends, one append when it does', async () => {
    const storage = new MemoryStorage();
    const { manager, timers } = newManager({ storage, flushDelayMs: 200 });
    const a = await connectClient(manager);
    await manager.flush();
    const callsBefore = storage.appendCalls;
    addRow(a.doc, 'first');
    let answered = false;
    const ack = a.saveCheck(7).then(() => (answered = true));
    timers.advance(150);
    addRow(a.doc, 'second, in the same window');
    // Real turns of the event loop pass too: only the injected clock may end the window.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    timers.advance(49);
    await Promise.resolve();
    expect(storage.appendCalls).toBe(callsBefore);
    expect(await storage.countUpdates(DOC)).toBe(0);
    expect(answered).toBe(false);
    timers.advance(1);
    await ack;
    expect(storage.appendCalls).toBe(callsBefore + 1);
    expect(await storage.countUpdates(DOC)).toBe(2);
    expect(rowsOf(fromStorage(await storage.loadDocument(DOC)))).toEqual(['first', 'second, in the same window']);
  });

  it('[SY8] a save check is answered only after the flush that covers it', async () => {
    const storage = new MemoryStorage();
    const open = gatedAppend(storage);
    const { manager } = newManager({ storage });
    const a = await connectClient(manager);
    const reader = await connectClient(manager, DOC, { canWrite: () => false });
    addRow(a.doc, 'important');
    let answered = false;
    const ack = a.saveCheck(42).then(() => (answered = true));
    const readerAck = reader.saveCheck(43);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.resolve();
    expect(answered).toBe(false);
    expect(await storage.countUpdates(DOC)).toBe(0);
    open();
    await Promise.all([ack, readerAck]);
    const stored = await storage.loadDocument(DOC);
    const doc = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    expect(rowsOf(doc)).toEqual(['important']);
    expect(a.saveAcks).toEqual([42]);
  });

  it('[SY3] read-only changes are not stored', async () => {
    const { manager, storage } = newManager();
    const reader = await connectClient(manager, DOC, { canWrite: () => false });
    addRow(reader.doc, 'nope');
    await reader.saveCheck(1);
    await manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(0);
  });

  it('[DM4] compacts past the threshold: fewer rows, same content', async () => {
    const storage = new MemoryStorage();
    const { manager } = newManager({ storage, compactThreshold: 10 });
    const a = await connectClient(manager);
    for (let i = 0; i < 9; i++) {
      addRow(a.doc, `r${i}`);
      await manager.flush();
    }
    expect(await storage.countUpdates(DOC)).toBe(9);
    addRow(a.doc, 'r9');
    addRow(a.doc, 'r10');
    await manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(1);
    expect(rowsOf(fromStorage(await storage.loadDocument(DOC)))).toEqual(rowsOf(a.doc));
    expect(rowsOf(a.doc)).toHaveLength(11);
  });

  it('[DM4] compacts on unload, and a crash mid-way would have lost nothing (one transaction)', async () => {
    const storage = new MemoryStorage();
    const { manager, timers } = newManager({ storage, unloadGraceMs: 10 });
    const a = await connectClient(manager);
    for (let i = 0; i < 5; i++) addRow(a.doc, `r${i}`);
    a.doc.getArray('rows').delete(0, 2);
    await manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(6);
    const compact = vi.spyOn(storage, 'compactDocument');
    a.disconnect();
    timers.advance(10);
    await vi.waitFor(() => expect(manager.isLoaded(DOC)).toBe(false));
    expect(compact).toHaveBeenCalledTimes(1);
    expect(await storage.countUpdates(DOC)).toBe(1);
    expect(rowsOf(fromStorage(await storage.loadDocument(DOC)))).toEqual(rowsOf(a.doc));
  });

  it('[DM4] a failing compaction leaves every row in place', async () => {
    const storage = new MemoryStorage();
    const { manager, errors } = newManager({ storage, compactThreshold: 2 });
    vi.spyOn(storage, 'compactDocument').mockRejectedValue(new Error('no space'));
    const a = await connectClient(manager);
    for (let i = 0; i < 4; i++) addRow(a.doc, `r${i}`);
    await manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(4);
    expect(rowsOf(fromStorage(await storage.loadDocument(DOC)))).toEqual(rowsOf(a.doc));
    expect(errors.some(([, context]) => context.includes('compacting'))).toBe(true);
  });

  it('[DM5] a document survives a restart (new manager, same storage)', async () => {
    const storage = new MemoryStorage();
    const first = newManager({ storage });
    const a = await connectClient(first.manager);
    addRow(a.doc, 'before restart');
    await first.manager.close();
    expect(a.transport.closed).toEqual({ code: CloseCode.Restarting, reason: 'server restarting' });
    const second = newManager({ storage });
    const b = await connectClient(second.manager);
    pump([b]);
    expect(rowsOf(b.doc)).toEqual(['before restart']);
  });

  it('[DM5] a document survives a restart on the same SQLite file', async () => {
    const dir = mkdtempSync(joinPath(tmpdir(), 'roomtable-manager-'));
    deferCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const storage1 = await SqliteStorage.open(dir);
    const first = newManager({ storage: storage1, compactThreshold: 3 });
    const a = await connectClient(first.manager);
    for (let i = 0; i < 6; i++) addRow(a.doc, `row ${i}`);
    await a.saveCheck(1);
    await first.manager.close();
    await storage1.close();

    const storage2 = await SqliteStorage.open(dir);
    deferCleanup(() => storage2.close());
    expect(await storage2.countUpdates(DOC)).toBe(1);
    const second = newManager({ storage: storage2 });
    const b = await connectClient(second.manager);
    pump([b]);
    expect(rowsOf(b.doc)).toEqual(rowsOf(a.doc));
    expect(rowsOf(b.doc)).toHaveLength(6);
  });

  it('[DM6] fan-out: remote updates reach local sessions, are not re-persisted nor re-published', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const fanOutA = bus.connect();
    const fanOutB = bus.connect();
    const publishB = vi.spyOn(fanOutB, 'publish');
    const one = newManager({ storage, fanOut: fanOutA });
    const two = newManager({ storage, fanOut: fanOutB });
    const a = await connectClient(one.manager);
    const b = await connectClient(two.manager);
    pump([a, b]);
    addRow(a.doc, 'via process one');
    pump([a, b]);
    expect(rowsOf(b.doc)).toEqual(['via process one']);
    await one.manager.flush();
    await two.manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(1);
    expect(publishB).not.toHaveBeenCalled();
  });

  it('[DM7] a failed write is retried and loses nothing; the save check waits for it', async () => {
    const storage = new MemoryStorage();
    const { manager, timers, errors } = newManager({ storage, retryMs: 1000 });
    const append = vi.spyOn(storage, 'appendUpdates').mockRejectedValueOnce(new Error('database is locked'));
    const a = await connectClient(manager);
    addRow(a.doc, 'precious');
    await expect(manager.flush()).rejects.toThrow(/locked/);
    expect(errors[0]?.[1]).toMatch(/will retry/);
    const ack = a.saveCheck(5);
    timers.advance(1000);
    await ack;
    expect(append).toHaveBeenCalledTimes(2);
    expect(rowsOf(fromStorage(await storage.loadDocument(DOC)))).toEqual(['precious']);
  });

  it('[DM8] close() closes sessions with 1012, flushes, compacts and unloads everything', async () => {
    const storage = new MemoryStorage();
    const { manager } = newManager({ storage });
    const a = await connectClient(manager, 'w/room/1');
    const b = await connectClient(manager, 'w/room/2');
    for (let i = 0; i < 3; i++) addRow(a.doc, `a${i}`);
    addRow(b.doc, 'b');
    await manager.close();
    expect(a.transport.closed?.code).toBe(1012);
    expect(b.transport.closed?.code).toBe(1012);
    expect(manager.stats()).toEqual({ documents: 0, sessions: 0 });
    expect(await storage.countUpdates('w/room/1')).toBe(1);
    expect(rowsOf(fromStorage(await storage.loadDocument('w/room/1')))).toHaveLength(3);
    await expect(manager.connect('w/room/1', new TestClient().transport, writable)).rejects.toThrow(/closed/);
  });

  it('[DM9] server-side edits reach sessions and storage; an invalid update is refused whole', async () => {
    const { manager, storage } = newManager();
    const a = await connectClient(manager, 'w/state');
    pump([a]);
    await manager.withDocument('w/state', (doc) => doc.getMap('state').set('phase', 'breakout'));
    await manager.applyUpdate('w/state', Y.encodeStateAsUpdate(seeded('from api')));
    pump([a]);
    expect(a.doc.getMap('state').get('phase')).toBe('breakout');
    expect(rowsOf(a.doc)).toEqual(['from api']);
    const before = await manager.withDocument('w/state', (doc) => Y.encodeStateAsUpdate(doc));
    const good = Y.encodeStateAsUpdate(seeded('never'));
    await expect(manager.applyUpdate('w/state', good.slice(0, good.length - 3))).rejects.toThrow(/bad update/);
    expect(await manager.withDocument('w/state', (doc) => Y.encodeStateAsUpdate(doc))).toEqual(before);
    await manager.flush();
    const stored = fromStorage(await storage.loadDocument('w/state'));
    expect(stored.getMap('state').get('phase')).toBe('breakout');
    expect(rowsOf(stored)).toEqual(['from api']);
  });

  it('[DM9] withDocument keeps the document loaded while it runs and releases it after', async () => {
    const { manager, timers } = newManager({ unloadGraceMs: 50 });
    await expect(manager.withDocument(DOC, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(manager.isLoaded(DOC)).toBe(true);
    timers.advance(50);
    await vi.waitFor(() => expect(manager.isLoaded(DOC)).toBe(false));
  });

  it('rejects bad arguments clearly', async () => {
    const { manager } = newManager();
    await expect(manager.connect('', new TestClient().transport, writable)).rejects.toThrow(/non-empty/);
    await expect(manager.connect(DOC, new TestClient().transport, {} as SessionOptions)).rejects.toThrow(/canWrite/);
    expect(() => new DocumentManager({ storage: new MemoryStorage(), unloadGraceMs: -1 })).toThrow(/unloadGraceMs/);
  });
});

function seeded(text: string): Y.Doc {
  const doc = new Y.Doc();
  addRow(doc, text);
  return doc;
}

function fromStorage(stored: { updates: Uint8Array[] }): Y.Doc {
  const doc = new Y.Doc();
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}
