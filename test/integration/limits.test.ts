import { plenaryDocName, readNotesText, roomDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import { writeNotes } from '../helpers/notesText';
import { startTestServer } from '../helpers/testServer';

async function breakout(url: string, names: string[]) {
  const w = await createWorkshopWith(url, names, { rooms: 1 });
  await api(url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken);
  return w;
}

describe('limits answer with a clear close code', () => {
  it('connections per token: past the limit 4429; a freed slot can be used again', async () => {
    const server = await startTestServer({ env: { MAX_CONNECTIONS_PER_TOKEN: '2' } });
    const w = await breakout(server.url, ['Ana', 'Bo']);
    const name = roomDocName(w.workshopId, 1);
    const token = w.participants[0]!.token;
    const a = connectClient(server.wsUrl, name, token);
    const b = connectClient(server.wsUrl, name, token);
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);
    const c = connectClient(server.wsUrl, name, token);
    const closed = await waitForClose(c.provider);
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/too many connections/);
    c.provider.destroy();
    // Another person is not affected by Ana's limit.
    const other = connectClient(server.wsUrl, name, w.participants[1]!.token);
    await waitForSync(other.provider);
    a.provider.destroy();
    await vi.waitFor(async () => {
      const d = connectClient(server.wsUrl, name, token);
      try {
        await waitForSync(d.provider, 1000);
      } finally {
        d.provider.destroy();
      }
    }, 5000);
  });

  it('document size: a change past the limit closes with 4413 and is not stored', async () => {
    const server = await startTestServer({ env: { MAX_DOCUMENT_BYTES: '65536' } });
    const w = await breakout(server.url, ['Ana', 'Bo']);
    // The plenary notes can grow this far (a room table bounds every cell): the facilitator writes.
    const name = plenaryDocName(w.workshopId);
    const ana = connectClient(server.wsUrl, name, w.facilitatorToken);
    const bo = connectClient(server.wsUrl, name, w.participants[1]!.token);
    await Promise.all([waitForSync(ana.provider), waitForSync(bo.provider)]);
    // The frame limit is the document limit plus framing, so a change larger than the whole
    // limit is refused by its frame (1009, see socketEdges.test.ts); this one fits in a frame but
    // not in what is left of the document.
    writeNotes(ana.doc, 'x'.repeat(40_000));
    await vi.waitFor(() => expect(readNotesText(bo.doc).split('\n')).toEqual(['x'.repeat(40_000)]), 5000);
    const closed = waitForClose(ana.provider);
    writeNotes(ana.doc, 'y'.repeat(40_000));
    expect((await closed).code).toBe(4413);
    ana.provider.destroy();
    await server.documents.flush();
    const stored = await server.documents.withDocument(name, (d) => readNotesText(d).split('\n'));
    expect(stored).toEqual(['x'.repeat(40_000)]);
    expect(readNotesText(bo.doc).split('\n')).toEqual(['x'.repeat(40_000)]);
    expect(bo.provider.wsconnected).toBe(true);
  });
});
