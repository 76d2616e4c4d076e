import { boardDocName, mergeClusters, readBoard, roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, roundTrip, waitForClose, waitForSync } from '../helpers/providers';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';
import { startTestServer, type TestServer } from '../helpers/testServer';

// Rules: packages/core/SPEC.md [RN1]–[RN7]; docs/ACCESS.md (rounds).

/** Types `marker` into `doc` as `token` and waits until the server holds it. */
async function type(server: TestServer, doc: string, token: string, marker: string) {
  const client = connectClient(server.wsUrl, doc, token);
  await waitForSync(client.provider);
  addMarker(client.doc, marker);
  await vi.waitFor(async () => expect(await server.documents.withDocument(doc, (d) => markersIn(d))).toContain(marker), 5000);
  client.provider.destroy();
}

describe('several rounds in one workshop', () => {
  it('[RN2][RN4][RN5] the plenary starts round 2 in new rooms; round 1 stays as it ended, read-only, with its own snapshot', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede', 'Eli', 'Fay', 'Gus', 'Hana'], { rooms: 2, purpose: 'How do we share threat data?' });
    const f = w.facilitatorToken;
    const base = `/workshops/${w.workshopId}`;
    const token = new Map(w.participants.map((p) => [p.id, p.token]));
    await startBreakout(server.url, w.workshopId, f, 'r1');
    const one = (await api(server.url, 'GET', base, undefined, f)).body;
    const ana = one.rooms.find((r: { participantIds: string[] }) => r.participantIds.includes(w.participants[0]!.id)).number as number;
    await type(server, roomDocName(w.workshopId, ana), w.participants[0]!.token, 'round-one-idea');

    const next = { assignment: 'newPeople', purpose: 'Who acts first?', breakoutMinutes: 15 };
    expect((await api(server.url, 'POST', `${base}/rounds`, next, f)).body.error.code).toBe('round_not_over');
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    expect((await api(server.url, 'POST', `${base}/rounds`, next, w.participants[0]!.token)).status).toBe(403);
    expect((await api(server.url, 'POST', `${base}/rounds`, { assignment: 'later' }, f)).status).toBe(400);
    const unasked = await api(server.url, 'POST', `${base}/rounds`, { assignment: 'newPeople', choice: { spread: ['region'] } }, f);
    expect([unasked.status, unasked.body.error.code]).toEqual([400, 'invalid_constraints']);
    const started = await api(server.url, 'POST', `${base}/rounds`, next, f);
    expect(started.status).toBe(200);
    expect(started.body.workshop).toMatchObject({ round: 2, phase: 'breakout', purpose: 'Who acts first?', breakoutMinutes: 15 });

    // Round 2's rooms are new documents with the template's table; Ana writes hers.
    const two = started.body.rooms as Array<{ number: number; participantIds: string[] }>;
    const anaNow = two.find((r) => r.participantIds.includes(w.participants[0]!.id))!.number;
    await type(server, roomDocName(w.workshopId, anaNow, 2), w.participants[0]!.token, 'round-two-idea');
    expect(await server.documents.withDocument(roomDocName(w.workshopId, anaNow, 2), (d) => markersIn(d))).not.toContain('round-one-idea');

    // Round 1's room is read-only now, for its member and the facilitator alike.
    for (const t of [w.participants[0]!.token, f]) {
      const old = connectClient(server.wsUrl, roomDocName(w.workshopId, ana), t);
      await waitForSync(old.provider);
      expect(markersIn(old.doc)).toContain('round-one-idea');
      addMarker(old.doc, 'late-edit');
      await roundTrip(old.provider);
      old.provider.destroy();
    }
    await server.documents.flush();
    expect(await server.documents.withDocument(roomDocName(w.workshopId, ana), (d) => markersIn(d))).not.toContain('late-edit');
    // Round 3 does not exist yet.
    const ahead = connectClient(server.wsUrl, roomDocName(w.workshopId, 1, 3), f);
    expect((await waitForClose(ahead.provider)).code).toBeGreaterThanOrEqual(4400);
    ahead.provider.destroy();

    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const rounds = (await api(server.url, 'GET', `${base}/rounds`, undefined, token.get(w.participants[1]!.id))).body;
    expect(rounds.current).toBe(2);
    expect(rounds.rounds.map((r: { number: number; purpose: string; assignment: string; rooms: number }) => [r.number, r.purpose, r.assignment, r.rooms])).toEqual([
      [1, 'How do we share threat data?', 'fresh', 2],
      [2, 'Who acts first?', 'newPeople', 2],
    ]);
    const [end1, end2] = rounds.rounds.map((r: { endSnapshotId: string }) => r.endSnapshotId);
    expect(end1).toBeTruthy();
    expect(end2).toBeTruthy();
    expect(end1).not.toBe(end2);
    const s1 = (await api(server.url, 'GET', `${base}/snapshots/${end1}`, undefined, f)).body.snapshot;
    const s2 = (await api(server.url, 'GET', `${base}/snapshots/${end2}`, undefined, f)).body.snapshot;
    expect([s1.round, s2.round]).toEqual([1, 2]);
    expect(JSON.stringify(s1.rooms)).toContain('round-one-idea');
    expect(JSON.stringify(s1.rooms)).not.toContain('round-two-idea');
    expect(JSON.stringify(s2.rooms)).toContain('round-two-idea');
    expect(JSON.stringify(s2.rooms)).not.toContain('round-one-idea');
    // The plenary board of round 2 is built from round 2's end [RN5].
    expect(await server.documents.withDocument(boardDocName(w.workshopId), (d) => readBoard(d)?.snapshotId)).toBe(end2);
    // Round 1's room 1 and round 2's room 1 are different groups: no diff between them.
    const across = await api(server.url, 'GET', `${base}/diff?room=1&from=${end1}&to=live`, undefined, f);
    expect([across.status, across.body.error.code]).toEqual([409, 'other_round']);
    expect((await api(server.url, 'GET', `${base}/diff?room=1&from=${end2}&to=live`, undefined, f)).status).toBe(200);
    // Round 1's snapshot is not put into round 2's room of the same number.
    const restore = await api(server.url, 'POST', `${base}/rooms/1/restore`, { snapshotId: end1 }, f);
    expect([restore.status, restore.body.error.code]).toEqual([422, 'snapshot_not_restorable']);
  });

  it('[RN6][RN7] the draft plan per round and of all rounds together, each round named', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2, purpose: 'How do we share threat data?', suggestions: ['Share information'] });
    const f = w.facilitatorToken;
    const base = `/workshops/${w.workshopId}`;
    await startBreakout(server.url, w.workshopId, f, 'r1');
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    expect((await api(server.url, 'POST', `${base}/questions`, { room: 1, text: 'Who runs the list?' }, f)).status).toBe(201);
    const started = await api(server.url, 'POST', `${base}/rounds`, { assignment: 'same', purpose: 'Who acts first?', suggestions: ['Start a mailing list'] }, f);
    expect(started.status).toBe(200);
    // Round 2's plenary starts without round 1's questions [RN7]; round 1's plan keeps them.
    expect(started.body.plenary.questions).toEqual([]);
    const p1 = (await api(server.url, 'GET', `${base}/plan?round=1`, undefined, f)).body.plan;
    const p2 = (await api(server.url, 'GET', `${base}/plan?round=2`, undefined, f)).body.plan;
    expect([p1.purpose, p1.source.kind, p1.groups[0].suggestion]).toEqual(['How do we share threat data?', 'snapshot', 'Share information']);
    expect([p2.purpose, p2.source.kind, p2.groups[0].suggestion]).toEqual(['Who acts first?', 'live', 'Start a mailing list']);
    expect(p1.questions.map((q: { text: string }) => q.text)).toEqual(['Who runs the list?']);
    expect(p2.questions).toEqual([]);
    const all = (await api(server.url, 'GET', `${base}/plan?round=all`, undefined, f)).body.rounds;
    expect(all.map((r: { round: number; plan: { purpose: string } }) => [r.round, r.plan.purpose])).toEqual([[1, 'How do we share threat data?'], [2, 'Who acts first?']]);
    expect((await api(server.url, 'GET', `${base}/plan?round=3`, undefined, f)).status).toBe(404);
    expect((await api(server.url, 'GET', `${base}/plan?round=x`, undefined, f)).status).toBe(400);
    const md = await api(server.url, 'GET', `${base}/export?format=markdown&round=all`, undefined, f);
    expect(md.status).toBe(200);
    expect(String(md.body).match(/^# Draft plan: .*$/gm)).toEqual(['# Draft plan: ccNSO purpose review — round 1', '# Draft plan: ccNSO purpose review — round 2']);
    const csv = await api(server.url, 'GET', `${base}/export?format=csv&round=all`, undefined, f);
    expect(String(csv.body).split('\r\n')[0]!.startsWith('round,')).toBe(true);
  });

  it('[RN8][RN9] an earlier round\'s plan follows the clusters its board ended with, from the snapshot of its plenary end', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 2, suggestions: ['Clarify the scope', 'Publish minutes'] });
    const f = w.facilitatorToken;
    const base = `/workshops/${w.workshopId}`;
    await startBreakout(server.url, w.workshopId, f, 'r1');
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    // Seeded rooms: each holds both suggestions, two stacks of two cards; the plenary merges them.
    const fac = connectClient(server.wsUrl, boardDocName(w.workshopId), f);
    await waitForSync(fac.provider);
    await vi.waitFor(() => expect(readBoard(fac.doc)?.clusters.length).toBe(2), 5000);
    const [into, other] = readBoard(fac.doc)!.clusters;
    expect(mergeClusters(fac.doc, into!.id, [other!.id], 'one ask: say what we decided', Date.now())).toBe(true);
    await vi.waitFor(async () => expect(await server.documents.withDocument(boardDocName(w.workshopId), (d) => readBoard(d)?.clusters.length)).toBe(1), 5000);
    fac.provider.destroy();
    const live = (await api(server.url, 'GET', `${base}/plan`, undefined, f)).body.plan;
    expect(live.groups.map((g: { items: unknown[] }) => g.items.length)).toEqual([4]);

    expect((await api(server.url, 'POST', `${base}/rounds`, { assignment: 'same', suggestions: ['Start a mailing list'] }, f)).status).toBe(200);
    // [RN9] While round 2's rooms work, the board document still holds round 1's stacks: round 2's
    // export has no board yet, and round 1's export is not given round 1's board as "now".
    const during = await api(server.url, 'GET', `${base}/export?format=json&round=2`, undefined, f);
    expect(during.status).toBe(200);
    expect(during.body.board).toBeUndefined();
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    // Round 2's board is its own, built from its end; round 1's plan still has round 1's one stack.
    await vi.waitFor(async () => expect(await server.documents.withDocument(boardDocName(w.workshopId), (d) => readBoard(d)?.clusters.length)).toBe(1), 5000);
    const p1 = (await api(server.url, 'GET', `${base}/plan?round=1`, undefined, f)).body.plan;
    expect(p1.groups.map((g: { items: unknown[] }) => g.items.length)).toEqual([4]);
    expect(p1.groups[0].items.map((i: { row: Record<string, string> }) => Object.values(i.row).join(' ')).join(' | ')).toContain('Publish minutes');

    // The snapshot of round 1's plenary end is round 1's: its rooms, its round.
    const list = (await api(server.url, 'GET', `${base}/snapshots`, undefined, f)).body.snapshots as Array<{ id: string; reason: string }>;
    const ends = list.filter((s) => s.reason === 'plenary-ended');
    expect(ends).toHaveLength(1);
    const end = (await api(server.url, 'GET', `${base}/snapshots/${ends[0]!.id}`, undefined, f)).body.snapshot;
    expect(end.round).toBe(1);
    expect(JSON.stringify(end.rooms)).toContain('Clarify the scope');
  });

  it('[RN2] the next round\'s table is checked as at set-up: refused whole when bad (the round does not start), taken when good', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1 });
    const f = w.facilitatorToken;
    const base = `/workshops/${w.workshopId}`;
    await startBreakout(server.url, w.workshopId, f, 'r1');
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    const bad = [
      { columns: [{ key: 'impact', label: 'Impact', kind: 'rating' }] },
      { columns: [{ key: 'idea', label: 'Idea', kind: 'text' }, { key: 'idea', label: 'Idea again', kind: 'text' }] },
      { columns: [{ key: 'idea', label: '', kind: 'text' }] },
      { columns: [] },
    ];
    for (const template of bad) {
      const refused = await api(server.url, 'POST', `${base}/rounds`, { assignment: 'same', template }, f);
      expect(refused.status, JSON.stringify(template)).toBe(400);
    }
    expect((await api(server.url, 'GET', base, undefined, f)).body.workshop).toMatchObject({ phase: 'reporting' });
    const template = { columns: [{ key: 'idea', label: 'Idea', kind: 'text' }, { key: 'owner', label: 'Who owns it', kind: 'text' }] };
    const started = await api(server.url, 'POST', `${base}/rounds`, { assignment: 'same', template }, f);
    expect(started.status).toBe(200);
    expect(started.body.workshop.template).toEqual(template);
    const rounds = (await api(server.url, 'GET', `${base}/rounds`, undefined, w.participants[0]!.token)).body.rounds;
    expect(rounds.map((r: { template: { columns: Array<{ key: string }> } }) => r.template.columns.map((c) => c.key))).toEqual([
      ['suggestion', 'benefit', 'impact', 'needed', 'effort'],
      ['idea', 'owner'],
    ]);
  });
});
