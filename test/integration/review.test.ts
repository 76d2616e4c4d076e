import { describe, expect, it, vi } from 'vitest';
import { readRows, readRowsFromUpdate, roomDocName, DEFAULT_TEMPLATE } from '@roomtable/core';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import { editCell } from '../helpers/editCell';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer, type TestServer } from '../helpers/testServer';

const names = (n: number) => Array.from({ length: n }, (_, i) => `Person ${i + 1}`);

/** Two rooms in the break-out, each seeded with the suggestions. */
async function workshopInBreakout(server: TestServer, options: Record<string, unknown> = {}) {
  const w = await createWorkshopWith(server.url, names(4), { rooms: 2, suggestions: ['Share information', 'Consider an educational role'], ...options });
  await startBreakout(server.url, w.workshopId, w.facilitatorToken, 'fixed');
  return w;
}

const liveRows = (server: TestServer, id: string, room: number) =>
  server.documents.withDocument(roomDocName(id, room), (doc) => readRows(doc, DEFAULT_TEMPLATE));

async function takeSnapshot(server: TestServer, id: string, token: string): Promise<string> {
  const res = await api(server.url, 'POST', `/workshops/${id}/snapshots`, undefined, token);
  expect(res.status).toBe(201);
  return res.body.snapshot.id as string;
}

describe('review: workshops list', () => {
  it('lists the workshops of the facilitator tokens given, skipping others', async () => {
    const server = await startTestServer();
    const a = await createWorkshopWith(server.url, names(3), { title: 'First' });
    const b = await createWorkshopWith(server.url, [], { title: 'Second' });
    const res = await api(server.url, 'POST', '/workshops/lookup', { tokens: [a.facilitatorToken, b.facilitatorToken, a.participants[0]!.token, 'garbage'] });
    expect(res.status).toBe(200);
    expect(res.body.skipped).toBe(2);
    const byTitle = Object.fromEntries(res.body.workshops.map((w: { title: string }) => [w.title, w]));
    expect(byTitle.First).toMatchObject({ id: a.workshopId, phase: 'lobby', rooms: 0, people: 3 });
    expect(typeof byTitle.First.createdAt).toBe('number');
    expect(byTitle.Second).toMatchObject({ id: b.workshopId, people: 0 });
    expect((await api(server.url, 'POST', '/workshops/lookup', { tokens: 'nope' })).status).toBe(400);
  });
});

