import { createWorkshop, setPhase, type Workshop } from '@roomtable/core';
import { DocumentManager, MemoryFanOutBus, MemoryStorage } from '@roomtable/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { fanOutWorkshopChanges } from '../src/scale/WorkshopChanges';
import { breakoutEndSnapshotId, SnapshotService } from '../src/SnapshotService';
import { WorkshopService } from '../src/WorkshopService';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One simulated server process over shared storage and an in-memory stand-in for Redis. */
function serverProcess(storage: MemoryStorage, bus: MemoryFanOutBus) {
  const fanOut = bus.connect();
  const documents = new DocumentManager({ storage, fanOut, unloadGraceMs: 0 });
  const changes = fanOutWorkshopChanges(fanOut, (error) => {
    throw error;
  });
  const workshops = new WorkshopService(storage, documents, () => 1_000, changes);
  const snapshots = new SnapshotService(storage, documents, () => 1_000);
  cleanups.push(async () => {
    workshops.stop();
    await documents.close();
  });
  return { workshops, snapshots };
}

function newWorkshop(): Workshop {
  return createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Scale-out' });
}

describe('workshops across server processes', () => {
  it('[MP7] a change stored by one process is in every other process’s cache as soon as it is published', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const a = serverProcess(storage, bus);
    const b = serverProcess(storage, bus);
    await Promise.all([a.workshops.start(), b.workshops.start()]);
    await a.workshops.create(() => newWorkshop());
    expect(b.workshops.peek('w1')?.phase).toBe('lobby');
    await a.workshops.mutate('w1', (w, now) => setPhase(w, 'closed', now));
    // peek is synchronous: the permission check of the next incoming update already sees it.
    expect(b.workshops.peek('w1')?.phase).toBe('closed');
    // A deletion reaches the others too.
    a.workshops.forget('w1');
    expect(b.workshops.peek('w1')).toBeNull();
  });

  it('[MP7] the break-out’s end is snapshotted once, however many processes take it', async () => {
    const storage = new MemoryStorage();
    const bus = new MemoryFanOutBus();
    const a = serverProcess(storage, bus);
    const b = serverProcess(storage, bus);
    const breakout = { ...newWorkshop(), phase: 'breakout' as const, clock: { phase: 'breakout' as const, startedAt: 500, durationMs: null, pausedAt: null, pausedMs: 0 } };
    const ended = { ...breakout, phase: 'reporting' as const };
    const id = breakoutEndSnapshotId(breakout);
    const [one, two] = await Promise.all([
      a.snapshots.take(ended, 'breakout-ended', { id }),
      b.snapshots.take(ended, 'breakout-ended', { id }),
    ]);
    expect(one.id).toBe(id);
    expect(two.id).toBe(id);
    expect(await storage.listSnapshots('w1')).toHaveLength(1);
    // A later break-out of the same workshop is another moment, with another id.
    expect(breakoutEndSnapshotId({ ...breakout, clock: { ...breakout.clock, startedAt: 900 } })).not.toBe(id);
  });
});
