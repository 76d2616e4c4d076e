import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DocumentManager, LocalLease, MemoryFanOutBus, MemoryStorage, type FanOut, type Storage } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { DOC, connectClient, newManager } from './helpers/newManager';
import { addRow, pump, rowsOf } from './helpers/TestClient';

/** A fan-out whose reconnect the test triggers, recording what is published. */
function reconnectingFanOut(inner: FanOut) {
  const listeners = new Set<(names: string[]) => void>();
  const fanOut: FanOut = {
    publish: (name, update) => inner.publish(name, update),
    publishAwareness: (name, update) => inner.publishAwareness?.(name, update),
    subscribe: (name, handler) => inner.subscribe(name, handler),
    onReconnect: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { fanOut, reconnect: (names: string[]) => listeners.forEach((l) => l(names)), listeners };
}

describe('DocumentManager across processes', () => {
  it('[MP2] awareness of a session on one process reaches sessions of another, and its removal too', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const one = newManager({ storage, fanOut: bus.connect() });
    const two = newManager({ storage, fanOut: bus.connect() });
    const a = await connectClient(one.manager);
    const b = await connectClient(two.manager);
    pump([a, b]);
    a.awareness.setLocalState({ name: 'Ada' });
    pump([a, b]);
    expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'Ada' });
    a.disconnect();
    pump([b]);
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false);
  });

  it('[MP3] remote awareness is not published again (no echo between processes)', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const fanOutTwo = bus.connect();
    const publishAwareness = vi.spyOn(fanOutTwo, 'publishAwareness');
    const one = newManager({ storage, fanOut: bus.connect() });
    const two = newManager({ storage, fanOut: fanOutTwo });
    const a = await connectClient(one.manager);
    await connectClient(two.manager);
    a.awareness.setLocalState({ name: 'Ada' });
    pump([a]);
    expect(publishAwareness).not.toHaveBeenCalled();
  });

  it('[MP4] after the fan-out reconnects, a live document re-reads storage and gets what it missed', async () => {
    const storage = new MemoryStorage();
    const { fanOut, reconnect } = reconnectingFanOut(bus0());
    const one = newManager({ storage, fanOut });
    const a = await connectClient(one.manager);
    pump([a]);
    // Another process stored an update whose publication never arrived (Redis was down).
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(a.doc));
    addRow(other, 'written elsewhere during the outage');
    await storage.appendUpdates([{ name: DOC, update: Y.encodeStateAsUpdate(other, Y.encodeStateVector(a.doc)) }]);
    reconnect([DOC]);
    await vi.waitFor(() => {
      pump([a]);
      expect(rowsOf(a.doc)).toEqual(['written elsewhere during the outage']);
    });
    // Read back from storage, so it is not stored a second time.
    await one.manager.flush();
    expect(await storage.countUpdates(DOC)).toBe(1);
  });

  it('[MP5] compaction runs under the lease: while another holds it, this process skips', async () => {
    const storage = new MemoryStorage();
    const lease = new LocalLease();
    const { manager } = newManager({ storage, lease, compactThreshold: 2 });
    const a = await connectClient(manager);
    let release!: () => void;
    const held = lease.run(`compact:${DOC}`, () => new Promise<void>((resolve) => (release = resolve)));
    for (let i = 0; i < 4; i++) {
      addRow(a.doc, `row ${i}`);
      await manager.flush();
    }
    expect(await storage.countUpdates(DOC)).toBe(4);
    release();
    await held;
    addRow(a.doc, 'row 4');
    await manager.flush();
    await vi.waitFor(async () => expect(await storage.countUpdates(DOC)).toBe(1));
  });

  it('[MP6] unloading stores what reached this process only through fan-out', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const fanOutOne = bus.connect();
    const one = newManager({ storage, fanOut: fanOutOne });
    const a = await connectClient(one.manager);
    pump([a]);
    // A process that died before storing: its update arrived here, nowhere else.
    const ghost = bus.connect();
    const doc = new Y.Doc();
    addRow(doc, 'only in memory here');
    ghost.publish(DOC, Y.encodeStateAsUpdate(doc));
    pump([a]);
    expect(rowsOf(a.doc)).toEqual(['only in memory here']);
    await one.manager.close();
    const stored = await storage.loadDocument(DOC);
    const back = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(back, update);
    expect(rowsOf(back)).toEqual(['only in memory here']);
  });

  it('[MP13] an acknowledged update that depends on one another process forwarded and never stored is readable from storage alone', async () => {
    const { storage, ana: a, other: b } = await oneProcessDying();
    // Ana's row reaches Bo through process one, which dies before it commits it.
    addRow(a.doc, 'Ana, forwarded, never stored by its process');
    pump([a, b]);
    expect(rowsOf(b.doc)).toEqual(['Ana, forwarded, never stored by its process']);
    // Bo's row comes after Ana's: in Yjs terms it depends on it.
    addRow(b.doc, 'Bo, acknowledged');
    await b.saveCheck(1);
    // Process two dies too, right after the acknowledgement: storage is all there is.
    expect(rowsOf(await readStored(storage))).toEqual(['Ana, forwarded, never stored by its process', 'Bo, acknowledged']);
  });

  it('[MP13] a save check after re-sending what this process holds only from fan-out is answered once that is stored', async () => {
    const { storage, two, ana: a, other: watcher } = await oneProcessDying();
    addRow(a.doc, 'Ana, unsaved when her process died');
    pump([a, watcher]);
    // Ana reconnects to process two (it already holds her row, through fan-out) and asks whether it is saved.
    a.disconnect();
    await connectClient(two, DOC, undefined, a);
    pump([a, watcher]);
    await a.saveCheck(1);
    expect(rowsOf(await readStored(storage))).toEqual(['Ana, unsaved when her process died']);
  });
});

/**
 * A process that accepts and forwards updates but dies before committing any: its storage
 * takes every write and never finishes it. Never closed (a dead process says nothing).
 */
function dyingProcess(storage: Storage, fanOut: FanOut) {
  const never = () => new Promise<never>(() => undefined);
  const neverCommits = new Proxy(storage, {
    get: (target, key) => {
      if (key === 'appendUpdates' || key === 'compactDocument') return never;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new DocumentManager({ storage: neverCommits, fanOut, timers: new FakeTimers(), onError: () => undefined });
}

/** Ana on a process that dies before committing anything, `other` on a healthy one, synced. */
async function oneProcessDying() {
  const storage = new MemoryStorage();
  const bus = new MemoryFanOutBus();
  const dying = dyingProcess(storage, bus.connect());
  const two = newManager({ storage, fanOut: bus.connect() });
  const ana = await connectClient(dying);
  const other = await connectClient(two.manager);
  pump([ana, other]);
  return { storage, two: two.manager, ana, other };
}

/** The document as storage alone holds it: what a process that starts now would serve. */
async function readStored(storage: Storage): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await storage.loadDocument(DOC)).updates) Y.applyUpdate(doc, update);
  return doc;
}

function bus0(): FanOut {
  return new MemoryFanOutBus().connect();
}
