import { createWorkshop } from '@roomtable/core';
import { DocumentManager, MemoryStorage } from '@roomtable/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkshopChanges } from '../src/scale/WorkshopChanges';
import { WorkshopService } from '../src/WorkshopService';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fan-out of workshop changes that loses every message, as Redis does while it is away. */
const losing: WorkshopChanges = { publish: () => undefined, subscribe: () => () => undefined, onReconnect: () => () => undefined };

function serverProcess(storage: MemoryStorage, changes: WorkshopChanges | null) {
  const documents = new DocumentManager({ storage, unloadGraceMs: 0 });
  const workshops = new WorkshopService(storage, documents, () => 1_000, changes);
  cleanups.push(async () => {
    workshops.stop();
    await documents.close();
  });
  return workshops;
}

describe('[ED3] the index of join codes', () => {
  it('a workshop another process stored, whose message was lost, is still found by its code; guesses list storage at most once per interval', async () => {
    const storage = new MemoryStorage();
    const a = serverProcess(storage, losing);
    const b = serverProcess(storage, losing);
    await Promise.all([a.start(), b.start()]);
    const listings = vi.spyOn(storage, 'listWorkshops');
    await a.create(() => createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Elsewhere' }));
    expect((await b.findByJoinCode('abc def'))?.id).toBe('w1');
    expect(listings).toHaveBeenCalledTimes(1);
    // A thousand wrong guesses right after: answered from the index, no further listing.
    for (let i = 0; i < 1000; i++) expect(await b.findByJoinCode(`ZZZ${String(i).padStart(3, '0')}`)).toBeNull();
    expect(listings).toHaveBeenCalledTimes(1);
  });

  it('a process alone never lists storage for a code: everything it has is in the index', async () => {
    const storage = new MemoryStorage();
    const alone = serverProcess(storage, null);
    await alone.start();
    await alone.create(() => createWorkshop({ id: 'w1', joinCode: 'ABCDEF', now: 0, title: 'Here' }));
    const listings = vi.spyOn(storage, 'listWorkshops');
    expect((await alone.findByJoinCode('ABCDEF'))?.id).toBe('w1');
    expect(await alone.findByJoinCode('ZZZZZZ')).toBeNull();
    expect(listings).not.toHaveBeenCalled();
  });
});
