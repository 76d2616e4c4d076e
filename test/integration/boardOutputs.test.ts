import { addFrame, addNote, boardDocName, moveCluster, readBoard, readBoardAnnotations } from '@roomtable/core';
import { MemoryStorage } from '@roomtable/sync';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

async function plenary(options: { storage?: MemoryStorage } = {}) {
  const server = await startTestServer(options.storage ? { storage: options.storage } : {});
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 2, suggestions: ['Clarify the scope', 'Publish </text><script>x</script> minutes'] });
  const base = `/workshops/${w.workshopId}`;
  const f = w.facilitatorToken;
  const call = (method: string, route: string, body?: unknown) => api(server.url, method, `${base}${route}`, body, f);
  await call('POST', '/assignment', { seed: 'outputs' });
  await call('POST', '/phase', { phase: 'breakout' });
  const snapshots = async () => (await call('GET', '/snapshots')).body.snapshots as Array<{ id: string; reason: string }>;
  const download = async (format: string) => {
    const res = await fetch(`${server.url}/api${base}/export?format=${format}`, { headers: { authorization: `Bearer ${f}` } });
    return { status: res.status, csp: res.headers.get('content-security-policy'), text: await res.text() };
  };
  return { server, w, f, call, snapshots, download };
}

describe('the board in the outputs', () => {
  it('[BO1][BO2][BO4][BO5][BO7] closing snapshots the board as moved, notes and frames too; the snapshot shows it; the exports carry it', async () => {
    const { server, w, f, call, snapshots, download } = await plenary();
    expect((await call('POST', '/phase', { phase: 'reporting' })).status).toBe(200);
    const fac = connectClient(server.wsUrl, boardDocName(w.workshopId), f);
    await waitForSync(fac.provider);
    await vi.waitFor(() => expect(readBoard(fac.doc)).not.toBeNull(), 5000);
    const cluster = readBoard(fac.doc)!.clusters[0]!.id;
    moveCluster(fac.doc, cluster, { x: 1500, y: 40 });
    // A sticky note and a frame go with the stacks into the snapshot and the exports [BO7].
    addNote(fac.doc, 'note:integration1', { x: 900, y: 600 }, 'Ask the ccNSO council');
    addFrame(fac.doc, 'frame:integration1', { x: 0, y: 0, width: 700, height: 500 }, 'Quick wins');
    // The move has reached the server once a fresh reader sees it.
    const reader = connectClient(server.wsUrl, boardDocName(w.workshopId), w.participants[0]!.token);
    await waitForSync(reader.provider);
    await vi.waitFor(() => expect(readBoard(reader.doc)!.positions[cluster]).toEqual({ x: 1500, y: 40 }), 5000);
    await vi.waitFor(() => expect(readBoardAnnotations(reader.doc).notes).toHaveLength(1), 5000);

    // On demand: the facilitator's snapshot holds the board as it is at that moment.
    const taken = (await call('POST', '/snapshots')).body.snapshot.id as string;
    expect((await call('GET', `/snapshots/${taken}`)).body.snapshot.hasBoard).toBe(true);
    expect((await call('GET', `/snapshots/${taken}/board`)).body.board.positions[cluster]).toEqual({ x: 1500, y: 40 });

    expect((await call('POST', '/phase', { phase: 'closed' })).status).toBe(200);
    const list = (await snapshots()).filter((s) => s.id !== taken);
    expect(list.map((s) => s.reason)).toEqual(['breakout-ended', 'plenary-ended']);
    const [ended, plen] = await Promise.all(list.map(async (s) => (await call('GET', `/snapshots/${s.id}`)).body.snapshot));
    // The break-out's end is what the board was built from: it holds no board yet.
    expect([ended.hasBoard, plen.hasBoard, plen.rooms.length]).toEqual([false, true, 2]);
    expect(ended.board).toBeUndefined();
    expect((await call('GET', `/snapshots/${list[0]!.id}/board`)).body).toEqual({ board: null, annotations: null });
    const { board } = (await call('GET', `/snapshots/${list[1]!.id}/board`)).body;
    expect(board.snapshotId).toBe(list[0]!.id);
    expect(board.positions[cluster]).toEqual({ x: 1500, y: 40 });
    expect(board.clusters.map((c: { cardIds: string[] }) => c.cardIds.length)).toEqual([2, 2]);
    const { annotations } = (await call('GET', `/snapshots/${list[1]!.id}/board`)).body;
    expect(annotations).toEqual({
      notes: [{ id: 'note:integration1', x: 900, y: 600, text: 'Ask the ccNSO council' }],
      frames: [{ id: 'frame:integration1', x: 0, y: 0, width: 700, height: 500, name: 'Quick wins' }],
    });
    expect((await call('GET', '/snapshots/s_nope/board')).status).toBe(404);

    // Moving it after the close changes the live board, never the snapshot.
    moveCluster(fac.doc, cluster, { x: 2, y: 2 });
    await vi.waitFor(() => expect(readBoard(reader.doc)!.positions[cluster]).toEqual({ x: 2, y: 2 }), 5000);
    expect((await call('GET', `/snapshots/${list[1]!.id}/board`)).body.board.positions[cluster]).toEqual({ x: 1500, y: 40 });

    const html = await download('html');
    expect(html.status).toBe(200);
    expect(html.csp).toContain("default-src 'none'");
    expect(html.text).toContain('<h2>The board</h2>');
    expect(html.text).toMatch(new RegExp(`<g data-cluster="${cluster}" data-number="\\d+"><rect x="8" y="8"[^>]*/><rect x="2" y="2"`));
    expect(html.text).not.toContain('<script');
    expect(html.text).toContain('&#60;/text&#62;&#60;script&#62;');
    expect(html.text).toMatch(/<g data-frame="frame:integration1"><rect x="0" y="0" width="700" height="500"/);
    expect(html.text).toMatch(/<g data-note="note:integration1"><rect x="900" y="600" width="200" height="120"/);

    const json = JSON.parse((await download('json')).text);
    const inJson = json.board.clusters.find((c: { id: string }) => c.id === cluster);
    expect({ x: inJson.x, y: inJson.y, cards: inJson.cardIds.length }).toEqual({ x: 2, y: 2, cards: 2 });
    expect(json.board.cards).toHaveLength(4);
    expect(json.board.notes).toEqual([{ id: 'note:integration1', x: 900, y: 600, width: 200, height: 120, text: 'Ask the ccNSO council' }]);
    expect(json.board.frames.map((fr: { name: string }) => fr.name)).toEqual(['Quick wins']);

    const csv = (await download('csv')).text.split('\r\n');
    expect(csv[0]!.endsWith(',poll,cluster,cluster_id,board_x,board_y')).toBe(true);
    expect(csv.filter((l) => l.endsWith(`,${inJson.number},${cluster},2,2`))).toHaveLength(2);
    fac.provider.destroy();
    reader.provider.destroy();
  });

  it('[BO1] reopening the rooms snapshots the plenary that ends; closing from the break-out snapshots the board just built; no board, no snapshot', async () => {
    const a = await plenary();
    await a.call('POST', '/phase', { phase: 'reporting' });
    await a.call('POST', '/phase', { phase: 'breakout' });
    expect((await a.snapshots()).map((s) => s.reason)).toEqual(['breakout-ended', 'plenary-ended']);
    expect((await a.call('POST', '/phase', { phase: 'closed' })).status).toBe(200);
    const list = await a.snapshots();
    // Closing from the break-out: its end, then the board rebuilt from it.
    expect(list.map((s) => s.reason)).toEqual(['breakout-ended', 'plenary-ended', 'breakout-ended', 'plenary-ended']);
    const last = (await a.call('GET', `/snapshots/${list[3]!.id}/board`)).body;
    expect(last.board.snapshotId).toBe(list[2]!.id);

    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1 });
    await api(server.url, 'POST', `/workshops/${w.workshopId}/assignment`, { seed: 's' }, w.facilitatorToken);
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'closed' }, w.facilitatorToken)).status).toBe(200);
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}/snapshots`, undefined, w.facilitatorToken)).body.snapshots).toEqual([]);
  });

  it('[BO1] the board snapshot failing takes the close back: nothing changed, and it says so', async () => {
    const storage = new MemoryStorage();
    const addSnapshot = storage.addSnapshot.bind(storage);
    let fail = false;
    storage.addSnapshot = async (snapshot) => {
      if (fail) throw new Error('disk full');
      return addSnapshot(snapshot);
    };
    const { call, snapshots } = await plenary({ storage });
    await call('POST', '/phase', { phase: 'reporting' });
    fail = true;
    const refused = await call('POST', '/phase', { phase: 'closed' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('change_not_made');
    expect(refused.body.error.message).toContain('the snapshot of the board at the end of the plenary could not be stored (disk full)');
    expect((await call('GET', '')).body.workshop.phase).toBe('reporting');
    fail = false;
    expect((await call('POST', '/phase', { phase: 'closed' })).status).toBe(200);
    expect((await snapshots()).map((s) => s.reason)).toEqual(['breakout-ended', 'plenary-ended']);
  });
});
