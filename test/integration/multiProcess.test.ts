import { roomDocName, stateDocName } from '@roomtable/core';
import { PostgresStorage } from '@roomtable/sync/postgres';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { freshTarget, startCluster, startClusterProcess, startOwnRedis, TEST_DATABASE_URL } from '../helpers/cluster';
import { connectClient, roundTrip, waitForSync } from '../helpers/providers';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { addMarker, markersIn } from '../helpers/tableMarkers';

// Several real server processes (apps/server/src/main.ts under tsx) on the machine's PostgreSQL
// and Redis, with stock y-websocket clients on different processes. Rule ids: packages/sync/SPEC.md.

function markers(doc: Y.Doc): string[] {
  return markersIn(doc);
}

function phaseOf(doc: Y.Doc): string | undefined {
  return (doc.getMap<{ phase?: string }>('state').get('workshop') as { phase?: string } | undefined)?.phase;
}

/** A workshop with one room and everybody in it, in its break-out, made through the given processes' APIs. */
async function breakoutWorkshop(create: ServerProcess, assign: ServerProcess, start: ServerProcess, names: string[]) {
  const w = await createWorkshopWith(create.url, names, { rooms: 1 });
  expect((await api(assign.url, 'POST', `/workshops/${w.workshopId}/assignment`, { seed: 's' }, w.facilitatorToken)).status).toBe(200);
  expect((await api(start.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken)).status).toBe(200);
  return { ...w, room: roomDocName(w.workshopId, 1), state: stateDocName(w.workshopId) };
}

