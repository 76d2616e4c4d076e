import { afterEach } from 'vitest';
import { DocumentManager, MemoryStorage, type DocumentManagerOptions, type SessionOptions, type Storage } from '../../src/index';
import { FakeTimers } from './FakeTimers';
import { TestClient } from './TestClient';

/** The room document the manager tests use unless they name another. */
export const DOC = 'w1/room/1';

/** A session that may write. */
export const writable: SessionOptions = { canWrite: () => true };

const cleanups: Array<() => Promise<void> | void> = [];

// One list for managers and whatever a test adds, undone in reverse: a manager closes before its storage.
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `cleanup` after the current test, before anything registered earlier. */
export function deferCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** A DocumentManager on fake timers (memory storage unless given), collecting its errors; closed after the test. */
export function newManager(options: Partial<DocumentManagerOptions> & { storage?: Storage } = {}) {
  const storage = options.storage ?? new MemoryStorage();
  const timers = new FakeTimers();
  const errors: Array<[unknown, string]> = [];
  const manager = new DocumentManager({ timers, onError: (e, c) => errors.push([e, c]), ...options, storage });
  deferCleanup(() => manager.close().catch(() => undefined));
  return { manager, storage, timers, errors };
}

/** Connects a test client (a fresh one unless given) to document `name` of `manager`. */
export async function connectClient(manager: DocumentManager, name = DOC, options: SessionOptions = writable, client = new TestClient()) {
  client.newTransport();
  client.attach(await manager.connect(name, client.transport, options));
  return client;
}