describe('review: export', () => {
  it('streams a workshop of 50 rooms × 60 rows in several chunks, with a file name', async () => {
    const server = await startTestServer();
    const suggestions = Array.from({ length: 60 }, (_, i) => `Suggestion number ${i + 1}, with "quotes", commas and =formula ${i}`);
    const w = await createWorkshopWith(server.url, names(50), { rooms: 50, suggestions });
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/assignment`, {}, w.facilitatorToken)).status).toBe(200);
    for (const format of ['csv', 'markdown', 'json'] as const) {
      const res = await fetch(`${server.url}/api/workshops/${w.workshopId}/export?format=${format}`, { headers: { authorization: `Bearer ${w.facilitatorToken}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ccnso-purpose-review-draft-plan-\d{4}-\d\d-\d\d\.(csv|md|json)"$/);
      const reader = res.body!.getReader();
      let chunks = 0;
      let text = '';
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks++;
        text += decoder.decode(value, { stream: true });
      }
      expect(chunks).toBeGreaterThan(3);
      if (format === 'csv') {
        expect(text.split('\r\n').filter((l) => l.startsWith('"') || /^\d/.test(l)).length).toBeGreaterThanOrEqual(3000);
        expect(text).not.toMatch(/,=formula/);
      }
      if (format === 'json') {
        const plan = JSON.parse(text);
        expect(plan.groups.flatMap((g: { items: unknown[] }) => g.items)).toHaveLength(3000);
        // The same suggestion in every room is one group of 50.
        expect(plan.groups).toHaveLength(60);
      }
    }
  });

  it('answers 4xx for an unknown format, a missing token, another workshop and an unknown snapshot', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const other = await createWorkshopWith(server.url, []);
    const get = (route: string, token?: string) => fetch(`${server.url}/api${route}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const bad = await get(`/workshops/${w.workshopId}/export?format=pdf`, w.facilitatorToken);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('unknown_format');
    expect((await get(`/workshops/${w.workshopId}/export?format=csv`)).status).toBe(401);
    expect((await get(`/workshops/${w.workshopId}/export?format=csv`, other.facilitatorToken)).status).toBe(403);
    expect((await get(`/workshops/${w.workshopId}/export?format=csv&snapshot=s_nope`, w.facilitatorToken)).status).toBe(404);
    const participant = await get(`/workshops/${w.workshopId}/export?format=json`, w.participants[0]!.token);
    expect(participant.status).toBe(200);
  });

  it('downloads one snapshot on its own; a snapshot of another workshop is 404', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const other = await workshopInBreakout(server);
    const sid = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const foreign = await takeSnapshot(server, other.workshopId, other.facilitatorToken);
    const res = await fetch(`${server.url}/api/workshops/${w.workshopId}/snapshots/${sid}/download?format=csv`, { headers: { authorization: `Bearer ${w.facilitatorToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`snapshot-${sid}`);
    expect(await res.text()).toBe('room,row,suggestion,benefit,impact,needed,effort\r\n1,1,Share information,,,,\r\n1,2,Consider an educational role,,,,\r\n2,1,Share information,,,,\r\n2,2,Consider an educational role,,,,\r\n');
    const wrong = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${foreign}/download?format=csv`, undefined, w.facilitatorToken);
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.code).toBe('unknown_snapshot');
  });
});

describe('review: diff', () => {
  it('shows a changed cell between two snapshots, and against the live table', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const s1 = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' with TLD-OPS');
    const s2 = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const res = await api(server.url, 'GET', `/workshops/${w.workshopId}/diff?room=1&from=${s1}&to=${s2}`, undefined, w.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.body.diff).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1 });
    expect(res.body.diff.rows[0].cells).toEqual([{ key: 'suggestion', from: 'Share information', to: 'Share information with TLD-OPS' }]);
    const room2 = await api(server.url, 'GET', `/workshops/${w.workshopId}/diff?room=2&from=${s1}&to=live`, undefined, w.facilitatorToken);
    expect(room2.body.diff).toMatchObject({ changed: 0, unchanged: 2 });
  });

  it('answers 4xx for rooms that do not exist, snapshots of another workshop, bad queries', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const other = await workshopInBreakout(server);
    const s1 = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const foreign = await takeSnapshot(server, other.workshopId, other.facilitatorToken);
    const diff = (q: string) => api(server.url, 'GET', `/workshops/${w.workshopId}/diff?${q}`, undefined, w.facilitatorToken);
    const cases: Array<[string, number, string]> = [
      [`room=9&from=${s1}&to=live`, 404, 'unknown_room'],
      [`room=1&from=${foreign}&to=live`, 404, 'unknown_snapshot'],
      [`room=1&from=${s1}&to=${foreign}`, 404, 'unknown_snapshot'],
      [`room=x&from=${s1}&to=live`, 400, 'invalid_room'],
      [`room=1&to=live`, 400, 'invalid_query'],
    ];
    for (const [q, status, code] of cases) {
      const res = await diff(q);
      expect([q, res.status, res.body.error?.code]).toEqual([q, status, code]);
    }
  });
});

describe('review: restore', () => {
  it('snapshots the current table first, then restores as a new change that connected clients converge on', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const s1 = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const before = await liveRows(server, w.workshopId, 1);
    await editCell(server, roomDocName(w.workshopId, 1), 'Share information', ' (edited)');
    const edited = await liveRows(server, w.workshopId, 1);
    const client = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), w.facilitatorToken);
    await waitForSync(client.provider);

    const res = await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/1/restore`, { snapshotId: s1 }, w.facilitatorToken);
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual(before);
    expect(res.body.before.reason).toBe('before-restore');
    // The snapshot taken first holds the edited table: no history is lost.
    const kept = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${res.body.before.id}`, undefined, w.facilitatorToken);
    expect(kept.body.snapshot.rooms[0].rows).toEqual(edited);
    await vi.waitFor(() => expect(readRows(client.doc, DEFAULT_TEMPLATE)).toEqual(before), 5000);
    // Room 2 was not touched.
    expect(await liveRows(server, w.workshopId, 2)).toEqual(before.map((r) => ({ ...r })));
  });

  it('changes nothing for a snapshot of another workshop, an unknown room, a participant, a bad body', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const other = await workshopInBreakout(server);
    await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const foreign = await takeSnapshot(server, other.workshopId, other.facilitatorToken);
    const own = (await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken)).body.snapshots[0].id;
    const restore = (room: string, body: unknown, token = w.facilitatorToken) => api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/${room}/restore`, body, token);
    expect((await restore('1', { snapshotId: foreign })).status).toBe(404);
    expect((await restore('7', { snapshotId: own })).status).toBe(404);
    expect((await restore('1', { snapshotId: own }, w.participants[0]!.token)).status).toBe(403);
    expect((await restore('1', {})).status).toBe(400);
    expect((await restore('one', { snapshotId: own })).status).toBe(400);
    const list = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken);
    expect(list.body.snapshots).toHaveLength(1);
  });

  it('restores from the stored Yjs state, so the snapshot rows come back exactly', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const s1 = await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const stored = await server.storage.getSnapshot(w.workshopId, s1);
    const state = JSON.parse(stored!.data).rooms[0].state as string;
    await editCell(server, roomDocName(w.workshopId, 1), 'Consider an educational role', '!!');
    await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/1/restore`, { snapshotId: s1 }, w.facilitatorToken);
    expect(await liveRows(server, w.workshopId, 1)).toEqual(readRowsFromUpdate(Buffer.from(state, 'base64'), DEFAULT_TEMPLATE));
  });
});

describe('review: delete', () => {
  it('needs the title typed as confirmation, then removes every row of the workshop from storage', async () => {
    const server = await startTestServer();
    const w = await workshopInBreakout(server);
    const keep = await workshopInBreakout(server);
    await takeSnapshot(server, w.workshopId, w.facilitatorToken);
    const client = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), w.participants[0]!.token);
    await waitForSync(client.provider);
    const del = (body: unknown, token = w.facilitatorToken) => api(server.url, 'DELETE', `/workshops/${w.workshopId}`, body, token);

    expect((await del({ confirm: 'wrong title' })).body.error.code).toBe('confirmation_mismatch');
    expect((await del({ confirm: 'ccNSO purpose review' }, w.participants[0]!.token)).status).toBe(403);
    expect((await del({})).status).toBe(400);
    expect(await server.storage.getWorkshop(w.workshopId)).not.toBeNull();

    const closed = waitForClose(client.provider);
    const res = await del({ confirm: 'ccNSO purpose review' });
    expect(res.status).toBe(200);
    expect((await closed).code).toBe(4404);
    client.provider.disconnect();
    await server.documents.flush();
    expect(await server.storage.getWorkshop(w.workshopId)).toBeNull();
    expect(await server.storage.listSnapshots(w.workshopId)).toEqual([]);
    expect(await server.storage.listDocuments(`${w.workshopId}/`)).toEqual([]);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).status).toBe(404);
    // The other workshop is untouched.
    expect(await server.storage.getWorkshop(keep.workshopId)).not.toBeNull();
    expect((await server.storage.listDocuments(`${keep.workshopId}/`)).length).toBeGreaterThan(0);
  });
});
