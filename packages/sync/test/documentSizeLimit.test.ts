import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, DocumentRoom, type Connection } from '../src/index';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

const rooms: DocumentRoom[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

function connect(room: DocumentRoom, client: TestClient): void {
  const session = room.join(client.transport, { canWrite: () => true });
  const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
  client.attach(connection);
}

describe('document size limit', () => {
  it('[SY20] a change that would grow the document past its limit is refused whole with 4413', () => {
    const room = new DocumentRoom('w1/room/1', { maxDocumentBytes: 4096 });
    rooms.push(room);
    const writer = new TestClient();
    const reader = new TestClient();
    connect(room, writer);
    connect(room, reader);
    pump([writer, reader]);

    addRow(writer.doc, 'small idea');
    pump([writer, reader]);
    expect(rowsOf(room.doc)).toEqual(['small idea']);

    addRow(writer.doc, 'x'.repeat(8000));
    pump([writer, reader]);
    expect(writer.transport.closed).toEqual({ code: CloseCode.DocumentTooLarge, reason: expect.stringMatching(/too large/) });
    expect(rowsOf(room.doc)).toEqual(['small idea']);
    expect(rowsOf(reader.doc)).toEqual(['small idea']);
    expect(reader.transport.closed).toBeNull();
    expect(room.size).toBeLessThan(4096);
  });
});
