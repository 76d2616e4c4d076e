import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, DocumentRoom, encodeAwareness, encodeSyncUpdate, type SessionOptions } from '../src/index';
import { MemoryTransport } from './helpers/MemoryTransport';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

const writable: SessionOptions = { canWrite: () => true };
const rooms: DocumentRoom[] = [];

/** A room with content, one well-behaved client, and a session to attack through. */
function setUp() {
  const changes: Uint8Array[] = [];
  const room = new DocumentRoom('w/room/1', { onLocalChange: (u) => changes.push(u) });
  rooms.push(room);
  addRow(room.doc, 'existing');
  const good = new TestClient();
  const goodSession = room.join(good.transport, writable);
  good.attach({ message: (d) => goodSession.receive(d), close: () => goodSession.leave() });
  pump([good]);
  const badTransport = new MemoryTransport();
  const bad = room.join(badTransport, writable);
  changes.length = 0;
  const before = Y.encodeStateAsUpdate(room.doc);
  const goodSentBefore = good.transport.sent.length;
  return { room, good, bad, badTransport, changes, before, goodSentBefore };
}

function validUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  addRow(doc, text);
  return Y.encodeStateAsUpdate(doc);
}

function expectRejected(frame: Uint8Array) {
  const s = setUp();
  s.bad.receive(frame);
  expect(s.badTransport.closed?.code).toBe(CloseCode.Malformed);
  expect(s.badTransport.closed?.reason).toMatch(/^malformed message: /);
  expect(Y.encodeStateAsUpdate(s.room.doc)).toEqual(s.before);
  expect(s.changes).toHaveLength(0);
  expect(s.good.transport.closed).toBeNull();
  expect(s.good.transport.sent.length).toBe(s.goodSentBefore);
  expect(s.room.sessionCount).toBe(1);
  // The good client still works.
  addRow(s.good.doc, 'after');
  expect(rowsOf(s.room.doc)).toEqual(['existing', 'after']);
  return s.badTransport.closed!.reason;
}

afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

describe('[SY6] malformed frames close only their session and change nothing', () => {
  it('empty frame', () => {
    expectRejected(new Uint8Array());
  });

  it('truncated varint', () => {
    expectRejected(new Uint8Array([0x80]));
    expectRejected(new Uint8Array([0, 0x80]));
  });

  it('unknown message type', () => {
    expect(expectRejected(new Uint8Array([7]))).toContain('unknown message type 7');
    expect(expectRejected(new Uint8Array([0, 9, 0]))).toContain('unknown sync message type 9');
  });

  it('huge declared length', () => {
    expectRejected(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    expectRejected(new Uint8Array([1, 0xff, 0xff, 0xff, 0x7f]));
  });

  it('a truncated update never half-applies', () => {
    const update = validUpdate('new row with a fairly long suggestion text');
    for (let cut = 1; cut < update.length; cut++) {
      const frame = encodeSyncUpdate(update.slice(0, cut));
      const s = setUp();
      s.bad.receive(frame);
      // Some prefixes may be valid (empty) updates; whatever happens, nothing partial lands.
      expect(Y.encodeStateAsUpdate(s.room.doc)).toEqual(s.before);
      expect(s.good.transport.closed).toBeNull();
    }
  });

  it('trailing bytes after a valid message', () => {
    const frame = encodeSyncUpdate(validUpdate('x'));
    expect(expectRejected(new Uint8Array([...frame, 0]))).toContain('trailing');
  });

  it('awareness with a broken JSON state', () => {
    const update = new Uint8Array([1, 5, 1, 3, ...new TextEncoder().encode('{x:')]);
    expectRejected(encodeAwareness(update));
  });

  it('a closed session ignores later frames', () => {
    const s = setUp();
    s.bad.receive(new Uint8Array([7]));
    s.bad.receive(encodeSyncUpdate(validUpdate('late')));
    expect(Y.encodeStateAsUpdate(s.room.doc)).toEqual(s.before);
  });

  it('random bytes: never throws, never hurts others, and a rejected frame changes nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0, 2, b.length, ...b])),
          fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0, 1, b.length, ...b])),
          fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([1, b.length, ...b])),
        ),
        (frame) => {
          const s = setUp();
          expect(() => s.bad.receive(frame)).not.toThrow();
          expect(s.good.transport.closed).toBeNull();
          if (s.badTransport.closed) {
            expect(s.badTransport.closed.code).toBe(CloseCode.Malformed);
            expect(Y.encodeStateAsUpdate(s.room.doc)).toEqual(s.before);
            expect(s.changes).toHaveLength(0);
          }
          for (const room of rooms.splice(0)) room.destroy();
        },
      ),
      { seed: 20240611, numRuns: 500 },
    );
  });
});
