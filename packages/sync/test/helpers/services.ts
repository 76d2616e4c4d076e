import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests use (CI and dev machines run one locally). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The Redis the tests use. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A name no other test run uses, for a schema or a key prefix. */
export function uniqueName(kind: string): string {
  return `rt_${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Resolves once `predicate()` holds, re-checking on every update of `doc`; rejects after `ms` as a safety net. */
export function whenDoc(doc: import('yjs').Doc, predicate: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      doc.off('update', check);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error('document never reached the expected state'));
    }, ms);
    doc.on('update', check);
    check();
  });
}

/** A promise and the function that settles it, for waiting on one callback. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
