import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, DocumentRoom, type Connection, type DocumentRoomOptions, type SessionOptions } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

// Issue 21 item 3: one member could fill a room to its size limit in 2.2 s, after which everyone,
// the facilitator included, was refused with 4413 for good. Rules SY20 and SY24 (packages/sync/SPEC.md).

const rooms: DocumentRoom[] = [];
const clients: TestClient[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
  for (const client of clients.splice(0)) client.destroy();
});

function makeRoom(options: DocumentRoomOptions): DocumentRoom {
  const room = new DocumentRoom('w1/room/1', options);
  rooms.push(room);
  return room;
}

function join(room: DocumentRoom, key: string, options: Partial<SessionOptions> = {}, client = new TestClient()): TestClient {
  clients.push(client);
  if (client.transport.closed) client.newTransport();
  const session = room.join(client.transport, { canWrite: () => true, identity: { key, name: key, role: 'participant' }, ...options });
  const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
  client.attach(connection);
  pump([client]);
  return client;
}

describe('personal budgets in a document', () => {
  it('[SY24] a member past their share is refused with 4414 well before the limit; the others keep editing', () => {
    const timers = new FakeTimers();
    const room = makeRoom({
      maxDocumentBytes: 64 * 1024,
      personal: { share: 0.25, bytesPerMinute: 1024 * 1024, burstBytes: 1024 * 1024 },
      clock: timers,
    });
    const mallory = join(room, 'participant:mallory');
    const ana = join(room, 'participant:ana');
    let rows = 0;
    while (!mallory.transport.closed && rows < 100) {
      addRow(mallory.doc, 'm'.repeat(1000));
      rows++;
    }
    expect(mallory.transport.closed).toEqual({ code: CloseCode.PersonalLimit, reason: expect.stringMatching(/share of this document is used up/) });
    // A quarter of 64 KiB: her 17th row of 1 KB is refused, far from the document's limit.
    expect(rowsOf(room.doc)).toHaveLength(rows - 1);
    expect(room.size).toBeLessThan(20 * 1024);
    // Another connection of hers is still her: refused as well.
    const again = join(room, 'participant:mallory');
    addRow(again.doc, 'm'.repeat(1000));
    expect(again.transport.closed?.code).toBe(CloseCode.PersonalLimit);
    for (let i = 0; i < 20; i++) addRow(ana.doc, `ana ${i}`);
    expect(ana.transport.closed).toBeNull();
    expect(rowsOf(room.doc).filter((r) => r.startsWith('ana'))).toHaveLength(20);
  });

  it('[SY24] a member past the bytes of a minute is refused; a minute later they may add again; the exempt facilitator is never counted', () => {
    const timers = new FakeTimers();
    const room = makeRoom({ personal: { share: 1, bytesPerMinute: 6000, burstBytes: 6000 }, clock: timers });
    const bo = join(room, 'participant:bo');
    for (let i = 0; i < 5; i++) addRow(bo.doc, 'b'.repeat(1000));
    addRow(bo.doc, 'b'.repeat(1000));
    expect(bo.transport.closed).toEqual({ code: CloseCode.PersonalLimit, reason: expect.stringMatching(/in the last minute/) });
    timers.advance(60_000);
    const back = join(room, 'participant:bo', {}, bo);
    addRow(back.doc, 'after a minute');
    expect(back.transport.closed).toBeNull();
    expect(rowsOf(room.doc)).toContain('after a minute');
    const facilitator = join(room, 'facilitator', { exemptFromPersonalBudget: true });
    for (let i = 0; i < 20; i++) addRow(facilitator.doc, 'f'.repeat(1000));
    expect(facilitator.transport.closed).toBeNull();
  });
});

describe('a full document is not read-only for good', () => {
  function fill(): { room: DocumentRoom; writer: TestClient } {
    const room = makeRoom({ maxDocumentBytes: 4096 });
    const writer = join(room, 'participant:ana');
    addRow(writer.doc, 'a'.repeat(1800));
    addRow(writer.doc, 'b'.repeat(1800));
    addRow(writer.doc, 'c'.repeat(1800));
    expect(writer.transport.closed?.code).toBe(CloseCode.DocumentTooLarge);
    expect(rowsOf(room.doc)).toHaveLength(2);
    return { room, writer };
  }

  it('[SY20] a change that only deletes passes on a full document, and what it freed can be used again', () => {
    const { room } = fill();
    const bo = join(room, 'participant:bo');
    bo.doc.getArray('rows').delete(0, 1);
    expect(bo.transport.closed).toBeNull();
    expect(rowsOf(room.doc)).toEqual(['b'.repeat(1800)]);
    addRow(bo.doc, 'd'.repeat(1800));
    expect(bo.transport.closed).toBeNull();
    expect(rowsOf(room.doc)).toEqual(['b'.repeat(1800), 'd'.repeat(1800)]);
  });

  it('[SY20] after the server replaces a full document\'s content (a restore), members can edit again', () => {
    const { room } = fill();
    // What a restore does: one server-side update deleting the rows and writing the snapshot's.
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(scratch);
    scratch.transact(() => {
      const rows = scratch.getArray<Y.Map<string>>('rows');
      rows.delete(0, rows.length);
      addRow(scratch, 'restored');
    });
    room.applyUpdate(Y.encodeStateAsUpdate(scratch, before), 'server');
    scratch.destroy();
    const ana = join(room, 'participant:ana');
    addRow(ana.doc, 'e'.repeat(1800));
    expect(ana.transport.closed).toBeNull();
    expect(rowsOf(room.doc)).toEqual(['restored', 'e'.repeat(1800)]);
  });
});
