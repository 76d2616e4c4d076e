import { gunzipSync } from 'node:zlib';
import { addParticipant, assign, createWorkshop, type Workshop } from '@roomtable/core';
import { DocumentManager, MemoryFanOutBus, MemoryStorage } from '@roomtable/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SnapshotService } from '../src/SnapshotService';
import { latestSnapshot } from '../src/api/latestSnapshot';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function workshopWithRooms(): Workshop {
  let w = createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Snapshots' });
  for (let i = 0; i < 6; i++) w = addParticipant(w, { id: `p${i}`, name: `Person ${i}`, now: 0 });
  return assign(w, 'seed');
}

function service() {
  const storage = new MemoryStorage();
  const documents = new DocumentManager({ storage, unloadGraceMs: 0 });
  cleanups.push(() => documents.close());
  return { storage, snapshots: new SnapshotService(storage, documents, () => 1_000) };
}

describe('snapshot views are read once per process (a snapshot never changes)', () => {
  it('many readers at the same moment share one storage read; the view is frozen and its JSON is the API body', async () => {
    const { storage, snapshots } = service();
    const w = workshopWithRooms();
    const taken = await snapshots.take(w, 'facilitator');
    const reads = vi.spyOn(storage, 'getSnapshot');
    const views = await Promise.all(Array.from({ length: 50 }, () => snapshots.get(w.id, taken.id)));
    const body = await snapshots.body(w.id, taken.id);
    expect(reads).toHaveBeenCalledTimes(1);
    const view = views[0]!;
    expect(views.every((v) => v === view)).toBe(true);
    expect(view.rooms.map((r) => r.number)).toEqual(w.rooms.map((r) => r.number));
    expect(view.rooms[0]).not.toHaveProperty('state');
    expect(Object.isFrozen(view.rooms[0]!.rows)).toBe(true);
    expect(() => (view.rooms as unknown[]).push({})).toThrow(TypeError);
    expect(JSON.parse(body!.json)).toEqual({ snapshot: JSON.parse(JSON.stringify(view)) });
    // Compressed once, then the same bytes for every reader.
    expect(body!.gzip()).toBe(body!.gzip());
    expect(gunzipSync(body!.gzip()).toString('utf8')).toBe(body!.json);
    // The full read (restore, download) still carries every room's Yjs state.
    expect((await snapshots.getWithState(w.id, taken.id))!.rooms[0]!.state).toMatch(/^[A-Za-z0-9+/=]*$/);
  });

  it('a snapshot that is not there yet is not remembered as missing: another process may store that id next', async () => {
    const { storage, snapshots } = service();
    const w = workshopWithRooms();
    expect(await snapshots.get(w.id, 's_end_later')).toBeNull();
    await snapshots.take(w, 'breakout-ended', { id: 's_end_later' });
    expect((await snapshots.get(w.id, 's_end_later'))?.id).toBe('s_end_later');
    const reads = vi.spyOn(storage, 'getSnapshot');
    snapshots.forget(w.id);
    await snapshots.get(w.id, 's_end_later');
    expect(reads).toHaveBeenCalledTimes(1);
  });
});

describe('the newest snapshot is listed once per process until the next one is stored', () => {
  it('[SN1] a presenter moving the pointer 100 times lists the snapshots once; a new snapshot is the newest at once', async () => {
    const { storage, snapshots } = service();
    const w = workshopWithRooms();
    expect(await latestSnapshot(snapshots, w.id)).toBeNull();
    const first = await snapshots.take(w, 'facilitator');
    const listings = vi.spyOn(storage, 'listSnapshots');
    const moves = await Promise.all(Array.from({ length: 100 }, () => latestSnapshot(snapshots, w.id)));
    expect(moves.every((s) => s?.id === first.id)).toBe(true);
    expect(listings).toHaveBeenCalledTimes(1);
    const second = await snapshots.take(w, 'facilitator');
    for (let i = 0; i < 10; i++) expect((await latestSnapshot(snapshots, w.id))?.id).toBe(second.id);
    expect(listings).toHaveBeenCalledTimes(2);
    // The break-out's end, taken a second time (another process stored it first), still counts.
    await snapshots.take(w, 'breakout-ended', { id: 's_end_once' });
    expect((await latestSnapshot(snapshots, w.id))?.id).toBe('s_end_once');
  });

  it('[SN1] a listing that was under way while a snapshot was stored is not remembered', async () => {
    const { storage, snapshots } = service();
    const w = workshopWithRooms();
    const first = await snapshots.take(w, 'facilitator');
    // The listing answers only after the next snapshot is stored: what it found is already stale.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const list = storage.listSnapshots.bind(storage);
    vi.spyOn(storage, 'listSnapshots').mockImplementationOnce(async (id) => {
      const found = await list(id);
      await gate;
      return found;
    });
    const during = latestSnapshot(snapshots, w.id);
    const second = await snapshots.take(w, 'facilitator');
    release();
    expect((await during)?.id).toBe(first.id);
    expect((await latestSnapshot(snapshots, w.id))?.id).toBe(second.id);
  });

  it('[SN1] a snapshot stored by another process is the newest here once its message arrives', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const processes = [0, 1].map(() => {
      const fanOut = bus.connect();
      const documents = new DocumentManager({ storage, unloadGraceMs: 0, fanOut });
      cleanups.push(() => documents.close());
      return new SnapshotService(storage, documents, () => 1_000, fanOut);
    });
    const [a, b] = processes as [SnapshotService, SnapshotService];
    const w = workshopWithRooms();
    const first = await a.take(w, 'facilitator');
    expect((await latestSnapshot(b, w.id))?.id).toBe(first.id);
    const listings = vi.spyOn(storage, 'listSnapshots');
    const second = await a.take(w, 'facilitator');
    expect((await latestSnapshot(b, w.id))?.id).toBe(second.id);
    expect((await latestSnapshot(b, w.id))?.id).toBe(second.id);
    expect(listings).toHaveBeenCalledTimes(1);
  });
});
