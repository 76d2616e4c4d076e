import { boardDocName, moveCluster, readBoard } from '@roomtable/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, eventually, waitForClose, waitForSync } from '../helpers/providers';
import { connectSaveCheckClient } from '../helpers/saveCheckClient';
import { startTestServer } from '../helpers/testServer';

describe('the plenary board document', () => {
  it('[BD1][BD2][BD7] ending the break-out builds the board from its snapshot; the facilitator moves a cluster and a participant sees it; a participant cannot', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen'], { rooms: 3, suggestions: ['Clarify the scope', 'Publish minutes'] });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    // Seeded rooms: every room holds the same two suggestions (and empty rows, which make no card).
    const ana = w.participants[0]!.token;
    const before = connectClient(server.wsUrl, boardDocName(w.workshopId), ana);
    await waitForSync(before.provider);
    expect(readBoard(before.doc)).toBeNull();
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await eventually(() => expect(readBoard(before.doc)).not.toBeNull());
    const board = readBoard(before.doc)!;
    const snapshots = (await api(server.url, 'GET', `${base}/snapshots`, undefined, f)).body.snapshots;
    expect(board.snapshotId).toBe(snapshots[0].id);
    expect(board.cards.map((c) => `${c.room}:${c.text}`)).toEqual([
      '1:Clarify the scope',
      '1:Publish minutes',
      '2:Clarify the scope',
      '2:Publish minutes',
      '3:Clarify the scope',
      '3:Publish minutes',
    ]);
    // The same suggestion of three rooms is one stack.
    expect(board.clusters.map((c) => c.cardIds.length)).toEqual([3, 3]);

    const facilitator = connectClient(server.wsUrl, boardDocName(w.workshopId), f);
    await waitForSync(facilitator.provider);
    const id = board.clusters[0]!.id;
    moveCluster(facilitator.doc, id, { x: 1234, y: 56 });
    await eventually(() => expect(readBoard(before.doc)!.positions[id]).toEqual({ x: 1234, y: 56 }));

    // A participant who is not a note-taker only reads: its move is not taken. The save check is
    // answered once the server has handled everything sent before it.
    const reader = connectSaveCheckClient(server.wsUrl, boardDocName(w.workshopId), w.participants[2]!.token);
    await reader.synced;
    moveCluster(reader.doc, id, { x: 1, y: 1 });
    expect(await reader.saveCheck()).toBe(true);
    reader.close();
    const again = connectClient(server.wsUrl, boardDocName(w.workshopId), w.participants[1]!.token);
    await waitForSync(again.provider);
    expect(readBoard(again.doc)!.positions[id]).toEqual({ x: 1234, y: 56 });

    // Reopening the rooms and ending again rebuilds from the new snapshot, and the moved stack stays put.
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    await eventually(() => expect(readBoard(again.doc)!.snapshotId).not.toBe(board.snapshotId));
    expect(readBoard(again.doc)!.positions[id]).toEqual({ x: 1234, y: 56 });

    // Snapshots keep the board with the rooms.
    const taken = await api(server.url, 'POST', `${base}/snapshots`, {}, f);
    expect(taken.status).toBe(201);
    const stored = await server.storage.getSnapshot(w.workshopId, taken.body.snapshot.id);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Buffer.from(JSON.parse(stored!.data).board, 'base64'));
    expect(readBoard(copy)!.positions[id]).toEqual({ x: 1234, y: 56 });
  });

  it('[BD6] the facilitator cannot put something that is not a cluster on the board', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1, suggestions: ['Clarify the scope'] });
    const base = `/workshops/${w.workshopId}`;
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'b' }, w.facilitatorToken);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, w.facilitatorToken);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    const fac = connectClient(server.wsUrl, boardDocName(w.workshopId), w.facilitatorToken);
    await waitForSync(fac.provider);
    await eventually(() => expect(readBoard(fac.doc)).not.toBeNull());
    const closed = waitForClose(fac.provider);
    fac.doc.getMap('positions').set('made-up', { x: 1, y: 2 });
    const reason = await closed;
    expect(reason.reason).toContain('BD6');
  });
});
