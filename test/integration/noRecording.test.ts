import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { roomDocName } from '@roomtable/core';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

/** Every byte the server left in its data folder (database, WAL, anything else). */
function everythingOnDisk(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((f) => readFileSync(path.join(dir, f))));
}

describe('[NR] nothing said in a room is recorded', () => {
  it('presence never reaches the disk; no name or participant id is in a room document or a snapshot', async () => {
    const server = await startTestServer();
    const names = ['Quintessa Marlowe', 'Bartholomew Okonkwo'];
    const w = await createWorkshopWith(server.url, names, { rooms: 1 });
    const base = `/workshops/${w.workshopId}`;
    await api(server.url, 'POST', `${base}/assignment`, {}, w.facilitatorToken);
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, w.facilitatorToken);
    const room = roomDocName(w.workshopId, 1);

    const clients = w.participants.map((p) => connectClient(server.wsUrl, room, p.token));
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    clients.forEach((c, i) => {
      // What the web app puts in awareness: the person's name and colour, and a caret.
      c.provider.awareness.setLocalState({ user: { name: names[i], color: '#0a5' }, cursor: { anchor: 'AWARENESS-ONLY-7f3a' } });
      const table = c.doc.getXmlFragment('default').get(0) as Y.XmlElement;
      const cell = (table.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
      const paragraph = cell.get(0) as Y.XmlElement;
      paragraph.insert(0, [new Y.XmlText(`idea ${i} `)]);
    });
    await vi.waitFor(() => {
      const states = [...clients[0]!.provider.awareness.getStates().values()];
      expect(states.filter((s) => s.cursor?.anchor === 'AWARENESS-ONLY-7f3a').length).toBe(2);
    }, 5000);
    await vi.waitFor(async () => {
      const text = await server.documents.withDocument(room, (d) => d.getXmlFragment('default').toString());
      expect(text).toContain('idea 0');
      expect(text).toContain('idea 1');
    }, 5000);
    // The break-out ends: the server snapshots every room.
    await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, w.facilitatorToken);
    await api(server.url, 'POST', `${base}/snapshots`, {}, w.facilitatorToken);
    for (const c of clients) c.provider.destroy();
    await server.close();

    // The whole data folder: awareness never written.
    const disk = everythingOnDisk(server.dataDir);
    expect(disk.length).toBeGreaterThan(1000);
    expect(disk.includes('AWARENESS-ONLY-7f3a')).toBe(false);

    // Room documents and snapshots, as stored: no names, no participant ids.
    const reopened = await server.restart();
    const stored = await reopened.storage.loadDocument(room);
    const roomBytes = Buffer.concat(stored.updates.map((u) => Buffer.from(u)));
    expect(roomBytes.includes('idea 0')).toBe(true); // the scan does see content
    const snapshots = await reopened.storage.listSnapshots(w.workshopId);
    expect(snapshots.map((s) => s.reason)).toEqual(['breakout-ended', 'facilitator']);
    const snapshotText = (
      await Promise.all(snapshots.map((s) => reopened.storage.getSnapshot(w.workshopId, s.id)))
    )
      .map((s) => s!.data + Buffer.from(JSON.parse(s!.data).rooms[0].state, 'base64').toString('latin1'))
      .join('\n');
    expect(snapshotText).toContain('idea 1');
    for (const secret of [...names, ...names.map((n) => n.split(' ')[1]!), ...w.participants.map((p) => p.id)]) {
      expect(roomBytes.includes(secret), `room document contains ${secret}`).toBe(false);
      expect(snapshotText.includes(secret), `snapshot contains ${secret}`).toBe(false);
    }
  });
});
