import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CloseCode,
  DocumentRoom,
  MessageType,
  encodeQueryAwareness,
  encodeSyncUpdate,
  storageOrigin,
  remoteOrigin,
  type Connection,
  type SessionOptions,
} from '../src/index';
import { MemoryTransport } from './helpers/MemoryTransport';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

const writable: SessionOptions = { canWrite: () => true };
const ana: SessionOptions = { canWrite: () => true, identity: { key: 'ana', name: 'Ana', role: 'participant' } };
const rooms: DocumentRoom[] = [];

function newRoom(options: ConstructorParameters<typeof DocumentRoom>[1] = {}): DocumentRoom {
  const room = new DocumentRoom('w1/room/1', options);
  rooms.push(room);
  return room;
}

function connect(room: DocumentRoom, client: TestClient, options: SessionOptions = writable): void {
  const session = room.join(client.transport, options);
  const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
  client.attach(connection);
}

afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

function typeOf(frame: Uint8Array): [number, number | undefined] {
  const d = decoding.createDecoder(frame);
  const type = decoding.readVarUint(d);
  return [type, type === MessageType.Sync ? decoding.readVarUint(d) : undefined];
}

describe('DocumentRoom', () => {
  it('[SY1] sends sync step 1 on join, then the awareness states', () => {
    const room = newRoom();
    const a = new TestClient();
    a.awareness.setLocalState({ cursor: 1 });
    connect(room, a);
    expect(typeOf(a.transport.sent[0]!)).toEqual([MessageType.Sync, 0]);
    // Step 1, then the step 2 answering the client's own step 1; no states to send in an empty
    // room, only the client's own once it announced it (SY18).
    expect(a.transport.sent.map(typeOf)).toEqual([[MessageType.Sync, 0], [MessageType.Sync, 1], [MessageType.Awareness, undefined]]);

    const b = new TestClient();
    connect(room, b);
    expect(typeOf(b.transport.sent[0]!)).toEqual([MessageType.Sync, 0]);
    expect(typeOf(b.transport.sent[1]!)).toEqual([MessageType.Awareness, undefined]);
    pump([a, b]);
    expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ cursor: 1 });
  });

  it('[SY2] two clients converge, including content that existed before they joined', () => {
    const room = newRoom();
    addRow(room.doc, 'seeded');
    const a = new TestClient();
    const b = new TestClient();
    addRow(a.doc, 'offline edit of a');
    connect(room, a);
    connect(room, b);
    pump([a, b]);
    addRow(b.doc, 'from b');
    a.doc.getArray('rows').delete(rowsOf(a.doc).indexOf('seeded'), 1);
    pump([a, b]);
    expect(rowsOf(a.doc)).toEqual(rowsOf(b.doc));
    expect(rowsOf(room.doc)).toEqual(rowsOf(a.doc));
    expect(rowsOf(a.doc).sort()).toEqual(['from b', 'offline edit of a']);
  });

  it('[SY2] five clients editing concurrently converge', () => {
    const room = newRoom();
    const clients = Array.from({ length: 5 }, () => new TestClient());
    for (const c of clients) connect(room, c);
    clients.forEach((c, i) => {
      addRow(c.doc, `row ${i}`);
      c.doc.getText('notes').insert(0, `${i}`);
    });
    pump(clients);
    const expected = Y.encodeStateAsUpdate(room.doc);
    for (const c of clients) {
      expect(rowsOf(c.doc).sort()).toEqual(['row 0', 'row 1', 'row 2', 'row 3', 'row 4']);
      expect(c.doc.getText('notes').toString()).toBe(room.doc.getText('notes').toString());
      expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(room.doc));
    }
    expect(expected.length).toBeGreaterThan(0);
  });

  it('[SY3] changes from a read-only session are never applied, stored or forwarded', () => {
    const changes: Uint8Array[] = [];
    const room = newRoom({ onLocalChange: (u) => changes.push(u) });
    const writer = new TestClient();
    const reader = new TestClient();
    connect(room, writer);
    connect(room, reader, { canWrite: () => false });
    pump([writer, reader]);
    writer.transport.sent.length = 0;
    addRow(reader.doc, 'sneaky');
    pump([writer, reader]);
    expect(rowsOf(room.doc)).toEqual([]);
    expect(rowsOf(writer.doc)).toEqual([]);
    expect(changes).toHaveLength(0);
    expect(writer.transport.sent).toHaveLength(0);
    // ...but the reader still reads.
    addRow(writer.doc, 'visible');
    pump([writer, reader]);
    expect(rowsOf(reader.doc).sort()).toEqual(['sneaky', 'visible']);
    expect(rowsOf(room.doc)).toEqual(['visible']);
  });

  it('[SY3] canWrite is asked on every change, so revoking applies at once', () => {
    const room = newRoom();
    let allowed = true;
    const a = new TestClient();
    connect(room, a, { canWrite: () => allowed });
    pump([a]);
    addRow(a.doc, 'during breakout');
    allowed = false;
    addRow(a.doc, 'after the phase ended');
    expect(rowsOf(room.doc)).toEqual(['during breakout']);
  });

  it('[SY4] every change goes out once to all but its author; storage and remote changes are not persisted', () => {
    const changes: unknown[] = [];
    const room = newRoom({ onLocalChange: (_u, origin) => changes.push(origin) });
    const a = new TestClient();
    const b = new TestClient();
    connect(room, a);
    connect(room, b);
    pump([a, b]);
    a.transport.sent.length = 0;
    b.transport.sent.length = 0;

    addRow(a.doc, 'from a');
    expect(a.transport.sent).toHaveLength(0);
    expect(b.transport.sent).toHaveLength(1);
    room.doc.transact(() => addRow(room.doc, 'server side'));
    expect(a.transport.sent).toHaveLength(1);
    expect(b.transport.sent).toHaveLength(2);
    // The same encoded frame object goes to everybody.
    expect(a.transport.sent[0]).toBe(b.transport.sent[1]);

    const other = new Y.Doc();
    addRow(other, 'from storage');
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(other), storageOrigin);
    const remote = new Y.Doc();
    addRow(remote, 'from another process');
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(remote), remoteOrigin);
    pump([a, b]);
    expect(rowsOf(a.doc)).toHaveLength(4);
    expect(rowsOf(b.doc)).toEqual(rowsOf(a.doc));
    expect(changes).toHaveLength(2);
    expect(changes[1]).toBeNull();
  });

  it('[SY5] awareness is forwarded to others and removed when its session leaves', () => {
    const changes: Uint8Array[] = [];
    const room = newRoom({ onLocalChange: (u) => changes.push(u) });
    const a = new TestClient();
    const b = new TestClient();
    connect(room, a);
    connect(room, b);
    pump([a, b]);
    const sentToA = a.transport.sent.length;
    a.awareness.setLocalState({ name: 'cursor-a' });
    expect(a.transport.sent).toHaveLength(sentToA + 1); // its own awareness comes back too (SY18)
    pump([a, b]);
    expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'cursor-a' });
    expect(room.awareness.getStates().has(a.doc.clientID)).toBe(true);

    a.disconnect();
    expect(room.awareness.getStates().has(a.doc.clientID)).toBe(false);
    pump([b]);
    expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false);
    expect(changes).toHaveLength(0);
  });

  it('[SY5] [SY16] a reconnect that takes over a client id keeps its presence when the old session ends', () => {
    const room = newRoom();
    const a = new TestClient();
    a.awareness.setLocalState({ here: 1 });
    connect(room, a, ana);
    const oldConnection = a.connection!;
    // A new socket for the same client (the same person) before the old one is noticed dead.
    const again = room.join(new MemoryTransport(), ana);
    a.connection = { message: (d) => again.receive(d), close: () => again.leave() };
    a.awareness.setLocalState({ here: 2 });
    oldConnection.close();
    expect(room.awareness.getStates().get(a.doc.clientID)).toEqual({ here: 2 });
  });

  it('[SY9] answers query-awareness with every state', () => {
    const room = newRoom();
    const a = new TestClient();
    a.awareness.setLocalState({ x: 1 });
    connect(room, a);
    const b = new TestClient();
    connect(room, b);
    pump([a, b]);
    b.awareness.getStates().clear();
    b.awareness.meta.clear();
    b.connection!.message(encodeQueryAwareness());
    pump([b]);
    expect(b.awareness.getStates().get(a.doc.clientID)).toEqual({ x: 1 });
  });

  it('[SY7] closes a slow consumer with 4408 instead of buffering', () => {
    const room = newRoom({ maxBufferedBytes: 1000 });
    const a = new TestClient();
    const slow = new TestClient();
    connect(room, a);
    connect(room, slow);
    pump([a, slow]);
    slow.transport.bufferedAmount = 1001;
    addRow(a.doc, 'x');
    expect(slow.transport.closed).toEqual({ code: CloseCode.SlowConsumer, reason: 'slow consumer' });
    expect(room.sessionCount).toBe(1);
    addRow(a.doc, 'y');
    expect(rowsOf(room.doc)).toEqual(['x', 'y']);
  });

  it('[SY8] answers save checks once durable, also for read-only sessions', async () => {
    let release!: () => void;
    const durable = new Promise<void>((resolve) => (release = resolve));
    const room = newRoom({ whenDurable: () => durable });
    const a = new TestClient();
    const reader = new TestClient();
    connect(room, a);
    connect(room, reader, { canWrite: () => false });
    addRow(a.doc, 'x');
    const answered = a.saveCheck(7);
    const readerAnswered = reader.saveCheck(8);
    await Promise.resolve();
    expect(a.saveAcks).toEqual([]);
    release();
    await Promise.all([answered, readerAnswered]);
    expect(a.saveAcks).toEqual([7]);
    expect(reader.saveAcks).toEqual([8]);
  });

  it('a session that leaves gets nothing more and the room forgets it', () => {
    const room = newRoom();
    const a = new TestClient();
    const b = new TestClient();
    connect(room, a);
    connect(room, b);
    pump([a, b]);
    b.disconnect();
    const before = b.transport.sent.length;
    addRow(a.doc, 'x');
    expect(b.transport.sent.length).toBe(before);
    expect(room.sessionCount).toBe(1);
  });

  it('a transport that throws on send is dropped without hurting the sender', () => {
    const room = newRoom();
    const a = new TestClient();
    const broken = new MemoryTransport();
    room.join(broken, writable);
    connect(room, a);
    broken.send = () => {
      throw new Error('socket gone');
    };
    addRow(a.doc, 'x');
    expect(rowsOf(room.doc)).toEqual(['x']);
    expect(room.sessionCount).toBe(1);
  });

  it('server-side sync update frames are what a stock client can read', () => {
    const room = newRoom();
    const a = new TestClient();
    connect(room, a);
    pump([a]);
    const other = new Y.Doc();
    addRow(other, 'direct');
    const frame = encodeSyncUpdate(Y.encodeStateAsUpdate(other));
    const c = new TestClient();
    connect(room, c);
    c.connection!.message(frame);
    pump([a, c]);
    expect(rowsOf(a.doc)).toEqual(['direct']);
    // And the awareness codec round-trips through y-protocols.
    const aw = new awarenessProtocol.Awareness(new Y.Doc());
    aw.setLocalState({ k: 'v' });
    const e = encoding.createEncoder();
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(aw, [aw.clientID]));
    expect(encoding.length(e)).toBeGreaterThan(1);
    aw.destroy();
  });
});
