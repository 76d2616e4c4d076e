import { seededRandom } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentManager, MemoryStorage, type SessionOptions } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, pump } from './helpers/TestClient';

const DOC = 'fuzz/room/1';
const writable: SessionOptions = { canWrite: () => true };

/** Random table edits, partial deliveries and disconnects from one seed; every peer must converge. */
async function runSeed(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const storage = new MemoryStorage();
  const manager = new DocumentManager({ storage, timers: new FakeTimers(), compactThreshold: 15 });
  const clients = Array.from({ length: 5 }, () => new TestClient());
  const connect = async (c: TestClient) => {
    c.newTransport();
    c.attach(await manager.connect(DOC, c.transport, writable));
  };
  for (const c of clients) await connect(c);

  for (let step = 0; step < 120; step++) {
    const c = clients[pick(clients.length)]!;
    const rows = c.doc.getArray<Y.Map<string>>('rows');
    switch (pick(6)) {
      case 0: {
        const row = new Y.Map<string>();
        row.set('suggestion', `s${seed}-${step}`);
        rows.insert(pick(rows.length + 1), [row]);
        break;
      }
      case 1:
        if (rows.length > 0) rows.get(pick(rows.length)).set(['impact', 'effort'][pick(2)]!, ['H', 'M', 'L'][pick(3)]!);
        break;
      case 2:
        if (rows.length > 0) rows.delete(pick(rows.length), 1);
        break;
      case 3:
        c.deliver(1 + pick(3));
        break;
      case 4:
        if (c.connection) c.disconnect();
        else await connect(c);
        break;
      case 5:
        // Let the flush run mid-stream, so storage sees interleaved batches and compactions.
        await manager.flush();
        break;
    }
  }
  for (const c of clients) if (!c.connection) await connect(c);
  pump(clients);

  const expected = clients[0]!.doc.getArray('rows').toJSON();
  for (const c of clients) expect(c.doc.getArray('rows').toJSON()).toEqual(expected);
  await manager.close();

  // What is on disk is what everybody saw.
  const restored = new Y.Doc();
  for (const update of (await storage.loadDocument(DOC)).updates) Y.applyUpdate(restored, update);
  expect(restored.getArray('rows').toJSON()).toEqual(expected);
  for (const c of clients) c.destroy();
}

describe('[SY2] seeded convergence fuzz', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 42, 1337]) {
    it(`seed ${seed}: five peers with random edits, deliveries and reconnects converge and persist`, async () => {
      await runSeed(seed);
    });
  }
});
