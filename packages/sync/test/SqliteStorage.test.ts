import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
