import { DEFAULT_TEMPLATE, ROOM_FIELD, readRows, roomDocName } from '@roomtable/core';
import * as encoding from 'lib0/encoding';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { HALF_APPLYING_FRAMES } from '../../packages/sync/test/fixtures/halfApplyingFrames';
import { at, deleteFrame, mapChain, nest, table } from '../../packages/sync/test/helpers/roomBuilders';
import { tryUpdate } from '../../packages/sync/test/helpers/updateFuzzer';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { connectSaveCheckClient, type SaveCheckClient } from '../helpers/saveCheckClient';
import { startBreakout } from '../helpers/startBreakout';
import { addMarker, markersIn } from '../helpers/tableMarkers';
import { startTestServer, type TestServer } from '../helpers/testServer';

// Hostile documents over the real server (issue 12 "Hostile documents", issue 21 item 1, issue 13
// item 2): Mallory is a member of room 1 with her own participant token and a plain Yjs client;
// Ana edits the same room with the stock y-websocket client. Rule ids: packages/core/SPEC.md [RT…],
// packages/sync/SPEC.md [SY…].

async function roomInBreakout() {
  const server = await startTestServer();
  const w = await createWorkshopWith(server.url, ['Ana', 'Mallory'], { rooms: 1, suggestions: ['Publish minutes', 'Run a survey'] });
  await startBreakout(server.url, w.workshopId, w.facilitatorToken, 's');
  const [ana, mallory] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];
  const name = roomDocName(w.workshopId, 1);
  const anaClient = connectClient(server.wsUrl, name, ana.token);
  await waitForSync(anaClient.provider);
  let disconnects = 0;
  anaClient.provider.on('status', ({ status }: { status: string }) => void (status === 'disconnected' && disconnects++));
  return { server, w, name, ana: anaClient, mallory: mallory.token, disconnects: () => disconnects };
}

