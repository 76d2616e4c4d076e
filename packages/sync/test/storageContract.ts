import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../src/index';

/** What a storage implementation provides to the contract suite. */
export interface StorageHarness {
  storage: Storage;
  /** Closes the storage and opens it again over the same data, if the implementation persists. */
  reopen?: () => Promise<Storage>;
  cleanup?: () => Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

/** The behaviour every Storage must have (STYLE §2); run it once per implementation. */
export function registerStorageContractTests(name: string, factory: () => Promise<StorageHarness>): void {
  describe(`Storage contract: ${name}`, () => {
    let harness: StorageHarness;
    let storage: Storage;

    beforeEach(async () => {
      harness = await factory();
      storage = harness.storage;
    });

    afterEach(async () => {
      await storage.close().catch(() => undefined);
      await harness.cleanup?.();
    });

    it('[ST1] an unknown document loads empty with lastSeq 0', async () => {
      expect(await storage.loadDocument('w/room/1')).toEqual({ updates: [], lastSeq: 0 });
      expect(await storage.countUpdates('w/room/1')).toBe(0);
    });

    it('[ST1] appended updates load back in order, per document, with the highest seq', async () => {
      const first = await storage.appendUpdates([
        { name: 'w/room/1', update: bytes(1) },
        { name: 'w/room/2', update: bytes(2) },
        { name: 'w/room/1', update: bytes(3) },
      ]);
      const second = await storage.appendUpdates([{ name: 'w/room/1', update: bytes(4, 5) }]);
      expect([...first.keys()].sort()).toEqual(['w/room/1', 'w/room/2']);
      expect(first.get('w/room/1')!).toBeGreaterThan(first.get('w/room/2')!);
      expect(second.get('w/room/1')!).toBeGreaterThan(first.get('w/room/1')!);
      const doc = await storage.loadDocument('w/room/1');
      expect(doc.updates).toEqual([bytes(1), bytes(3), bytes(4, 5)]);
      expect(doc.lastSeq).toBe(second.get('w/room/1'));
      expect(await storage.loadDocument('w/room/2')).toEqual({ updates: [bytes(2)], lastSeq: first.get('w/room/2') });
      expect(await storage.countUpdates('w/room/1')).toBe(3);
    });

    it('[ST1] an empty batch writes nothing', async () => {
      expect((await storage.appendUpdates([])).size).toBe(0);
      expect(await storage.listDocuments('')).toEqual([]);
    });

    it('[ST1] stored bytes are a copy: later mutation of the input changes nothing', async () => {
      const update = bytes(1, 2, 3);
      await storage.appendUpdates([{ name: 'd', update }]);
      update[0] = 99;
      expect((await storage.loadDocument('d')).updates).toEqual([bytes(1, 2, 3)]);
    });

    it('[ST1] subarray views are stored as exactly their bytes', async () => {
      const big = bytes(9, 9, 1, 2, 9);
      await storage.appendUpdates([{ name: 'd', update: big.subarray(2, 4) }]);
      expect((await storage.loadDocument('d')).updates).toEqual([bytes(1, 2)]);
    });

    it('[ST2] compaction replaces exactly the rows through throughSeq', async () => {
      await storage.appendUpdates([
        { name: 'd', update: bytes(1) },
        { name: 'd', update: bytes(2) },
        { name: 'other', update: bytes(7) },
      ]);
      const { lastSeq } = await storage.loadDocument('d');
      const later = await storage.appendUpdates([{ name: 'd', update: bytes(3) }]);
      await storage.compactDocument('d', bytes(1, 2), lastSeq);
      const doc = await storage.loadDocument('d');
      expect(doc.updates).toHaveLength(2);
      expect(doc.updates).toContainEqual(bytes(1, 2));
      expect(doc.updates).toContainEqual(bytes(3));
      expect(doc.lastSeq).toBeGreaterThan(later.get('d')!);
      expect(await storage.countUpdates('d')).toBe(2);
      expect((await storage.loadDocument('other')).updates).toEqual([bytes(7)]);
    });

    it('[ST2] seq keeps growing after compaction', async () => {
      await storage.appendUpdates([{ name: 'd', update: bytes(1) }]);
      const { lastSeq } = await storage.loadDocument('d');
      await storage.compactDocument('d', bytes(1), lastSeq);
      const compacted = (await storage.loadDocument('d')).lastSeq;
      const next = await storage.appendUpdates([{ name: 'd', update: bytes(2) }]);
      expect(next.get('d')!).toBeGreaterThan(compacted);
    });

    it('[ST2] documents are listed and deleted by prefix, literally (no wildcards)', async () => {
      await storage.appendUpdates([
        { name: 'a_1/room/1', update: bytes(1) },
        { name: 'a_1/plenary', update: bytes(1) },
        { name: 'ab1/room/1', update: bytes(1) },
        { name: 'a%1/state', update: bytes(1) },
      ]);
      expect(await storage.listDocuments('a_1/')).toEqual(['a_1/plenary', 'a_1/room/1']);
      expect(await storage.listDocuments('a%')).toEqual(['a%1/state']);
      expect(await storage.listDocuments('')).toHaveLength(4);
      await storage.deleteDocuments('a_1/');
      expect(await storage.listDocuments('')).toEqual(['a%1/state', 'ab1/room/1']);
    });

    it('[ST3] workshops: insert, update with the right version, conflict otherwise', async () => {
      expect(await storage.getWorkshop('w1')).toBeNull();
      expect(await storage.saveWorkshop('w1', '{"v":1}', null)).toBe(1);
      expect(await storage.saveWorkshop('w1', '{"v":"dup"}', null)).toBeNull();
      expect(await storage.saveWorkshop('w1', '{"v":2}', 1)).toBe(2);
      expect(await storage.saveWorkshop('w1', '{"v":"stale"}', 1)).toBeNull();
      expect(await storage.saveWorkshop('missing', '{}', 1)).toBeNull();
      expect(await storage.getWorkshop('w1')).toEqual({ data: '{"v":2}', version: 2 });
      expect(await storage.getWorkshop('missing')).toBeNull();
      await storage.saveWorkshop('w0', '{}', null);
      expect(await storage.listWorkshops()).toEqual([
        { id: 'w0', data: '{}', version: 1 },
        { id: 'w1', data: '{"v":2}', version: 2 },
      ]);
    });

    it('[ST3] concurrent saves with the same expected version: exactly one wins', async () => {
      await storage.saveWorkshop('w', 'base', null);
      const results = await Promise.all([storage.saveWorkshop('w', 'a', 1), storage.saveWorkshop('w', 'b', 1)]);
      expect(results.filter((r) => r === 2)).toHaveLength(1);
      expect(results.filter((r) => r === null)).toHaveLength(1);
    });

    it('[ST4] snapshots are immutable, per workshop, oldest first', async () => {
      await storage.addSnapshot({ id: 's2', workshopId: 'w', takenAt: 2000, reason: 'manual', data: '{"b":1}' });
      await storage.addSnapshot({ id: 's1', workshopId: 'w', takenAt: 1000, reason: 'breakout-end', data: '{"a":1}' });
      await storage.addSnapshot({ id: 's3', workshopId: 'w', takenAt: 2000, reason: 'manual', data: '{}' });
      await storage.addSnapshot({ id: 'x1', workshopId: 'other', takenAt: 500, reason: 'manual', data: '{}' });
      await expect(storage.addSnapshot({ id: 's1', workshopId: 'w', takenAt: 3000, reason: 'again', data: '{}' })).rejects.toThrow(
        /already exists/,
      );
      expect(await storage.listSnapshots('w')).toEqual([
        { id: 's1', takenAt: 1000, reason: 'breakout-end' },
        { id: 's2', takenAt: 2000, reason: 'manual' },
        { id: 's3', takenAt: 2000, reason: 'manual' },
      ]);
      expect(await storage.getSnapshot('w', 's1')).toEqual({ id: 's1', takenAt: 1000, reason: 'breakout-end', data: '{"a":1}' });
      expect(await storage.getSnapshot('other', 's1')).toBeNull();
      expect(await storage.getSnapshot('w', 'nope')).toBeNull();
    });

    it('[ST5] deleting a workshop removes its record, snapshots and documents, nothing else', async () => {
      await storage.saveWorkshop('w', '{}', null);
      await storage.saveWorkshop('w2', '{}', null);
      await storage.addSnapshot({ id: 's', workshopId: 'w', takenAt: 1, reason: 'r', data: '{}' });
      await storage.addSnapshot({ id: 's2', workshopId: 'w2', takenAt: 1, reason: 'r', data: '{}' });
      await storage.appendUpdates([
        { name: 'w/room/1', update: bytes(1) },
        { name: 'w/state', update: bytes(1) },
        { name: 'w2/room/1', update: bytes(1) },
      ]);
      await storage.deleteWorkshop('w');
      expect(await storage.getWorkshop('w')).toBeNull();
      expect(await storage.listSnapshots('w')).toEqual([]);
      expect(await storage.listDocuments('')).toEqual(['w2/room/1']);
      expect(await storage.getWorkshop('w2')).not.toBeNull();
      expect(await storage.listSnapshots('w2')).toHaveLength(1);
    });

    it('meta: the first created value wins and create is not called again', async () => {
      expect(await storage.getOrCreateMeta('secret', () => 'abc')).toBe('abc');
      let called = false;
      expect(
        await storage.getOrCreateMeta('secret', () => {
          called = true;
          return 'other';
        }),
      ).toBe('abc');
      expect(called).toBe(false);
    });

    it('[ST6] bad arguments reject clearly and write nothing', async () => {
      await expect(storage.appendUpdates([{ name: 'd', update: bytes(1) }, { name: '', update: bytes(1) }])).rejects.toThrow(/name/);
      await expect(storage.appendUpdates([{ name: 'd', update: 'x' as unknown as Uint8Array }])).rejects.toThrow(/update/);
      expect(await storage.countUpdates('d')).toBe(0);
      await expect(storage.loadDocument('')).rejects.toThrow(/name/);
      await expect(storage.compactDocument('d', bytes(1), -1)).rejects.toThrow(/throughSeq/);
      await expect(storage.saveWorkshop('w', 42 as unknown as string, null)).rejects.toThrow(/data/);
      await expect(storage.addSnapshot({ id: 's', workshopId: 'w', takenAt: Number.NaN, reason: '', data: '' })).rejects.toThrow(/takenAt/);
      expect(await storage.listWorkshops()).toEqual([]);
      expect(await storage.listSnapshots('w')).toEqual([]);
    });

    it('operations after close reject', async () => {
      await storage.close();
      await expect(storage.loadDocument('d')).rejects.toThrow();
      await expect(storage.appendUpdates([{ name: 'd', update: bytes(1) }])).rejects.toThrow();
    });

    it('[ST1] everything survives closing and reopening', async (context) => {
      if (!harness.reopen) {
        context.skip();
        return;
      }
      await storage.appendUpdates([{ name: 'w/room/1', update: bytes(1, 2) }]);
      await storage.saveWorkshop('w', '{"t":1}', null);
      await storage.addSnapshot({ id: 's', workshopId: 'w', takenAt: 5, reason: 'r', data: '{}' });
      await storage.getOrCreateMeta('secret', () => 'k');
      storage = await harness.reopen();
      expect((await storage.loadDocument('w/room/1')).updates).toEqual([bytes(1, 2)]);
      expect(await storage.getWorkshop('w')).toEqual({ data: '{"t":1}', version: 1 });
      expect(await storage.listSnapshots('w')).toEqual([{ id: 's', takenAt: 5, reason: 'r' }]);
      expect(await storage.getOrCreateMeta('secret', () => 'new')).toBe('k');
    });
  });
}
