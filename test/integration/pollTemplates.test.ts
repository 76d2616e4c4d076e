import { COLUMN_ATTR, NODE, RATING_ATTR, readPlenary, roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer, type TestServer } from '../helpers/testServer';

/** Sets one rating cell of body row `row` in a live room document, as the editor's rating control does. */
function rate(doc: Y.Doc, row: number, column: string, value: 'H' | 'M' | 'L'): void {
  const table = doc.getXmlFragment('default').get(0) as Y.XmlElement;
  const body = table.toArray().slice(1)[row] as Y.XmlElement;
  const cell = body.toArray().find((c) => (c as Y.XmlElement).getAttribute(COLUMN_ATTR) === column) as Y.XmlElement;
  const rating = cell.toArray().find((c) => (c as Y.XmlElement).nodeName === NODE.rating) as Y.XmlElement;
  rating.setAttribute(RATING_ATTR, value);
}

const text = (key: string, label: string) => ({ key, label, kind: 'text' });
const rating = (key: string, label: string) => ({ key, label, kind: 'rating' });

/** One room of two people on `template`, the first rating column of row 0 set to H when there is one, then reporting. */
async function reportingOn(server: TestServer, template: { columns: Array<{ key: string; label: string; kind: string }> }) {
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1, template, suggestions: ['Shared calendar', 'Newsletter'] });
  const base = `/workshops/${w.workshopId}`;
  const f = w.facilitatorToken;
  await api(server.url, 'POST', `${base}/assignment`, { seed: 'templates' }, f);
  await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
  const first = template.columns.find((c) => c.kind === 'rating');
  if (first) {
    const editor = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), w.participants[0]!.token);
    await waitForSync(editor.provider);
    rate(editor.doc, 0, first.key, 'H');
    await vi.waitFor(async () => {
      const progress = await api(server.url, 'GET', `${base}/progress`, undefined, f);
      expect(progress.body.rooms[0].ratingsFilled).toBe(1);
    }, 5000);
  }
  await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: w.participants[0]!.id }, f);
  expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
  return { ...w, base, f, a: w.participants[0]!.token, b: w.participants[1]!.token };
}

describe('polls on a custom template, through the API', () => {
  it('one rating column (Idea / Priority / Owner): ballots rate Priority only, tallies and the live state follow it', async () => {
    const server = await startTestServer();
    const w = await reportingOn(server, { columns: [text('idea', 'Idea'), rating('priority', 'Priority'), text('owner', 'Owner')] });
    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), w.b);
    await waitForSync(live.provider);
    const state = live.doc.getMap<any>('state');

    const opened = await api(server.url, 'POST', `${w.base}/polls`, { kind: 'rating' }, w.f);
    expect(opened.status).toBe(201);
    const poll = opened.body.poll;
    expect(poll.columns).toEqual([{ key: 'priority', label: 'Priority' }]);
    expect(poll.items.map((i: any) => [i.key, i.suggestion, i.ratings])).toEqual([
      ['b1', 'Shared calendar', { priority: 'H' }],
      ['b2', 'Newsletter', { priority: null }],
    ]);

    const path = `${w.base}/polls/${poll.id}/ballot`;
    for (const bad of [
      { kind: 'rating', ratings: { b1: { impact: 'H', effort: 'L' } } },
      { kind: 'rating', ratings: { b1: {} } },
      { kind: 'rating', ratings: { b1: { priority: 'X' } } },
      { kind: 'rating', ratings: { b1: { priority: 'H', extra: 'L' } } },
    ]) {
      const refused = await api(server.url, 'PUT', path, bad, w.a);
      expect(refused.status, JSON.stringify(bad)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.error.code).toEqual(expect.any(String));
    }
    expect((await api(server.url, 'GET', path, undefined, w.a)).body.ballot).toBeNull();
    const cast = await api(server.url, 'PUT', path, { kind: 'rating', ratings: { b1: { priority: 'M' }, b2: { priority: 'L' } } }, w.a);
    expect(cast.status).toBe(200);
    expect(cast.body.ballot).toEqual({ kind: 'rating', ratings: { b1: { priority: 'M' }, b2: { priority: 'L' } } });
    expect((await api(server.url, 'PUT', path, { kind: 'rating', ratings: { b1: { priority: 'H' } } }, w.b)).status).toBe(200);
    await vi.waitFor(() => {
      const p = readPlenary(state)!.polls[0]!;
      expect(p.columns).toEqual([{ key: 'priority', label: 'Priority' }]);
      expect(p.voterIds).toHaveLength(2);
      expect(p.tally[0]).toEqual({ key: 'b1', voters: 2, columns: { priority: { counts: { H: 1, M: 1, L: 0 }, mean: 2.5 } }, dots: 0 });
      expect(p.tally[1]).toMatchObject({ voters: 1, columns: { priority: { mean: 1 } } });
    }, 5000);
    expect((await api(server.url, 'POST', `${w.base}/polls/${poll.id}/close`, undefined, w.f)).status).toBe(200);
    // Results survive a restart in the new shape.
    const restarted = await server.restart();
    const after = (await api(restarted.url, 'GET', w.base, undefined, w.f)).body.plenary.polls[0];
    expect(after.tally[0].columns.priority.counts).toEqual({ H: 1, M: 1, L: 0 });
  });

  it('no rating column: a rating poll is refused with a clear 409 and nothing changes; a dot vote still works', async () => {
    const server = await startTestServer();
    const w = await reportingOn(server, { columns: [text('idea', 'Idea'), text('owner', 'Owner')] });
    const refused = await api(server.url, 'POST', `${w.base}/polls`, { kind: 'rating' }, w.f);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('no_rating_columns');
    expect(refused.body.error.message).toMatch(/dot vote/);
    expect((await api(server.url, 'GET', w.base, undefined, w.f)).body.plenary.polls).toEqual([]);
    const dots = await api(server.url, 'POST', `${w.base}/polls`, { kind: 'dots', dots: 2 }, w.f);
    expect(dots.status).toBe(201);
    expect(dots.body.poll.items.map((i: any) => i.suggestion)).toEqual(['Shared calendar', 'Newsletter']);
    expect((await api(server.url, 'PUT', `${w.base}/polls/${dots.body.poll.id}/ballot`, { kind: 'dots', dots: { b2: 2 } }, w.a)).status).toBe(200);
  });
});
