import { BOARD_TEXT_MERGE_FACTOR, LIMITS, addFrame, addNote, boardDocName, boardItemText, editBoardText, moveCluster, readBoard, readBoardAnnotations, updateNote } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
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
    await vi.waitFor(() => expect(readBoard(before.doc)).not.toBeNull(), 5000);
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
    await vi.waitFor(() => expect(readBoard(before.doc)!.positions[id]).toEqual({ x: 1234, y: 56 }), 5000);

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
    await vi.waitFor(() => expect(readBoard(again.doc)!.snapshotId).not.toBe(board.snapshotId), 5000);
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
    await vi.waitFor(() => expect(readBoard(fac.doc)).not.toBeNull(), 5000);
    const closed = waitForClose(fac.provider);
    fac.doc.getMap('positions').set('made-up', { x: 1, y: 2 });
    const reason = await closed;
    expect(reason.reason).toContain('BD6');
  });

  it('[BN1][BN3][BN5] notes and frames: the facilitator adds them (and types in one note at once with a note-taker) and a participant sees them; a reader\'s are dropped; hostile entries from a plain Yjs client close it with 4422 and are kept nowhere', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1, suggestions: ['Clarify the scope'] });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'notes' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f);
    const name = boardDocName(w.workshopId);
    const fac = connectClient(server.wsUrl, name, f);
    const ana = connectClient(server.wsUrl, name, w.participants[0]!.token);
    await Promise.all([waitForSync(fac.provider), waitForSync(ana.provider)]);
    expect(addNote(fac.doc, 'note:goodone', { x: 10, y: 20 }, 'Ask finance first')).toBe(true);
    expect(addFrame(fac.doc, 'frame:goodone', { x: 0, y: 0, width: 600, height: 400 }, 'Quick wins')).toBe(true);
    await vi.waitFor(() => expect(readBoardAnnotations(ana.doc).frames.map((x) => x.name)).toEqual(['Quick wins']), 5000);
    expect(readBoardAnnotations(ana.doc).notes.map((n) => n.text)).toEqual(['Ask finance first']);

    // Bo is no note-taker: what his client writes is not taken.
    const reader = connectSaveCheckClient(server.wsUrl, name, w.participants[1]!.token);
    await reader.synced;
    addNote(reader.doc, 'note:readers', { x: 1, y: 1 }, 'not mine to add');
    updateNote(reader.doc, 'note:goodone', { text: 'defaced' });
    expect(await reader.saveCheck()).toBe(true);
    reader.close();

    // [BN5] Ana (made a note-taker now) and the facilitator type into the same note at once: the server keeps both.
    expect((await api(server.url, 'PUT', `${base}/plenary/note-takers`, { participantIds: [w.participants[0]!.id] }, f)).status).toBe(200);
    const writer = connectClient(server.wsUrl, name, w.participants[0]!.token);
    await waitForSync(writer.provider);
    fac.provider.disconnect();
    writer.provider.disconnect();
    editBoardText(fac.doc, 'note:goodone', { index: 0, remove: 0, insert: 'Now: ' });
    editBoardText(writer.doc, 'note:goodone', { index: 'Ask finance first'.length, remove: 0, insert: ', then legal' });
    fac.provider.connect();
    writer.provider.connect();
    const both = 'Now: Ask finance first, then legal';
    for (const doc of [fac.doc, writer.doc, ana.doc]) await vi.waitFor(() => expect(readBoardAnnotations(doc).notes.map((n) => n.text)).toEqual([both]), 5000);
    writer.provider.destroy();

    const hostile: Array<[string, (d: Y.Doc) => void]> = [
      ['a note under a made-up id', (d) => d.getMap('notes').set('<img src=x>', new Y.Text('a'))],
      ['a note too long (past what merging may reach, [BN6])', (d) => d.getMap('notes').set('note:toolong', new Y.Text('x'.repeat(LIMITS.boardNoteTextMax * BOARD_TEXT_MERGE_FACTOR + 1)))],
      ['typing a note far past its limit', (d) => boardItemText(d, 'note:goodone')!.insert(0, 'x'.repeat(LIMITS.boardNoteTextMax * BOARD_TEXT_MERGE_FACTOR))],
      ['a plain-string note (no shared text)', (d) => d.getMap('notes').set('note:plainone', { text: 'a' })],
      ['a note replaced by a plain entry', (d) => d.getMap('notes').set('note:goodone', { text: 'a' })],
      ['formatting in a note', (d) => boardItemText(d, 'note:goodone')!.format(0, 3, { bold: true })],
      ['an embed in a note', (d) => boardItemText(d, 'note:goodone')!.insertEmbed(0, { image: 'https://evil.example/x.png' })],
      ['a map embedded in a note', (d) => boardItemText(d, 'note:goodone')!.insertEmbed(0, new Y.Map())],
      ['a frame name far too long by typing', (d) => boardItemText(d, 'frame:goodone')!.insert(0, 'n'.repeat(LIMITS.boardFrameNameMax * BOARD_TEXT_MERGE_FACTOR))],
      ['a note with a field too many', (d) => d.getMap('notes').set('note:goodone', { text: 'a', html: '<b>' })],
      ['a note far off the plane', (d) => d.getMap('places').set('note:goodone', { x: 1e12, y: 1 })],
      ['a frame of no size', (d) => d.getMap('places').set('frame:goodone', { x: 1, y: 1, width: 0, height: 0 })],
      ['a frame named too long', (d) => d.getMap('frames').set('frame:longone', new Y.Text('n'.repeat(LIMITS.boardFrameNameMax * BOARD_TEXT_MERGE_FACTOR + 1)))],
      ['a place of something that is no note or frame', (d) => d.getMap('places').set('1:clarify', { x: 1, y: 1 })],
      ['one note too many', (d) => d.transact(() => { for (let i = 0; i <= LIMITS.boardNotesMax; i++) d.getMap('notes').set(`note:many${String(i).padStart(4, '0')}`, new Y.Text()); })],
    ];
    for (const [what, change] of hostile) {
      const mallory = connectClient(server.wsUrl, name, f);
      await waitForSync(mallory.provider);
      const closed = waitForClose(mallory.provider);
      change(mallory.doc);
      const reason = await closed;
      mallory.provider.disconnect();
      expect(reason.code, what).toBe(4422);
      // A type nested in a note's text is refused by the depth rule before the schema's.
      if (!what.startsWith('a map embedded')) expect(reason.reason, what).toContain('[BN3]');
    }
    await server.documents.flush();
    const kept = new Y.Doc();
    for (const update of (await server.storage.loadDocument(name)).updates) Y.applyUpdate(kept, update);
    for (const doc of [kept, ana.doc]) {
      expect([...doc.getMap('notes').keys()]).toEqual(['note:goodone']);
      expect([...doc.getMap('frames').keys()]).toEqual(['frame:goodone']);
      expect([...doc.getMap('places').keys()].sort()).toEqual(['frame:goodone', 'note:goodone']);
      expect(readBoardAnnotations(doc)).toEqual(readBoardAnnotations(fac.doc));
    }
    expect(readBoardAnnotations(kept).notes[0]!.text).toBe(both);
  });

  it('[BP1][BP3] a poll of exactly the clusters and cards the facilitator picked; others and unknown ids are refused; dots for a cluster move it up the plan', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen'], { rooms: 3, suggestions: ['Clarify the scope', 'Publish minutes'] });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    await api(server.url, 'POST', `${base}/assignment`, { seed: 'board-polls' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f);
    const viewer = connectClient(server.wsUrl, boardDocName(w.workshopId), f);
    await waitForSync(viewer.provider);
    await vi.waitFor(() => expect(readBoard(viewer.doc)).not.toBeNull(), 5000);
    const board = readBoard(viewer.doc)!;
    const [clarify, publish] = board.clusters;
    const ana = w.participants[0]!.token;

    expect((await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3, clusters: [publish!.id] }, ana)).status).toBe(403);
    const unknown = await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3, clusters: ['9:made-up'] }, f);
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_item');
    expect((await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3, clusters: 'all' }, f)).status).toBe(400);
    expect((await api(server.url, 'GET', base, undefined, f)).body.plenary.polls).toEqual([]);

    // One cluster, and one card of the other cluster picked on its own.
    const card = clarify!.cardIds[2]!;
    const opened = await api(server.url, 'POST', `${base}/polls`, { kind: 'dots', dots: 3, clusters: [publish!.id], cards: [card] }, f);
    expect(opened.status).toBe(201);
    const poll = opened.body.poll;
    expect(poll.items.map((i: any) => [i.key, i.suggestion, i.cluster, i.rooms])).toEqual([
      ['b1', 'Publish minutes', publish!.id, [1, 2, 3]],
      ['b2', 'Clarify the scope', null, [3]],
    ]);
    expect(poll.snapshotId).toBe(board.snapshotId);

    const plan = async () => (await api(server.url, 'GET', `${base}/plan`, undefined, f)).body.plan.groups.map((g: any) => [g.suggestion, g.ranking.dots]);
    expect((await plan())[0]).toEqual(['Clarify the scope', 0]);
    // Three voters at the same moment: every ballot counts.
    const cast = await Promise.all(w.participants.map((p) => api(server.url, 'PUT', `${base}/polls/${poll.id}/ballot`, { kind: 'dots', dots: { b1: 2, b2: 1 } }, p.token)));
    expect(cast.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await plan()).toEqual([
      ['Publish minutes', 6],
      ['Clarify the scope', 3],
    ]);
  });
});
