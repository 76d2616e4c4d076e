import { readRows, DEFAULT_TEMPLATE, roomDocName } from '@roomtable/core';
import { WebSocket } from 'ws';
import { describe, expect, it, vi } from 'vitest';
import { createWorkshopWith } from '../helpers/api';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import { startBreakout } from '../helpers/startBreakout';
import { startTestServer } from '../helpers/testServer';
import { typeInto } from '../helpers/typeInto';

/** A workshop of `names` in one room, in the break-out: everyone may write to room 1. */
async function roomInBreakout(url: string, names: string[]) {
  const w = await createWorkshopWith(url, names, { rooms: 1, suggestions: ['Share information'] });
  await startBreakout(url, w.workshopId, w.facilitatorToken, 's');
  return w;
}

describe('sync with stock y-websocket clients', () => {
  it('five clients editing concurrently converge', async () => {
    const server = await startTestServer();
    const w = await roomInBreakout(server.url, ['Ana', 'Bo', 'Chen', 'Dede', 'Eli']);
    const name = roomDocName(w.workshopId, 1);
    const clients = w.participants.map((p) => connectClient(server.wsUrl, name, p.token));
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    clients.forEach((c, i) => {
      for (let k = 0; k < 20; k++) typeInto(c.doc, 0, 1, `${i}`);
    });
    await vi.waitFor(() => {
      const states = clients.map((c) => JSON.stringify(readRows(c.doc, DEFAULT_TEMPLATE)));
      expect(new Set(states).size).toBe(1);
      const benefit = readRows(clients[0]!.doc, DEFAULT_TEMPLATE)[0]!.benefit as string;
      expect(benefit.length).toBe(100);
      for (let i = 0; i < 5; i++) expect(benefit.split(String(i)).length - 1).toBe(20);
    }, 5000);
  });

  it('documents survive a server restart', async () => {
    let server = await startTestServer();
    const w = await roomInBreakout(server.url, ['Ana']);
    const name = roomDocName(w.workshopId, 1);
    const a = connectClient(server.wsUrl, name, w.participants[0]!.token);
    await waitForSync(a.provider);
    typeInto(a.doc, 0, 1, 'Faster incident response');
    await vi.waitFor(async () => {
      const rows = await server.documents.withDocument(name, (doc) => readRows(doc, DEFAULT_TEMPLATE));
      expect(rows[0]!.benefit).toBe('Faster incident response');
    }, 5000);
    await server.documents.flush();
    a.provider.destroy();
    server = await server.restart();
    const b = connectClient(server.wsUrl, name, w.participants[0]!.token);
    await waitForSync(b.provider);
    expect(readRows(b.doc, DEFAULT_TEMPLATE)).toEqual([
      { suggestion: 'Share information', benefit: 'Faster incident response', impact: null, needed: '', effort: null },
    ]);
  });

  it('a bad token gets no document data', async () => {
    const server = await startTestServer();
    const w = await roomInBreakout(server.url, ['Ana']);
    const url = `${server.wsUrl}/${roomDocName(w.workshopId, 1)}?token=${encodeURIComponent(w.participants[0]!.token + 'x')}`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const received: unknown[] = [];
    ws.on('message', (m) => received.push(m));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(closed.code).toBe(4401);
    expect(received).toEqual([]);
  });

  it('a token of another workshop cannot open this one', async () => {
    const server = await startTestServer();
    const w1 = await roomInBreakout(server.url, ['Ana']);
    const w2 = await roomInBreakout(server.url, ['Bo']);
    const intruder = connectClient(server.wsUrl, roomDocName(w1.workshopId, 1), w2.participants[0]!.token);
    const closed = await waitForClose(intruder.provider);
    expect(closed.code).toBe(4403);
    expect(intruder.doc.getXmlFragment('default').length).toBe(0);
  });

  it('a malformed frame closes only its own connection', async () => {
    const server = await startTestServer();
    const w = await roomInBreakout(server.url, ['Ana', 'Bo']);
    const name = roomDocName(w.workshopId, 1);
    const good = connectClient(server.wsUrl, name, w.participants[0]!.token);
    await waitForSync(good.provider);
    const before = JSON.stringify(readRows(good.doc, DEFAULT_TEMPLATE));

    const bad = new WebSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(w.participants[1]!.token)}`);
    await new Promise((r) => bad.on('open', r));
    const closed = new Promise<number>((resolve) => bad.on('close', (code) => resolve(code)));
    bad.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3])); // update with a huge declared length
    expect(await closed).toBe(4400);

    typeInto(good.doc, 0, 3, 'still fine');
    const other = connectClient(server.wsUrl, name, w.participants[1]!.token);
    await waitForSync(other.provider);
    await vi.waitFor(() => expect(readRows(other.doc, DEFAULT_TEMPLATE)[0]!.needed).toBe('still fine'), 5000);
    expect(good.provider.wsconnected).toBe(true);
    expect(JSON.parse(before)[0].suggestion).toBe('Share information');
  });

  it('an oversized frame is refused with 1009 and nothing reaches the document', async () => {
    // The frame limit follows the document limit (65,536 + 64 bytes of framing here).
    const server = await startTestServer({ env: { MAX_DOCUMENT_BYTES: '65536' } });
    const w = await roomInBreakout(server.url, ['Ana']);
    const name = roomDocName(w.workshopId, 1);
    const ws = new WebSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(w.participants[0]!.token)}`);
    await new Promise((r) => ws.on('open', r));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(new Uint8Array(70_000));
    expect(await closed).toBe(1009);
    expect(await server.storage.countUpdates(name)).toBeLessThanOrEqual(1);
  });
});