/** Pushes markers with a save check after each small burst; a marker counts once its check was answered. */
function editWithSaveChecks(client: SaveCheckClient, label: string) {
  const acknowledged = new Set<string>();
  let stopped = false;
  let i = 0;
  const running = (async () => {
    while (!stopped && client.ws.readyState === client.ws.OPEN) {
      const burst = [`${label}-${i++}`, `${label}-${i++}`];
      for (const marker of burst) addMarker(client.doc, marker);
      // One check in flight at a time: the loop is paced by the server's durable writes, not a timer.
      if (await client.saveCheck()) for (const marker of burst) acknowledged.add(marker);
    }
  })();
  return {
    acknowledged,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

describe('several server processes on PostgreSQL and Redis', () => {
  it('[MP7] three processes: room edits, awareness, the live state and permissions follow across processes', async () => {
    const target = freshTarget();
    const [a, b, c] = (await startCluster(target, 3)) as [ServerProcess, ServerProcess, ServerProcess];
    // HTTP through any process: created on A, assigned on B, started on C.
    const w = await breakoutWorkshop(a, b, c, ['Ana', 'Bo', 'Cy']);
    const [ana, bo, cy] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0], (typeof w.participants)[0]];

    const onA = connectClient(a.wsUrl, w.room, ana.token);
    const onB = connectClient(b.wsUrl, w.room, bo.token);
    const onC = connectClient(c.wsUrl, w.room, cy.token);
    const stateOnB = connectClient(b.wsUrl, w.state, bo.token);
    await Promise.all([onA, onB, onC, stateOnB].map((client) => waitForSync(client.provider)));
    expect(phaseOf(stateOnB.doc)).toBe('breakout');

    addMarker(onA.doc, 'from A');
    addMarker(onB.doc, 'from B');
    addMarker(onC.doc, 'from C');
    for (const client of [onA, onB, onC]) {
      await vi.waitFor(() => expect([...markers(client.doc)].sort()).toEqual(['from A', 'from B', 'from C']), 5000);
    }
    expect(markers(onB.doc)).toEqual(markers(onA.doc));
    expect(markers(onC.doc)).toEqual(markers(onA.doc));

    // Awareness (carets, names) crosses processes too, and so does its removal.
    onA.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    // Shown as her token says (SY17): her participant id, her name, her role.
    await vi.waitFor(() => expect(onC.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({ user: { id: ana.id, name: 'Ana', role: 'participant' } }), 5000);

    // A write through B is accepted while the break-out runs (the control for the refusal below).
    const writerOnB = connectSaveCheckClient(b.wsUrl, w.room, bo.token);
    onTestFinished(() => writerOnB.close());
    await writerOnB.synced;
    addMarker(writerOnB.doc, 'B while open');
    expect(await writerOnB.saveCheck()).toBe(true);
    await vi.waitFor(() => expect(markers(onA.doc)).toContain('B while open'), 5000);

    // The facilitator ends the break-out through A: B's clients see it, and B's permission check follows.
    expect((await api(a.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    await vi.waitFor(() => expect(phaseOf(stateOnB.doc)).toBe('reporting'), 5000);
    addMarker(writerOnB.doc, 'B after the end');
    // Answered only after B handled the change (SY8: in order on one connection): it was refused.
    expect(await writerOnB.saveCheck()).toBe(true);
    const reader = connectClient(c.wsUrl, w.room, w.facilitatorToken);
    await waitForSync(reader.provider);
    expect(markers(reader.doc)).toContain('B while open');
    expect(markers(reader.doc)).not.toContain('B after the end');
    expect(markers(onA.doc)).not.toContain('B after the end');

    // GET through B agrees at once, and the break-out's end was snapshotted exactly once.
    expect((await api(b.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).body.workshop.phase).toBe('reporting');
    await vi.waitFor(async () => {
      const list = await api(c.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken);
      expect(list.status).toBe(200);
      const ended = (list.body.snapshots as Array<{ reason: string }>).filter((s) => s.reason === 'breakout-ended');
      expect(ended).toHaveLength(1);
    }, 5000);
  });

  it('[MP8] SIGKILL of a process mid-edit: its clients move to another, converge, and nothing acknowledged is lost', async () => {
    const target = freshTarget();
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await breakoutWorkshop(a, b, a, ['Ana', 'Bo']);
    const [ana, bo] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];

    const anaStock = connectClient(a.wsUrl, w.room, ana.token);
    const boStock = connectClient(b.wsUrl, w.room, bo.token);
    await Promise.all([waitForSync(anaStock.provider), waitForSync(boStock.provider)]);
    const heavy = connectSaveCheckClient(a.wsUrl, w.room, ana.token);
    onTestFinished(() => heavy.close());
    await heavy.synced;
    const editor = editWithSaveChecks(heavy, 'heavy');
    addMarker(anaStock.doc, 'Ana before the kill');

    // Kill A in the middle of a stream of acknowledged edits.
    await vi.waitFor(() => expect(editor.acknowledged.size).toBeGreaterThanOrEqual(30), 15_000);
    await vi.waitFor(() => expect(markers(boStock.doc)).toContain('Ana before the kill'), 5000);
    // Ana's stock client is pointed at B before it notices; y-websocket reconnects to `serverUrl`.
    anaStock.provider.serverUrl = b.wsUrl;
    expect((await a.kill('SIGKILL')).signal).toBe('SIGKILL');
    await editor.stop();
    const acknowledged = [...editor.acknowledged];

    // Edits Ana makes while she is cut off travel once she is connected to B.
    addMarker(anaStock.doc, 'Ana while moving');
    await vi.waitFor(() => {
      expect(anaStock.provider.wsconnected).toBe(true);
      expect(markers(boStock.doc)).toContain('Ana while moving');
    }, 10_000);
    addMarker(boStock.doc, 'Bo after the kill');
    await vi.waitFor(() => expect(markers(anaStock.doc)).toContain('Bo after the kill'), 5000);
    await vi.waitFor(() => expect(markers(anaStock.doc)).toEqual(markers(boStock.doc)), 5000);

    // Every acknowledged edit is in PostgreSQL (stored before it was acknowledged), and served by B.
    const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema: target.schema, maxConnections: 1 });
    onTestFinished(() => storage.close());
    const stored = new Y.Doc();
    for (const update of (await storage.loadDocument(w.room)).updates) Y.applyUpdate(stored, update);
    const onDisk = new Set(markers(stored));
    expect(acknowledged.filter((m) => !onDisk.has(m))).toEqual([]);
    const served = new Set(markers(boStock.doc));
    expect(acknowledged.filter((m) => !served.has(m))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(30);
  });

  it('[MP2] [SY16] an abrupt drop on one process removes the person on the others at once, though their clients echoed the state', async () => {
    const target = freshTarget();
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await breakoutWorkshop(a, a, a, ['Ana', 'Bo', 'Cy']);
    const [ana, bo, cy] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0], (typeof w.participants)[0]];
    const onA = connectClient(a.wsUrl, w.room, ana.token);
    const boOnA = connectClient(a.wsUrl, w.room, bo.token);
    const cyOnB = connectClient(b.wsUrl, w.room, cy.token);
    await Promise.all([onA, boOnA, cyOnB].map((client) => waitForSync(client.provider)));
    onA.provider.awareness.setLocalState({ user: { name: 'Ana' }, cursor: { anchor: 1 } });
    const shown = { user: { id: ana.id, name: 'Ana', role: 'participant' }, cursor: { anchor: 1 } };
    await vi.waitFor(() => [boOnA, cyOnB].forEach((c) => expect(c.provider.awareness.getStates().get(onA.doc.clientID)).toEqual(shown)), 5000);
    // Their stock clients re-sent Ana's state to their processes; those frames are handled by now.
    await Promise.all([boOnA, cyOnB].map((c) => roundTrip(c.provider)));

    onA.provider.shouldConnect = false;
    (onA.provider.ws as unknown as WebSocket).terminate();
    await vi.waitFor(() => [boOnA, cyOnB].forEach((c) => expect(c.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false)), 5000);
  });

  it('[MP11] who is online: a person connected to one process shows in the progress another process answers, and leaves it', async () => {
    const target = freshTarget();
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await createWorkshopWith(a.url, ['Ana', 'Bo'], { rooms: 1 });
    const [ana, bo] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];
    const lobbyOnline = async (server: ServerProcess) =>
      ((await api(server.url, 'GET', `/workshops/${w.workshopId}/progress`, undefined, w.facilitatorToken)).body.lobbyOnline as string[]).sort();

    const anaOnA = connectClient(a.wsUrl, stateDocName(w.workshopId), ana.token);
    const boOnB = connectClient(b.wsUrl, stateDocName(w.workshopId), bo.token);
    await Promise.all([anaOnA, boOnB].map((client) => waitForSync(client.provider)));
    const both = [ana.id, bo.id].sort();
    await vi.waitFor(async () => expect(await lobbyOnline(a)).toEqual(both), 5000);
    await vi.waitFor(async () => expect(await lobbyOnline(b)).toEqual(both), 5000);

    anaOnA.provider.destroy();
    await vi.waitFor(async () => expect(await lobbyOnline(b)).toEqual([bo.id]), 5000);
    expect(await lobbyOnline(a)).toEqual([bo.id]);

    // A process that stops takes its people out of the others' view at once.
    await b.kill('SIGTERM');
    await vi.waitFor(async () => expect(await lobbyOnline(a)).toEqual([]), 5000);
    boOnB.provider.destroy();
  });

  it('[MP12] rate limits are counted across processes: a token flooding two processes gets one allowance, not two', async () => {
    const target = freshTarget();
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await breakoutWorkshop(a, b, a, ['Ana', 'Bo']);
    expect((await api(a.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    const [ana, bo] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];
    const ask = (server: ServerProcess, token: string, i: number) =>
      api(server.url, 'POST', `/workshops/${w.workshopId}/questions`, { room: 1, text: `Question ${i}?` }, token);
    // Questions: a burst of 5 per token, then one every 5 s. Ten, alternating between the
    // processes: counted per process all ten would pass (5 on each).
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await ask(i % 2 === 0 ? a : b, ana.token, i)).status);
    const passed = statuses.filter((s) => s !== 429).length;
    expect(passed).toBeGreaterThanOrEqual(5);
    expect(passed).toBeLessThanOrEqual(6); // one more only if 5 s went by
    // Another token has its own allowance, on either process.
    expect((await ask(b, bo.token, 100)).status).toBe(201);
  });

  it('[MP10] an unreachable database or Redis at start: a clear message naming it, and exit code 1', async () => {
    const failed = await startServerProcess({ env: { DATABASE_URL: 'postgres://roomtable:hunter2@127.0.0.1:1/none' } }).then(
      () => new Error('the server started'),
      (error: Error) => error,
    );
    expect(failed.message).toMatch(/code 1,[\s\S]*Roomtable could not start: could not open PostgreSQL storage at 127\.0\.0\.1:1\/none/);
    expect(failed.message).not.toMatch(/hunter2/);
    const target = freshTarget('redis://127.0.0.1:1');
    await expect(startClusterProcess(target)).rejects.toThrow(/code 1,[\s\S]*could not connect to Redis at 127\.0\.0\.1:1/);
  });

  it('[MP9] Redis restarting mid-edit: processes reconnect and resync, no edit is lost, the state catches up', async () => {
    // A redis-server of this test's own: restarting the shared one would disturb other tests.
    const redis = await startOwnRedis();
    const target = freshTarget(redis.url);
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await breakoutWorkshop(a, b, a, ['Ana', 'Bo']);
    const [ana, bo] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];

    const onA = connectClient(a.wsUrl, w.room, ana.token);
    const onB = connectClient(b.wsUrl, w.room, bo.token);
    const stateOnB = connectClient(b.wsUrl, w.state, bo.token);
    await Promise.all([onA, onB, stateOnB].map((client) => waitForSync(client.provider)));
    addMarker(onA.doc, 'A before');
    await vi.waitFor(() => expect(markers(onB.doc)).toContain('A before'), 5000);

    await redis.kill();
    // While Redis is down each process keeps serving its own clients and storing their edits.
    addMarker(onA.doc, 'A during the outage');
    addMarker(onB.doc, 'B during the outage');
    // And an API call through A still works (PostgreSQL decides); B hears of it only later.
    expect((await api(a.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    await redis.start();

    const all = ['A before', 'A during the outage', 'B during the outage'];
    await vi.waitFor(() => {
      expect([...markers(onA.doc)].sort()).toEqual(all);
      expect([...markers(onB.doc)].sort()).toEqual(all);
    }, 15_000);
    await vi.waitFor(() => expect(phaseOf(stateOnB.doc)).toBe('reporting'), 15_000);
    // After the resync B's permission check follows the record A changed during the outage:
    // the save check is answered once B handled the change, and an accepted one would be stored by then.
    const writerOnB = connectSaveCheckClient(b.wsUrl, w.room, bo.token);
    onTestFinished(() => writerOnB.close());
    await writerOnB.synced;
    addMarker(writerOnB.doc, 'B after the end');
    expect(await writerOnB.saveCheck()).toBe(true);
    const storage = await PostgresStorage.open(TEST_DATABASE_URL, { schema: target.schema, maxConnections: 1 });
    onTestFinished(() => storage.close());
    const stored = new Y.Doc();
    for (const update of (await storage.loadDocument(w.room)).updates) Y.applyUpdate(stored, update);
    expect([...markers(stored)].sort()).toEqual(all);

    // And live changes flow between the processes again.
    expect((await api(a.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'closed' }, w.facilitatorToken)).status).toBe(200);
    await vi.waitFor(() => expect(phaseOf(stateOnB.doc)).toBe('closed'), 5000);
  });
});
