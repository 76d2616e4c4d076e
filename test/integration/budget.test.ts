import { roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';
import { startTestServer } from '../helpers/testServer';

// Issue 21 item 3: one member could fill a room to the 16 MiB limit in 2.2 s, after which every
// member and the facilitator was refused with 4413: the room was read-only for good. Rules SY20
// and SY24 (packages/sync/SPEC.md).

async function room(env: Record<string, string> = {}) {
  const server = await startTestServer({ env });
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Mallory'], { rooms: 1 });
  await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
  const [ana, bo, mallory] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0], (typeof w.participants)[0]];
  const name = roomDocName(w.workshopId, 1);
  const connect = async (token: string) => {
    const client = connectClient(server.wsUrl, name, token);
    await waitForSync(client.provider);
    return client;
  };
  return { server, w, name, connect, ana: ana.token, bo: bo.token, mallory: mallory.token };
}

/** Fills the room from one stock client with 7,000-character pieces until the server closes it; returns the close. */
async function fill(client: { doc: Y.Doc; provider: { wsconnected: boolean } }, closed: Promise<{ code: number; reason: string }>) {
  let done: { code: number; reason: string } | null = null;
  void closed.then((c) => (done = c));
  for (let i = 0; i < 5000 && !done; i++) {
    addMarker(client.doc, `${i}:${'m'.repeat(7000)}`);
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 0));
  }
  return closed;
}

describe('one member cannot fill a room', () => {
  it('[SY24] a fill attempt by one member is refused with 4414 well before the limit; the others keep editing', async () => {
    const r = await room();
    const ana = await r.connect(r.ana);
    const bo = await r.connect(r.bo);
    const mallory = await r.connect(r.mallory);
    const closed = await fill(mallory, waitForClose(mallory.provider, 60_000));
    mallory.provider.destroy();
    expect(closed.code).toBe(4414);
    expect(closed.reason).toMatch(/this change was not saved/);
    const size = await r.server.documents.withDocument(r.name, (doc) => Y.encodeStateAsUpdate(doc).byteLength);
    // Her share is 4 MiB of 16; the rate (2 MiB at once) stops her first.
    expect(size).toBeLessThan(4.5 * 1024 * 1024);
    addMarker(ana.doc, 'ana after');
    await vi.waitFor(() => expect(markersIn(bo.doc)).toContain('ana after'), 5000);
    expect(ana.provider.wsconnected).toBe(true);
    expect(bo.provider.wsconnected).toBe(true);
  }, 120_000);

  it('[SY20] the facilitator can recover a full room: a restored snapshot frees it, members edit again', async () => {
    // One member may fill it here (a share of 100 %), to get a full room at all.
    const r = await room({ MAX_DOCUMENT_BYTES: String(256 * 1024), PERSON_SHARE_PERCENT: '100' });
    const ana = await r.connect(r.ana);
    addMarker(ana.doc, 'before');
    await vi.waitFor(async () => expect(markersIn(await r.server.documents.withDocument(r.name, (d) => d))).toContain('before'), 5000);
    const snapshot = await api(r.server.url, 'POST', `/workshops/${r.w.workshopId}/snapshots`, undefined, r.w.facilitatorToken);
    expect(snapshot.status).toBe(201);
    const mallory = await r.connect(r.mallory);
    const closed = await fill(mallory, waitForClose(mallory.provider, 60_000));
    mallory.provider.destroy();
    expect(closed.code).toBe(4413);
    // Full: Ana is refused too.
    const anaClosed = waitForClose(ana.provider, 10_000);
    addMarker(ana.doc, 'x'.repeat(6000));
    expect((await anaClosed).code).toBe(4413);
    ana.provider.destroy();

    const restored = await api(r.server.url, 'POST', `/workshops/${r.w.workshopId}/rooms/1/restore`, { snapshotId: snapshot.body.snapshot.id }, r.w.facilitatorToken);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    const bo = await r.connect(r.bo);
    const again = await r.connect(r.ana);
    expect(markersIn(again.doc)).toEqual(['before']);
    addMarker(again.doc, 'y'.repeat(6000));
    await vi.waitFor(() => expect(markersIn(bo.doc)).toContain('y'.repeat(6000)), 5000);
    expect(again.provider.wsconnected).toBe(true);
  }, 120_000);
});
