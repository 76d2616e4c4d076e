import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresStorage } from '../src/PostgresStorage';
import { TEST_DATABASE_URL, dropSchema, uniqueName } from './helpers/services';
import { registerStorageContractTests, type StorageHarness } from './storageContract';

registerStorageContractTests('PostgresStorage', async () => {
  const schema = uniqueName('pg');
  const harness: StorageHarness = {
    storage: await PostgresStorage.open(TEST_DATABASE_URL, { schema }),
    reopen: async () => {
      await harness.storage.close();
      harness.storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema });
      return harness.storage;
    },
    cleanup: async () => {
      await harness.storage.close();
      await dropSchema(schema);
    },
  };
  return harness;
});

describe('PostgresStorage', () => {
  const opened: PostgresStorage[] = [];
  const schemas: string[] = [];
  const open = async (schema = uniqueName('pg')) => {
    if (!schemas.includes(schema)) schemas.push(schema);
    const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema });
    opened.push(storage);
    return storage;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await Promise.all(schemas.splice(0).map((s) => dropSchema(s)));
  });

  it('[PG1] an unreachable database rejects at start, naming the host but not the password', async () => {
    const error = await PostgresStorage.open('postgres://alice:s3cret-pw@127.0.0.1:1/nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/127\.0\.0\.1:1\/nowhere/);
    expect(message).not.toMatch(/s3cret-pw/);
  });

  it('[PG2] several processes starting at once on a new schema all migrate cleanly, and again later', async () => {
    const schema = uniqueName('pg');
    const storages = await Promise.all([open(schema), open(schema), open(schema)]);
    await storages[0]!.appendUpdates([{ name: 'd', update: new Uint8Array([1]) }]);
    const again = await open(schema);
    expect((await again.loadDocument('d')).updates).toEqual([new Uint8Array([1])]);
  });

  it('[PG3] getOrCreateMeta from two processes at once agrees on one value', async () => {
    const schema = uniqueName('pg');
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    const values = await Promise.all([a.getOrCreateMeta('secret', () => 'from-a'), b.getOrCreateMeta('secret', () => 'from-b')]);
    expect(values[0]).toBe(values[1]);
  });

  it('[PG4] many concurrent saves with one expected version: exactly one wins', async () => {
    const schema = uniqueName('pg');
    const [a, b] = await Promise.all([open(schema), open(schema)]);
    await a.saveWorkshop('w', 'v1', null);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).saveWorkshop('w', `v${i}`, 1)));
    expect(results.filter((r) => r === 2)).toHaveLength(1);
    expect((await a.getWorkshop('w'))?.version).toBe(2);
  });

  it('[PG5] compaction racing concurrent appends from other processes never loses a row', async () => {
    const schema = uniqueName('pg');
    const writers = await Promise.all([open(schema), open(schema), open(schema)]);
    const compactor = await open(schema);
    const name = 'w/room/1';
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 120; i++) source.getArray<number>('a').push([i]);

    // Three processes append while a fourth keeps compacting what it loaded.
    let next = 0;
    const writing = Promise.all(
      writers.map(async (w) => {
        while (next < updates.length) {
          const u = updates[next++]!;
          await w.appendUpdates([{ name, update: u }]);
        }
      }),
    );
    let compactions = 0;
    let done = false;
    void writing.then(() => (done = true));
    while (!done || compactions === 0) {
      const stored = await compactor.loadDocument(name);
      if (stored.updates.length > 1) {
        await compactor.compactDocument(name, Y.mergeUpdates(stored.updates), stored.lastSeq);
        compactions++;
      } else if (done) break;
    }
    await writing;
    const result = new Y.Doc();
    for (const u of (await compactor.loadDocument(name)).updates) Y.applyUpdate(result, u);
    expect(result.getArray<number>('a').length).toBe(120);
    expect(compactions).toBeGreaterThan(0);
  });
});