/** The document as storage holds it (after a flush). */
async function stored(server: TestServer, name: string): Promise<Y.Doc> {
  await server.documents.flush();
  const doc = new Y.Doc();
  for (const update of (await server.storage.loadDocument(name)).updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Progress, a new snapshot, the snapshot's rows and downloads, the plan, every export, a diff: all answer 2xx. */
async function everyReaderAnswers(server: TestServer, id: string, token: string): Promise<void> {
  const get = async (route: string) => {
    const res = await fetch(`${server.url}/api${route}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, `GET ${route}: ${await res.clone().text()}`).toBe(200);
    await res.arrayBuffer();
  };
  await get(`/workshops/${id}/progress`);
  const snapshot = await api(server.url, 'POST', `/workshops/${id}/snapshots`, undefined, token);
  expect(snapshot.status, JSON.stringify(snapshot.body)).toBe(201);
  const sid = snapshot.body.snapshot.id as string;
  await get(`/workshops/${id}/snapshots/${sid}`);
  await get(`/workshops/${id}/plan`);
  await get(`/workshops/${id}/diff?room=1&from=${sid}&to=live`);
  for (const format of ['markdown', 'csv', 'json', 'html']) {
    await get(`/workshops/${id}/export?format=${format}`);
    await get(`/workshops/${id}/snapshots/${sid}/download?format=${format}`);
  }
}

/** Mallory's plain Yjs client, synced to the room. */
async function malloryIn(server: TestServer, name: string, token: string): Promise<SaveCheckClient> {
  const client = connectSaveCheckClient(server.wsUrl, name, token);
  await client.synced;
  return client;
}

/** Ana keeps working: her edit reaches a newcomer and is stored before it is acknowledged. */
async function anaCarriesOn(server: TestServer, name: string, ana: ReturnType<typeof connectClient>, token: string, marker: string) {
  addMarker(ana.doc, marker);
  const reader = connectSaveCheckClient(server.wsUrl, name, token);
  await reader.synced;
  await vi.waitFor(() => expect(markersIn(reader.doc)).toContain(marker), 5000);
  expect(await reader.saveCheck()).toBe(true);
  reader.close();
  expect(markersIn(await stored(server, name))).toContain(marker);
}

const VIOLATIONS: Array<[string, (doc: Y.Doc) => void, RegExp]> = [
  ['a top-level Y.XmlText in the default fragment', (d) => d.getXmlFragment(ROOM_FIELD).insert(1, [new Y.XmlText('el.toArray is not a function')]), /^text outside the table \[RT1\]$/],
  ['an unknown node in a cell', (d) => at(d, 1, 0).insert(0, [new Y.XmlElement('script')]), /^a "script" element in a text cell \(row 1, Suggestion\) \[RT6\]$/],
  ['a second table', (d) => d.getXmlFragment(ROOM_FIELD).insert(1, [table(d).clone()]), /^a second table \[RT1\]$/],
  ['text directly in a row', (d) => at(d, 2).insert(1, [new Y.XmlText('loose')]), /^text in place of a cell \(row 2, Envisioned benefit \(impact\)\) \[RT4\]$/],
  ['a bad rating value', (d) => at(d, 1, 2, 0).setAttribute('value', 'X'), /^a rating must be H, M or L \(row 1, Impact H\/M\/L\) \[RT7\]$/],
  ['a renamed heading', (d) => (at(d, 0, 0, 0).get(0) as Y.XmlText).insert(0, 'Our '), /^the heading "Suggestion" was changed \[RT3\]$/],
  ['a cell nested 6,000 paragraphs deep', (d) => nest(at(d, 1, 1), 6000), /^nesting deeper than 8 levels is not allowed \[SY11\]$/],
  ['a chain of 3,000 maps under a root map', (d) => mapChain(d, 3000), /^this document has no part "deep" a change may write \[SY10\]$/],
];

describe('hostile documents from a participant\'s plain Yjs client', () => {
  it.each(VIOLATIONS)('[SY12] %s: refused with 4422, stored document unchanged, Ana unaffected, every reader 200', async (_name, change, reason) => {
    const { server, w, name, ana, mallory, disconnects } = await roomInBreakout();
    const before = await stored(server, name);
    const client = await malloryIn(server, name, mallory);
    let bytes = 0;
    client.doc.once('update', (u: Uint8Array) => (bytes = u.byteLength));
    change(client.doc);
    const closed = await client.closed;
    expect(closed.code).toBe(4422);
    expect(closed.reason).toMatch(reason);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    if (_name.includes('6,000')) expect(bytes).toBeGreaterThan(100_000);
    const after = await stored(server, name);
    expect(Y.encodeStateVector(after)).toEqual(Y.encodeStateVector(before));
    expect([...after.share.keys()]).toEqual([...before.share.keys()]);
    expect(readRows(ana.doc, DEFAULT_TEMPLATE)).toEqual(readRows(before, DEFAULT_TEMPLATE));
    await anaCarriesOn(server, name, ana, w.facilitatorToken, 'Ana after the attack');
    expect(disconnects()).toBe(0);
    await everyReaderAnswers(server, w.workshopId, w.facilitatorToken);
  });

  it('[SY14] [SY15] issue 21: the chain is refused, the 13-byte delete after it cannot wedge the room', async () => {
    const { server, w, name, ana, mallory, disconnects } = await roomInBreakout();
    const client = await malloryIn(server, name, mallory);
    client.doc.clientID = 0x9a000001; // a five-byte varint, as most random client ids: the frame is 13 bytes
    mapChain(client.doc, 3000);
    expect((await client.closed).code).toBe(4422);
    const frame = deleteFrame(client.doc.clientID, 0);
    expect(Array.from(frame.slice(0, 5))).toEqual([0x00, 0x02, 0x0a, 0x00, 0x01]);
    expect(frame.byteLength).toBe(13);
    const raw = await malloryIn(server, name, mallory);
    raw.ws.send(frame);
    // It deletes what the server never took: not applied, and Mallory is told to resync.
    expect((await raw.closed).code).toBe(1013);
    await anaCarriesOn(server, name, ana, w.facilitatorToken, 'Ana after the frame');
    expect(disconnects()).toBe(0);
    await everyReaderAnswers(server, w.workshopId, w.facilitatorToken);
  });

  it('[SY12] [SY14] fuzzed frames that half-apply in plain Yjs: refused whole, nothing stored, Ana unaffected', async () => {
    const { server, w, name, ana, mallory, disconnects } = await roomInBreakout();
    const before = await stored(server, name);
    const state = Y.encodeStateAsUpdate(before);
    const refused: number[] = [];
    for (const found of HALF_APPLYING_FRAMES) {
      const raw = await malloryIn(server, name, mallory);
      const update = Buffer.from(found.hex, 'hex');
      // What plain Yjs does with it on this room's state: this room's seed is the fuzzer's, so a frame
      // found on an empty document arrives here with every struct known, and one of them applies.
      const plain = tryUpdate(state, update);
      raw.ws.send(encoding.encode((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }));
      // Answered: the server took it (stored first); closed: refused.
      if (await raw.saveCheck()) {
        expect(plain.outcome, `${found.base}: ${found.error}`).toBe('applied');
        raw.close();
        await raw.closed;
      } else {
        const { code } = await raw.closed;
        // 4400 where Yjs throws on it (the protocol tests pin which); never taken.
        expect([4400, 4422, 1013], `${found.base}: ${found.error}`).toContain(code);
        refused.push(code);
      }
    }
    expect(refused).toContain(4400);
    const after = await stored(server, name);
    expect(Y.encodeStateVector(after)).toEqual(Y.encodeStateVector(before));
    await anaCarriesOn(server, name, ana, w.facilitatorToken, 'Ana after the fuzz');
    expect(disconnects()).toBe(0);
    await everyReaderAnswers(server, w.workshopId, w.facilitatorToken);
  });
});

describe('a room that already holds hostile content (stored before these rules)', () => {
  it('[RT10] [PH8] every reader answers 200, the break-out ends with its snapshot, the 13-byte delete is refused', async () => {
    const { server, w, name, ana, mallory } = await roomInBreakout();
    // Written server-side, past admission, as content stored by an older server would be.
    const chainTop = await server.documents.withDocument(name, (doc) => {
      nest(at(doc, 1, 1), 6000);
      doc.getXmlFragment(ROOM_FIELD).insert(1, [new Y.XmlText('stray text')]);
      mapChain(doc, 3000);
      return (doc.getMap('deep')._map.get('c') as Y.Item).id;
    });
    await everyReaderAnswers(server, w.workshopId, w.facilitatorToken);
    const raw = await malloryIn(server, name, mallory);
    raw.ws.send(deleteFrame(chainTop.client, chainTop.clock));
    const closed = await raw.closed;
    expect(closed).toEqual({ code: 4422, reason: 'this document has no part "deep" a change may write [SY10]' });
    // Ana's plain edits in the valid cells go on, stored and forwarded.
    await anaCarriesOn(server, name, ana, w.facilitatorToken, 'Ana in an old room');
    const ended = await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const list = await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken);
    const end = (list.body.snapshots as Array<{ id: string; reason: string }>).find((s) => s.reason === 'breakout-ended');
    expect(end).toBeDefined();
    const rows = (await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots/${end!.id}`, undefined, w.facilitatorToken)).body.snapshot.rooms[0].rows;
    expect(rows[0]).toMatchObject({ suggestion: 'Publish minutes|Ana in an old room|', benefit: 'deep' });

    // Its snapshot breaks the room's rules: restoring it is refused and writes nothing.
    const snapshotsBefore = list.body.snapshots.length;
    const live = await stored(server, name);
    const restore = await api(server.url, 'POST', `/workshops/${w.workshopId}/rooms/1/restore`, { snapshotId: end!.id }, w.facilitatorToken);
    expect(restore.status).toBe(422);
    expect(restore.body.error.code).toBe('snapshot_not_restorable');
    expect(restore.body.error.message).toMatch(/^Snapshot s_\S+ cannot be restored into room 1: its table breaks the room's rules \(.+ \[RT\d+\]\)\. Nothing was changed\.$/);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken)).body.snapshots).toHaveLength(snapshotsBefore);
    expect(Y.encodeStateVector(await stored(server, name))).toEqual(Y.encodeStateVector(live));
  });
});
