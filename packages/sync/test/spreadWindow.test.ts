import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocumentRoom, MessageType, type Connection, type DocumentRoomOptions } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, pump } from './helpers/TestClient';

const rooms: DocumentRoom[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

function setUp(options: DocumentRoomOptions = {}) {
  const timers = new FakeTimers();
  const stored: Uint8Array[] = [];
  const room = new DocumentRoom('w1/state', { clock: timers, spreadWindowMs: 50, onLocalChange: (u) => stored.push(u), ...options });
  rooms.push(room);
  const readers = [new TestClient(), new TestClient()];
  for (const client of readers) {
    const session = room.join(client.transport, { canWrite: () => true });
    const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
    client.attach(connection);
  }
  pump(readers);
  const updatesSent = (client: TestClient) => client.transport.sent.filter((f) => f[0] === MessageType.Sync && f[1] === 2).length;
  const write = (key: string, value: number) => room.doc.transact(() => room.doc.getMap('state').set(key, value), 'server');
  return { timers, room, readers, stored, updatesSent, write };
}

const stateOf = (client: TestClient) => client.doc.getMap('state').toJSON();

describe('[SY26] a spread window', () => {
  it('sends a lone change at once, and the changes made during the window merged, as one, when it ends', () => {
    const { timers, readers, stored, updatesSent, write } = setUp();
    const [a, b] = readers as [TestClient, TestClient];
    write('pointer', 1);
    pump(readers);
    expect(updatesSent(a)).toBe(1);
    expect(stateOf(a)).toEqual({ pointer: 1 });

    // Ten ballots within the window: stored at once, sent once, merged.
    for (let i = 0; i < 10; i++) write(`voter${i}`, i);
    expect(stored).toHaveLength(11);
    pump(readers);
    expect(updatesSent(a)).toBe(1);
    timers.advance(50);
    pump(readers);
    expect(updatesSent(a)).toBe(2);
    expect(updatesSent(b)).toBe(2);
    expect(stateOf(b)).toEqual(Object.fromEntries([['pointer', 1], ...Array.from({ length: 10 }, (_, i) => [`voter${i}`, i])]));

    // The window that sent them is open: the next change waits for its end.
    write('pointer', 2);
    pump(readers);
    expect(updatesSent(a)).toBe(2);
    timers.advance(50);
    pump(readers);
    expect(updatesSent(a)).toBe(3);
    expect(stateOf(a).pointer).toBe(2);
    // A window that held nothing closes: a change after a quiet spell goes at once again.
    timers.advance(50);
    expect(timers.pendingCount).toBe(0);
    write('pointer', 3);
    pump(readers);
    expect(updatesSent(a)).toBe(4);
  });

  it('never sends a session its own change back, and sends it the others\' made in the same window', () => {
    const { timers, readers, updatesSent, write } = setUp();
    const [a, b] = readers as [TestClient, TestClient];
    write('opened', 1);
    pump(readers);
    a.doc.getMap('state').set('fromA', 1);
    write('server', 2);
    pump(readers);
    timers.advance(50);
    pump(readers);
    expect(stateOf(b)).toEqual({ opened: 1, fromA: 1, server: 2 });
    expect(stateOf(a)).toEqual({ opened: 1, fromA: 1, server: 2 });
    // Everything a was sent holds the server's changes, never its own.
    const probe = new Y.Doc();
    for (const frame of a.transport.sent.filter((f) => f[0] === MessageType.Sync && f[1] === 2)) {
      const decoder = decoding.createDecoder(frame);
      decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      Y.applyUpdate(probe, decoding.readVarUint8Array(decoder));
    }
    expect(probe.getMap('state').toJSON()).toEqual({ opened: 1, server: 2 });
    expect(updatesSent(a)).toBe(2);
    expect(updatesSent(b)).toBe(2);
  });

  it('sends what the window held before the document closes', () => {
    const { readers, room, write } = setUp();
    write('a', 1);
    write('b', 2);
    room.destroy();
    pump(readers);
    expect(stateOf(readers[0]!)).toEqual({ a: 1, b: 2 });
  });

  it('holds nothing without a window (room tables)', () => {
    const { readers, updatesSent, write } = setUp({ spreadWindowMs: 0 });
    for (let i = 0; i < 5; i++) write(`k${i}`, i);
    pump(readers);
    expect(updatesSent(readers[0]!)).toBe(5);
  });
});
