import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CloseCode,
  DocumentRoom,
  FairScheduler,
  encodeSaveCheck,
  encodeSyncUpdate,
  type Connection,
  type DocumentRoomOptions,
  type InboundLimits,
  type SessionOptions,
} from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { TestClient, addRow, pump, rowsOf } from './helpers/TestClient';

// Issue 19 (a flooding connection costs only itself) and issue 21 item 3 (one member cannot fill
// a room): rules SY21–SY24 in packages/sync/SPEC.md.

const LIMITS: InboundLimits = {
  framesPerSecond: 10,
  frameBurst: 20,
  bytesPerSecond: 1024 * 1024,
  byteBurst: 1024 * 1024,
  awarenessPerSecond: 5,
  awarenessBurst: 10,
  closeAfterMs: 3000,
  pauseAtBytes: 64 * 1024,
  pauseAtFrames: 30,
};

const rooms: DocumentRoom[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

function makeRoom(timers: FakeTimers, options: DocumentRoomOptions = {}, name = 'w1/room/1'): DocumentRoom {
  const room = new DocumentRoom(name, { inbound: LIMITS, clock: timers, ...options });
  rooms.push(room);
  return room;
}

/** A client whose transport counts pauses and resumes. */
function connect(room: DocumentRoom, client: TestClient, options: Partial<SessionOptions> = {}) {
  const flow = { pauses: 0, resumes: 0 };
  client.transport.pause = () => void flow.pauses++;
  client.transport.resume = () => void flow.resumes++;
  const session = room.join(client.transport, { canWrite: () => true, ...options });
  const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
  client.attach(connection);
  return { session, flow };
}

/** `n` updates of one row each, made on a doc that is not connected (the raw frames a flooder sends). */
function floodFrames(n: number, clientID = 777): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const frames: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => frames.push(encodeSyncUpdate(update)));
  for (let i = 0; i < n; i++) addRow(doc, `flood ${i}`);
  doc.destroy();
  return frames;
}

describe('per-session budget for incoming frames', () => {
  it('[SY21] frames past the burst wait in order and are handled as the budget refills; nothing is lost', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    const flooder = new TestClient();
    const { session } = connect(room, flooder);
    pump([flooder]);
    const frames = floodFrames(25);
    for (const frame of frames) session.receive(frame);
    // The join's sync step 1 and step 2 took two frames of the burst of 20.
    expect(rowsOf(room.doc)).toHaveLength(18);
    expect(session.queuedFrames).toBe(7);
    timers.advance(1000); // 10 frames a second
    expect(rowsOf(room.doc)).toHaveLength(25);
    expect(rowsOf(room.doc)).toEqual(frames.map((_, i) => `flood ${i}`));
    expect(flooder.transport.closed).toBeNull();
  });

  it('[SY21] past its pause point the transport is paused, and resumed once the queue is empty', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers, { inbound: { ...LIMITS, closeAfterMs: 60_000 } });
    const flooder = new TestClient();
    const { session, flow } = connect(room, flooder);
    pump([flooder]);
    for (const frame of floodFrames(60)) session.receive(frame);
    expect(flow.pauses).toBe(1);
    expect(session.paused).toBe(true);
    timers.advance(2000);
    expect(flow.resumes).toBe(0);
    timers.advance(3000);
    expect(rowsOf(room.doc)).toHaveLength(60);
    expect(flow.resumes).toBe(1);
    expect(session.paused).toBe(false);
  });

  it('[SY21] a save check behind waiting frames is answered only after them', async () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    const flooder = new TestClient();
    const { session } = connect(room, flooder);
    pump([flooder]);
    for (const frame of floodFrames(30)) session.receive(frame);
    session.receive(encodeSaveCheck(7));
    await Promise.resolve();
    expect(flooder.saveAcks).toEqual([]);
    timers.advance(2000);
    await new Promise((r) => setTimeout(r, 0));
    expect(rowsOf(room.doc)).toHaveLength(30);
    expect(flooder.saveAcks).toEqual([7]);
  });

  it('[SY22] a session that stays over budget is closed with 4420; what it had handled stays; the others never wait', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    const flooder = new TestClient();
    const honest = new TestClient();
    const { session } = connect(room, flooder);
    connect(room, honest);
    pump([flooder, honest]);
    const frames = floodFrames(200);
    let sent = 0;
    // The flooder keeps 20 frames a second coming (twice its budget), the honest client types one a second.
    for (let t = 0; t < 5000 && !flooder.transport.closed; t += 100) {
      for (let i = 0; i < 2 && sent < frames.length; i++) session.receive(frames[sent++]!);
      if (t % 1000 === 0) {
        const before = rowsOf(room.doc).length;
        addRow(honest.doc, `honest ${t}`);
        // Handled at once: nothing of the flooder's queue stands in front of it.
        expect(rowsOf(room.doc).length).toBe(before + 1);
      }
      timers.advance(100);
    }
    expect(flooder.transport.closed).toEqual({ code: CloseCode.TooFast, reason: expect.stringMatching(/sending too fast/) });
    expect(honest.transport.closed).toBeNull();
    const handled = rowsOf(room.doc).filter((r) => r.startsWith('flood'));
    // Everything it had handled is still there, in order; the rest was never applied.
    expect(handled).toEqual(handled.map((_, i) => `flood ${i}`));
    expect(handled.length).toBeGreaterThan(19);
    expect(handled.length).toBeLessThan(sent);
    pump([honest]);
    expect(rowsOf(honest.doc)).toEqual(rowsOf(room.doc));
  });

  it('[SY22] an honest burst that touches the budget and calms down is never closed', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    const typist = new TestClient();
    const { session } = connect(room, typist);
    pump([typist]);
    // Ten bursts of 25 frames, each followed by 3 s of quiet: every burst waits a little, none adds up.
    const frames = floodFrames(250);
    for (let burst = 0; burst < 10; burst++) {
      for (let i = 0; i < 25; i++) session.receive(frames[burst * 25 + i]!);
      timers.advance(3000);
    }
    expect(typist.transport.closed).toBeNull();
    expect(rowsOf(room.doc)).toHaveLength(250);
  });

  it('[SY22] awareness floods wait and close the same way', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    const flooder = new TestClient();
    const { session } = connect(room, flooder);
    pump([flooder]);
    const state = (n: number) => {
      flooder.awareness.setLocalState({ n });
    };
    state(0);
    const before = room.awareness.getStates().get(flooder.doc.clientID);
    expect(before).toEqual({ n: 0 });
    for (let t = 0; t < 6000 && !flooder.transport.closed; t += 100) {
      for (let i = 0; i < 3; i++) state(t + i);
      timers.advance(100);
    }
    expect(flooder.transport.closed?.code).toBe(CloseCode.TooFast);
    expect(session.isOpen).toBe(false);
  });

  it('[SY21] a single frame larger than the byte burst is let through once the bucket is full', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers, { inbound: { ...LIMITS, byteBurst: 1024, bytesPerSecond: 1024, pauseAtBytes: 1024 } });
    const paster = new TestClient();
    connect(room, paster);
    pump([paster]);
    addRow(paster.doc, 'p'.repeat(50_000));
    timers.advance(1000);
    expect(rowsOf(room.doc)).toEqual(['p'.repeat(50_000)]);
    expect(paster.transport.closed).toBeNull();
  });
});

