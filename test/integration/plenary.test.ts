import { COLUMN_ATTR, NODE, RATING_ATTR, readPlenary, roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer, type TestServer } from '../helpers/testServer';

/** Sets one rating cell of body row `row` in a live room document, as the editor's rating control does. */
function rate(doc: Y.Doc, row: number, column: 'impact' | 'effort', value: 'H' | 'M' | 'L'): void {
  const table = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  const body = table.toArray().slice(1)[row] as Y.XmlElement;
  const cell = body.toArray().find((c) => (c as Y.XmlElement).getAttribute(COLUMN_ATTR) === column) as Y.XmlElement;
  const rating = cell.toArray().find((c) => (c as Y.XmlElement).nodeName === NODE.rating) as Y.XmlElement;
  rating.setAttribute(RATING_ATTR, value);
}

/** Two rooms with two suggestions each, room 1 rated, then the break-out ends (which snapshots). */
async function reportingWorkshop(server: TestServer) {
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], {
    rooms: 2,
    suggestions: ['Clarify the scope', 'Publish minutes'],
  });
  const base = `/workshops/${w.workshopId}`;
  const f = w.facilitatorToken;
  const assigned = await api(server.url, 'POST', `${base}/assignment`, { seed: 'plenary' }, f);
  await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
  const room1: string[] = assigned.body.rooms[0].participantIds;
  const token = (id: string) => w.participants.find((p) => p.id === id)!.token;
  const editor = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), token(room1[0]!));
  await waitForSync(editor.provider);
  rate(editor.doc, 0, 'impact', 'H');
  rate(editor.doc, 0, 'effort', 'L');
  await vi.waitFor(async () => {
    const progress = await api(server.url, 'GET', `${base}/progress`, undefined, f);
    expect(progress.body.rooms[0].ratingsFilled).toBe(2);
  }, 5000);
  await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room1[0] }, f);
  const moved = await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f);
  expect(moved.status).toBe(200);
  return { ...w, base, f, room1, rapporteur: token(room1[0]!), member: token(room1[1]!), others: w.participants.map((p) => p.token) };
}

