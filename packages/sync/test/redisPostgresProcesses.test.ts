import { afterEach, describe, expect, it } from 'vitest';
import { DocumentManager, type SessionOptions } from '../src/index';
import { PostgresStorage } from '../src/PostgresStorage';
import { RedisConnections } from '../src/RedisConnections';
import { RedisFanOut } from '../src/RedisFanOut';
import { FakeTimers } from './helpers/FakeTimers';
import { TEST_DATABASE_URL, TEST_REDIS_URL, dropSchema, uniqueName } from './helpers/services';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

const writable: SessionOptions = { canWrite: () => true };
const DOC = 'w1/room/1';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One simulated server process: its own pool, its own Redis connections, its own manager. */
async function serverProcess(schema: string, prefix: string) {
  const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema });
  const connections = await RedisConnections.open(TEST_REDIS_URL);
  const fanOut = new RedisFanOut(connections, { prefix });
  const manager = new DocumentManager({ storage, fanOut, timers: new FakeTimers() });
  cleanups.push(async () => {
    await manager.close().catch(() => undefined);
    await fanOut.close();
    await connections.close();
    await storage.close();
  });
  return { storage, fanOut, manager };
}

async function connectClient(manager: DocumentManager, client = new TestClient()) {
  client.newTransport();
  client.attach(await manager.connect(DOC, client.transport, writable));
  return client;
}

/** Delivers frames as they arrive until `done()` holds; fails after `ms` as a safety net. */
function pumpUntil(clients: TestClient[], done: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const originals = clients.map((c) => c.transport.onSend);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      clients.forEach((c, i) => (c.transport.onSend = originals[i]!));
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      pump(clients);
      if (done()) finish();
    };
    const timer = setTimeout(() => finish(new Error('clients never converged')), ms);
    clients.forEach((c, i) => {
      c.transport.onSend = (data) => {
        originals[i]!(data);
        queueMicrotask(check);
      };
    });
    check();
  });
}

describe('several processes on PostgreSQL and Redis', () => {
  it('[MP1] clients on two processes converge, and everything is stored once', async () => {
    const schema = uniqueName('pg');
    const prefix = uniqueName('fan');
    cleanups.push(() => dropSchema(schema));
    const one = await serverProcess(schema, prefix);
    const two = await serverProcess(schema, prefix);
    const a = await connectClient(one.manager);
    const b = await connectClient(two.manager);
    await Promise.all([one.fanOut.whenSubscribed(DOC), two.fanOut.whenSubscribed(DOC)]);
    pump([a, b]);

    for (let i = 0; i < 5; i++) addRow(a.doc, `a${i}`);
    for (let i = 0; i < 5; i++) addRow(b.doc, `b${i}`);
    await pumpUntil([a, b], () => rowsOf(a.doc).length === 10 && rowsOf(b.doc).length === 10);
    expect(rowsOf(a.doc)).toEqual(rowsOf(b.doc));

    await Promise.all([one.manager.flush(), two.manager.flush()]);
    // Each process stored what its own clients wrote; remote updates are not stored again.
    expect(await one.storage.countUpdates(DOC)).toBe(10);

    // A third process loading from storage alone sees all of it.
    const three = await serverProcess(schema, prefix);
    const c = await connectClient(three.manager);
    pump([c]);
    expect([...rowsOf(c.doc)].sort()).toEqual([...rowsOf(a.doc)].sort());
  });
});