describe('echoes', () => {
  it('[SY25] a client that echoes every awareness change it receives (as the stock client does) is not closed for someone else\'s flood', () => {
    const timers = new FakeTimers();
    const room = makeRoom(timers);
    // Two flooders: together they make more awareness than one honest budget allows.
    const flooder = new TestClient();
    const second = new TestClient();
    const echoer = new TestClient();
    connect(room, flooder);
    connect(room, second);
    const { session: echoSession } = connect(room, echoer);
    pump([flooder, second, echoer]);
    // The echoer sends back every awareness frame the server sends it.
    const onSend = echoer.transport.onSend!;
    echoer.transport.onSend = (data) => {
      onSend(data);
      if (data[0] === 1) echoSession.receive(data);
    };
    for (let t = 0; t < 8000 && !flooder.transport.closed; t += 100) {
      for (let i = 0; i < 3; i++) {
        flooder.awareness.setLocalState({ n: t + i });
        second.awareness.setLocalState({ n: t + i });
      }
      timers.advance(100);
    }
    expect(flooder.transport.closed?.code).toBe(CloseCode.TooFast);
    expect(second.transport.closed?.code).toBe(CloseCode.TooFast);
    expect(echoer.transport.closed).toBeNull();
    // Its own frames still pay: an echoer cannot flood on credit it did not get.
    for (let i = 0; i < 300; i++) echoer.awareness.setLocalState({ own: i });
    expect(echoSession.queuedFrames).toBeGreaterThan(0);
  });
});

describe('fairness across documents', () => {
  it('[SY23] a document with many frames waiting handles a bounded number per turn; another document is served in the same turn', () => {
    const turns: Array<() => void> = [];
    const scheduler = new FairScheduler(8, (run) => turns.push(run));
    const timers = new FakeTimers();
    const busy = makeRoom(timers, { inbound: undefined, scheduler }, 'w1/room/1');
    const quiet = makeRoom(timers, { inbound: undefined, scheduler }, 'w1/room/2');
    const flooder = new TestClient();
    const other = new TestClient();
    const { session } = connect(busy, flooder);
    connect(quiet, other);
    // Two turns: the joins' step 1s are handled (one frame each), then the queues are empty.
    while (turns.length > 0) turns.shift()!();
    pump([flooder, other]);
    while (turns.length > 0) turns.shift()!();
    for (const frame of floodFrames(40)) session.receive(frame);
    expect(rowsOf(busy.doc)).toHaveLength(8);
    addRow(other.doc, 'elsewhere');
    expect(rowsOf(quiet.doc)).toEqual(['elsewhere']);
    let served = 1;
    while (turns.length > 0) {
      turns.shift()!();
      served++;
      expect(rowsOf(busy.doc)).toHaveLength(Math.min(40, served * 8));
    }
    expect(rowsOf(busy.doc)).toHaveLength(40);
  });

  it('[SY23] within one document, waiting sessions take turns', () => {
    const turns: Array<() => void> = [];
    const scheduler = new FairScheduler(32, (run) => turns.push(run));
    const timers = new FakeTimers();
    const room = makeRoom(timers, { inbound: undefined, scheduler });
    const a = new TestClient();
    const b = new TestClient();
    const sa = connect(room, a).session;
    const sb = connect(room, b).session;
    while (turns.length > 0) turns.shift()!();
    for (const frame of floodFrames(100, 1)) sa.receive(frame);
    // a's frames came one by one, each handled at once until the document's 32 of this turn were used.
    expect(rowsOf(room.doc)).toHaveLength(32);
    // b's frame arrives after a's 100: it is served at the next turn, in a's first slice, not after all of a's.
    sb.receive(floodFrames(1, 2)[0]!);
    expect(sb.queuedFrames).toBe(1);
    turns.shift()!();
    expect(sb.queuedFrames).toBe(0);
    expect(rowsOf(room.doc)).toHaveLength(32 + 16 + 1);
    while (turns.length > 0) turns.shift()!();
    expect(rowsOf(room.doc)).toHaveLength(101);
  });
});