describe('the plenary through the API and the live state document', () => {
  it('presenting room and pointer: set by the facilitator or that room\'s rapporteur, seen live by everyone', async () => {
    const server = await startTestServer();
    const w = await reportingWorkshop(server);
    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), w.others[3]!);
    await waitForSync(live.provider);
    const state = live.doc.getMap<any>('state');

    expect((await api(server.url, 'PUT', `${w.base}/plenary/presenting`, { room: 1 }, w.member)).status).toBe(403);
    expect((await api(server.url, 'PUT', `${w.base}/plenary/presenting`, { room: 7 }, w.f)).status).toBe(422);
    expect((await api(server.url, 'PUT', `${w.base}/plenary/presenting`, { room: 'one' }, w.f)).status).toBe(400);
    const ok = await api(server.url, 'PUT', `${w.base}/plenary/presenting`, { room: 1 }, w.rapporteur);
    expect(ok.status).toBe(200);
    await vi.waitFor(() => expect(readPlenary(state)!.presentingRoom).toBe(1), 5000);

    expect((await api(server.url, 'PUT', `${w.base}/plenary/pointer`, { row: 1 }, w.member)).status).toBe(403);
    expect((await api(server.url, 'PUT', `${w.base}/plenary/pointer`, { row: 2 }, w.rapporteur)).status).toBe(422);
    const pointed = await api(server.url, 'PUT', `${w.base}/plenary/pointer`, { row: 1 }, w.rapporteur);
    expect(pointed.status).toBe(200);
    await vi.waitFor(() => expect(readPlenary(state)!.pointer).toMatchObject({ room: 1, row: 1 }), 5000);
    // Changing the presenting room clears the pointer.
    await api(server.url, 'PUT', `${w.base}/plenary/presenting`, { room: 2 }, w.f);
    await vi.waitFor(() => expect(readPlenary(state)!).toMatchObject({ presentingRoom: 2, pointer: null }), 5000);
  });

  it('questions: any member asks, one upvote per person, sorted by votes, answered/hidden by the facilitator only', async () => {
    const server = await startTestServer();
    const w = await reportingWorkshop(server);
    const [a, b, c] = w.others as [string, string, string];
    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), c);
    await waitForSync(live.provider);
    const state = live.doc.getMap<any>('state');

    const q1 = await api(server.url, 'POST', `${w.base}/questions`, { room: 1, text: 'Who pays for this?' }, a);
    expect(q1.status).toBe(201);
    const q2 = await api(server.url, 'POST', `${w.base}/questions`, { room: 1, text: 'By when?' }, b);
    const id1 = q1.body.question.id as string;
    const id2 = q2.body.question.id as string;

    for (const bad of [{ room: 1, text: '   ' }, { room: 9, text: 'Where?' }, { room: 1, text: 'x'.repeat(501) }, { room: 1 }]) {
      const refused = await api(server.url, 'POST', `${w.base}/questions`, bad, c);
      expect(refused.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.error.code).toEqual(expect.any(String));
    }

    expect((await api(server.url, 'POST', `${w.base}/questions/${id2}/upvote`, undefined, a)).status).toBe(200);
    const twice = await api(server.url, 'POST', `${w.base}/questions/${id2}/upvote`, undefined, a);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_upvoted');
    expect((await api(server.url, 'POST', `${w.base}/questions/q_nope/upvote`, undefined, a)).status).toBe(404);
    await api(server.url, 'POST', `${w.base}/questions/${id2}/upvote`, undefined, w.f);
    await vi.waitFor(() => {
      const qs = readPlenary(state)!.questions;
      expect(qs.map((q: any) => q.id)).toEqual([id2, id1]);
      expect(qs[0]!.votes).toBe(2);
      expect(qs[0]!.voterIds).toEqual(expect.arrayContaining([w.participants[0]!.id, 'facilitator']));
    }, 5000);

    expect((await api(server.url, 'PATCH', `${w.base}/questions/${id1}`, { hidden: true }, a)).status).toBe(403);
    expect((await api(server.url, 'PATCH', `${w.base}/questions/${id1}`, {}, w.f)).status).toBe(400);
    expect((await api(server.url, 'PATCH', `${w.base}/questions/${id2}`, { answered: true }, w.f)).status).toBe(200);
    expect((await api(server.url, 'PATCH', `${w.base}/questions/${id1}`, { hidden: true }, w.f)).status).toBe(200);
    await vi.waitFor(() => {
      const qs = readPlenary(state)!.questions;
      expect(qs).toHaveLength(1);
      expect(qs[0]).toMatchObject({ id: id2, answered: true });
    }, 5000);
    // Hidden for everyone but the facilitator, who can still review it.
    expect((await api(server.url, 'POST', `${w.base}/questions/${id1}/upvote`, undefined, b)).status).toBe(404);
    const review = await api(server.url, 'GET', `${w.base}/questions`, undefined, w.f);
    expect(review.body.questions.find((q: any) => q.id === id1).hidden).toBe(true);
  });

  it('[BP1] polls: built from the board, one item per cluster (not per room), one ballot per person, changeable until closed, live tallies, results kept', async () => {
    const server = await startTestServer();
    const w = await reportingWorkshop(server);
    const [a, b] = w.others as [string, string];
    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), b);
    await waitForSync(live.provider);
    const state = live.doc.getMap<any>('state');

    expect((await api(server.url, 'POST', `${w.base}/polls`, { kind: 'rating' }, a)).status).toBe(403);
    expect((await api(server.url, 'POST', `${w.base}/polls`, { kind: 'dots', dots: 0 }, w.f)).status).toBe(400);
    const opened = await api(server.url, 'POST', `${w.base}/polls`, { kind: 'rating' }, w.f);
    expect(opened.status).toBe(201);
    const poll = opened.body.poll;
    // Both rooms raised both suggestions: two clusters, two items, each naming both rooms' cards.
    expect(poll.items.map((i: any) => [i.key, i.suggestion, i.rooms])).toEqual([['b1', 'Clarify the scope', [1, 2]], ['b2', 'Publish minutes', [1, 2]]]);
    expect(poll.items[0]).toMatchObject({ suggestion: 'Clarify the scope', impact: 'H', effort: 'L' });
    expect((await api(server.url, 'POST', `${w.base}/polls`, { kind: 'rating' }, w.f)).status).toBe(409);

    const ballot = (impact: string, effort: string) => ({ kind: 'rating', ratings: { b2: { impact, effort } } });
    for (const bad of [
      { kind: 'dots', dots: { b2: 1 } },
      { kind: 'rating', ratings: { 'b9': { impact: 'H', effort: 'L' } } },
      { kind: 'rating', ratings: { b2: { impact: 'X', effort: 'L' } } },
      { kind: 'rating', ratings: {} },
      'not json',
    ]) {
      const refused = await api(server.url, 'PUT', `${w.base}/polls/${poll.id}/ballot`, bad, a);
      expect(refused.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    expect((await api(server.url, 'PUT', `${w.base}/polls/${poll.id}/ballot`, ballot('H', 'H'), a)).status).toBe(200);
    // The same person voting again replaces the ballot instead of adding one.
    const changed = await api(server.url, 'PUT', `${w.base}/polls/${poll.id}/ballot`, ballot('L', 'L'), a);
    expect(changed.body.ballot).toEqual(ballot('L', 'L'));
    await api(server.url, 'PUT', `${w.base}/polls/${poll.id}/ballot`, ballot('H', 'L'), b);
    await vi.waitFor(() => {
      const p = readPlenary(state)!.polls[0]!;
      expect(p.voterIds).toHaveLength(2);
      const t = p.tally.find((x: any) => x.key === 'b2');
      expect(t).toMatchObject({ voters: 2, impact: { H: 1, M: 0, L: 1 }, effort: { H: 0, M: 0, L: 2 }, impactScore: 2, effortScore: 1 });
      expect(JSON.stringify(p)).not.toContain('ballots');
    }, 5000);
    expect((await api(server.url, 'GET', `${w.base}/polls/${poll.id}/ballot`, undefined, b)).body.ballot).toEqual(ballot('H', 'L'));

    expect((await api(server.url, 'POST', `${w.base}/polls/${poll.id}/close`, undefined, a)).status).toBe(403);
    expect((await api(server.url, 'POST', `${w.base}/polls/${poll.id}/close`, undefined, w.f)).status).toBe(200);
    const late = await api(server.url, 'PUT', `${w.base}/polls/${poll.id}/ballot`, ballot('M', 'M'), a);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('poll_closed');

    // A dot vote next: at most N dots, results of the first poll kept.
    const dots = (await api(server.url, 'POST', `${w.base}/polls`, { kind: 'dots', dots: 3 }, w.f)).body.poll;
    const tooMany = await api(server.url, 'PUT', `${w.base}/polls/${dots.id}/ballot`, { kind: 'dots', dots: { b1: 2, b2: 2 } }, a);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('too_many_dots');
    expect((await api(server.url, 'PUT', `${w.base}/polls/${dots.id}/ballot`, { kind: 'dots', dots: { b1: 2, b2: 1 } }, a)).status).toBe(200);
    const restarted = await server.restart();
    const after = (await api(restarted.url, 'GET', w.base, undefined, w.f)).body.plenary.polls;
    expect(after).toHaveLength(2);
    expect(after[0].closedAt).toEqual(expect.any(Number));
    expect(after[1].tally.find((t: any) => t.key === 'b1').dots).toBe(2);
  });

  it('note-takers named by the facilitator may write the plenary notes', async () => {
    const server = await startTestServer();
    const w = await reportingWorkshop(server);
    const who = w.participants[2]!;
    expect((await api(server.url, 'PUT', `${w.base}/plenary/note-takers`, { participantIds: [who.id] }, who.token)).status).toBe(403);
    expect((await api(server.url, 'PUT', `${w.base}/plenary/note-takers`, { participantIds: ['p_ghost'] }, w.f)).status).toBe(422);
    const ok = await api(server.url, 'PUT', `${w.base}/plenary/note-takers`, { participantIds: [who.id] }, w.f);
    expect(ok.body.plenary.noteTakers).toEqual([who.id]);
    const notes = connectClient(server.wsUrl, `${w.workshopId}/plenary`, who.token);
    await waitForSync(notes.provider);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Decision: publish minutes')]);
    notes.doc.getXmlFragment('default').insert(0, [paragraph]);
    const reader = connectClient(server.wsUrl, `${w.workshopId}/plenary`, w.f);
    await waitForSync(reader.provider);
    await vi.waitFor(() => expect(reader.doc.getXmlFragment('default').toString()).toContain('publish minutes'), 5000);
  });

  it('one token flooding questions or upvotes gets 429 while another token is unaffected', async () => {
    const server = await startTestServer();
    const w = await reportingWorkshop(server);
    const [flooder, calm] = w.others as [string, string];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await api(server.url, 'POST', `${w.base}/questions`, { room: 1, text: `Spam ${i}` }, flooder)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses).toContain(429);
    const limited = await api(server.url, 'POST', `${w.base}/questions`, { room: 1, text: 'One more' }, flooder);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await api(server.url, 'POST', `${w.base}/questions`, { room: 1, text: 'A fair question' }, calm)).status).toBe(201);

    const qid = (await api(server.url, 'GET', `${w.base}/questions`, undefined, calm)).body.questions[0].id;
    const votes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const path = `${w.base}/questions/${qid}/upvote`;
      votes.push((await api(server.url, i % 2 === 0 ? 'POST' : 'DELETE', path, undefined, flooder)).status);
    }
    expect(votes).toContain(429);
    expect((await api(server.url, 'POST', `${w.base}/questions/${qid}/upvote`, undefined, calm)).status).toBe(200);
  });
});
