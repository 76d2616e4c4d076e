import { roomDocName } from '@roomtable/core';
import { PostgresStorage } from '@roomtable/sync/postgres';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { freshTarget, startClusterProcess, TEST_DATABASE_URL } from '../helpers/cluster';
import { postgresCrashBackend, sqliteCrashBackend, type ClosableCrashBackend } from '../helpers/crashBackends';
import { runCrashRounds } from '../helpers/crashRounds';
import { startPausableProxy } from '../helpers/pausableProxy';
import { connectSaveCheckClient } from '../helpers/saveCheckClient';
import { seedFromEnv } from '../helpers/seededRandom';
import { startServerProcess } from '../helpers/serverProcess';
import { addMarker, markersIn } from '../helpers/tableMarkers';

// A few kills each here; `npm run bench:crash` runs 50 per backend and prints the figures.
const RUNS = Number(process.env.CRASH_RUNS ?? 5);
const PG_RUNS = Number(process.env.CRASH_RUNS ?? 4);

async function crashLoop(backend: ClosableCrashBackend, rounds: number, clientsPerProcess: number) {
  onTestFinished(() => backend.close());
  const figures = await runCrashRounds(backend, { rounds, seed: seedFromEnv(20260509), clientsPerProcess, log: (line) => console.log(line) });
  console.log(`[crash ${backend.name}] ${figures.kills} kills: acknowledged ${figures.acknowledged}, lost ${figures.lost}`);
  expect(figures.examples, 'acknowledged but missing').toEqual([]);
  expect(figures).toMatchObject({ lost: 0, lostServed: 0, lostAtEnd: 0, integrityFailures: 0 });
  expect(figures.acknowledged).toBeGreaterThan(0);
}

describe('saved means saved: SIGKILL during heavy editing', () => {
  it(`[DM7] SQLite: every acknowledged update is in the file after each of ${RUNS} kills at random moments, and the file stays intact`, async () => {
    await crashLoop(sqliteCrashBackend(startServerProcess), RUNS, 2);
  }, 60_000 + RUNS * 8_000);

  it(`[MP8] [MP13] PostgreSQL + Redis, editors on two processes: every acknowledged update is readable from storage right after each of ${PG_RUNS} kills`, async () => {
    await crashLoop(await postgresCrashBackend(startServerProcess, 2), PG_RUNS, 3);
  }, 60_000 + PG_RUNS * 10_000);

  it('[MP13] two crashes: an edit acknowledged by B that depends on one A forwarded but never stored survives A and B dying', async () => {
    const target = freshTarget();
    // A reaches PostgreSQL through a proxy the test can stop: from then on A accepts and
    // forwards edits but none of its writes reaches the database (it dies before committing).
    const database = new URL(TEST_DATABASE_URL);
    const proxy = await startPausableProxy(database.hostname, Number(database.port || 5432));
    database.hostname = '127.0.0.1';
    database.port = String(proxy.port);
    const a = await startClusterProcess(target, { DATABASE_URL: database.toString() });
    const b = await startClusterProcess(target);
    const w = await createWorkshopWith(a.url, ['Ana', 'Bo'], { rooms: 1 });
    for (const [route, body] of [
      ['assignment', { seed: 's' }],
      ['phase', { phase: 'breakout' }],
    ] as const) {
      expect((await api(a.url, 'POST', `/workshops/${w.workshopId}/${route}`, body, w.facilitatorToken)).status).toBe(200);
    }
    const docName = roomDocName(w.workshopId, 1);
    const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema: target.schema, maxConnections: 1 });
    onTestFinished(() => storage.close());
    const readStored = async () => {
      const doc = new Y.Doc();
      for (const update of (await storage.loadDocument(docName)).updates) Y.applyUpdate(doc, update);
      return markersIn(doc);
    };

    const ana = connectSaveCheckClient(a.wsUrl, docName, w.participants[0]!.token);
    const bo = connectSaveCheckClient(b.wsUrl, docName, w.participants[1]!.token);
    onTestFinished(() => [ana, bo].forEach((c) => c.close()));
    await Promise.all([ana.synced, bo.synced]);
    // Everything A had to store so far is stored (a save check of an empty change answers once A's writes are done).
    expect(await ana.saveCheck()).toBe(true);
    proxy.hold();
    addMarker(ana.doc, 'Ana, forwarded by A');
    await vi.waitFor(() => expect(markersIn(bo.doc)).toEqual(['Ana, forwarded by A']), 5000);
    await a.kill('SIGKILL');
    expect(await readStored(), "A died before storing Ana's row").toEqual([]);

    // Typed after Ana's row, so it depends on it; B acknowledges it, then dies too.
    addMarker(bo.doc, 'Bo, acknowledged by B');
    expect(await bo.saveCheck()).toBe(true);
    await b.kill('SIGKILL');
    expect(await readStored()).toEqual(['Ana, forwarded by A', 'Bo, acknowledged by B']);
  });
});
