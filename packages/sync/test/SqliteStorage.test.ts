import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SQLITE_FILE_NAME, SqliteStorage } from '../src/index';
import { registerStorageContractTests } from './storageContract';

// The same contract in a worker thread (the default) and on the calling thread.
for (const worker of [true, false]) {
  registerStorageContractTests(`SqliteStorage (${worker ? 'worker thread' : 'same thread'})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomtable-sqlite-'));
    const harness = {
      storage: await SqliteStorage.open(dir, { worker }),
      reopen: async () => {
        await harness.storage.close();
        harness.storage = await SqliteStorage.open(dir, { worker });
        return harness.storage;
      },
      cleanup: async () => {
        await harness.storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return harness;
  });
}

describe('SqliteStorage', () => {
  it('creates the data directory and its file', async () => {
    const base = mkdtempSync(join(tmpdir(), 'roomtable-sqlite-'));
    const dir = join(base, 'nested', 'data');
    const storage = await SqliteStorage.open(dir);
    await storage.appendUpdates([{ name: 'd', update: new Uint8Array([1]) }]);
    expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true);
    await storage.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('[ST7] compactWithState replaces every row by one holding them and the live state, garbage-collected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomtable-sqlite-'));
    const storage = await SqliteStorage.open(dir);
    const live = new Y.Doc();
    const updates: Uint8Array[] = [];
    live.on('update', (u: Uint8Array) => updates.push(u));
    // The live state's churn: a large value replaced again and again, as the state document does.
    for (let i = 0; i < 50; i++) live.getMap('state').set('participants', Array.from({ length: 200 }, (_, k) => `person ${k} v${i}`));
    await storage.appendUpdates(updates.map((update) => ({ name: 'w/state', update })));
    // A row this process never saw (another process wrote it) must survive the compaction.
    const other = new Y.Doc();
    other.getMap('other').set('from', 'another process');
    await storage.appendUpdates([{ name: 'w/state', update: Y.encodeStateAsUpdate(other) }]);
    const rawBytes = updates.reduce((n, u) => n + u.byteLength, 0);

    const size = await storage.compactWithState('w/state', Y.encodeStateAsUpdate(live));
    expect(await storage.countUpdates('w/state')).toBe(1);
    expect(size).toBeLessThan(rawBytes / 20);
    const back = new Y.Doc();
    for (const u of (await storage.loadDocument('w/state')).updates) Y.applyUpdate(back, u);
    expect((back.getMap('state').get('participants') as string[])[199]).toBe('person 199 v49');
    expect(back.getMap('other').get('from')).toBe('another process');
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
