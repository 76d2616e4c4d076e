import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentRoom, MemoryFanOutBus, MemoryStorage, MessageType, encodeAwareness, type Connection, type SessionOptions } from '../src/index';
import { FakeTimers } from './helpers/FakeTimers';
import { DOC, connectClient, newManager } from './helpers/newManager';
import { TestClient, pump } from './helpers/TestClient';

// Awareness ownership and what a session may show (SY16–SY18 in packages/sync/SPEC.md), driven
// like a stock y-websocket client would: including its habit of re-sending every awareness
// update it receives.

function person(key: string, name: string | null, role = 'participant', canWrite = true): SessionOptions {
  return { canWrite: () => canWrite, identity: { key, name, role } };
}

const rooms: DocumentRoom[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.destroy();
});

function newRoom(): DocumentRoom {
  const room = new DocumentRoom(DOC);
  rooms.push(room);
  return room;
}

function connect(room: DocumentRoom, client: TestClient, options: SessionOptions): void {
  client.newTransport();
  const session = room.join(client.transport, options);
  const connection: Connection = { message: (d) => session.receive(d), close: () => session.leave() };
  client.attach(connection);
}

/** What the stock client does with every awareness update it receives: send it on to the server. */
function echo(client: TestClient, clientIDs: number[]): void {
  client.connection!.message(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(client.awareness, clientIDs)));
}

/** Sends an awareness frame for any client id, with any clock and state: what a hostile client can do. */
function sendAs(client: TestClient, clientID: number, clock: number, state: unknown): void {
  const forged = new awarenessProtocol.Awareness(client.doc);
  forged.setLocalState(null);
  forged.meta.set(clientID, { clock, lastUpdated: Date.now() });
  forged.states.set(clientID, state as Record<string, unknown>);
  client.connection!.message(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(forged, [clientID])));
  forged.destroy();
}

function awarenessFrames(client: TestClient): Uint8Array[] {
  return client.transport.sent.filter((frame) => decoding.readVarUint(decoding.createDecoder(frame)) === MessageType.Awareness);
}

describe('awareness belongs to the session that first announced it', () => {
  it('[SY16] an abrupt drop removes the person at once for everyone, though others echoed their state', () => {
    const room = newRoom();
    const [ana, bo, cy] = [new TestClient(), new TestClient(), new TestClient()];
    connect(room, ana, person('ana', 'Ana'));
    connect(room, bo, person('bo', 'Bo'));
    connect(room, cy, person('cy', 'Cy'));
    pump([ana, bo, cy]);
    ana.awareness.setLocalState({ cursor: 1 });
    pump([ana, bo, cy]);
    // Bo's and Cy's clients re-send Ana's state, as y-websocket's do.
    echo(bo, [ana.doc.clientID]);
    echo(cy, [ana.doc.clientID]);
    pump([ana, bo, cy]);

    ana.disconnect();
    pump([bo, cy]);
    expect(room.awareness.getStates().has(ana.doc.clientID)).toBe(false);
    expect(bo.awareness.getStates().has(ana.doc.clientID)).toBe(false);
    expect(cy.awareness.getStates().has(ana.doc.clientID)).toBe(false);
  });

  it('[SY16] when someone who echoed others leaves, the others stay (no flicker)', () => {
    const room = newRoom();
    const [ana, bo, cy] = [new TestClient(), new TestClient(), new TestClient()];
    connect(room, ana, person('ana', 'Ana'));
    connect(room, bo, person('bo', 'Bo'));
    connect(room, cy, person('cy', 'Cy'));
    ana.awareness.setLocalState({ cursor: 1 });
    pump([ana, bo, cy]);
    echo(bo, [ana.doc.clientID]);
    pump([ana, bo, cy]);
    const cyBefore = awarenessFrames(cy).length;

    bo.disconnect();
    pump([ana, cy]);
    expect(room.awareness.getStates().get(ana.doc.clientID)).toEqual({ cursor: 1 });
    expect(cy.awareness.getStates().get(ana.doc.clientID)).toEqual({ cursor: 1 });
    // Bo had no state of his own: nobody hears anything about his leaving.
    expect(awarenessFrames(cy)).toHaveLength(cyBefore);
  });

  it('[SY16] another person cannot set someone else\'s client id, nor make their own client adopt it', () => {
    const room = newRoom();
    const [ana, bo, mallory] = [new TestClient(), new TestClient(), new TestClient()];
    connect(room, ana, person('ana', 'Ana'));
    connect(room, bo, person('bo', 'Bo'));
    connect(room, mallory, person('mallory', 'Mallory', 'participant', false));
    ana.awareness.setLocalState({ user: { name: 'Ana', color: '#1f5fa8' } });
    pump([ana, bo, mallory]);
    const clock = ana.awareness.meta.get(ana.doc.clientID)!.clock;
    sendAs(mallory, ana.doc.clientID, clock + 5, { user: { name: 'Alice (spoofed by Mallory)' } });
    pump([ana, bo, mallory]);
    const shown = { user: { name: 'Ana', role: 'participant', color: '#1f5fa8' } };
    expect(room.awareness.getStates().get(ana.doc.clientID)).toEqual(shown);
    expect(bo.awareness.getStates().get(ana.doc.clientID)).toEqual(shown);
    expect(ana.awareness.getLocalState()).toEqual({ user: { name: 'Ana', color: '#1f5fa8' } });
    // Nor remove it.
    sendAs(mallory, ana.doc.clientID, clock + 6, null);
    pump([ana, bo, mallory]);
    expect(bo.awareness.getStates().get(ana.doc.clientID)).toEqual(shown);
  });

  it('[SY16] another tab of the same person echoing does not take the id over: closing the first removes it', () => {
    const room = newRoom();
    const [tab1, tab2, bo] = [new TestClient(), new TestClient(), new TestClient()];
    connect(room, tab1, person('facilitator', null, 'facilitator'));
    connect(room, tab2, person('facilitator', null, 'facilitator'));
    connect(room, bo, person('bo', 'Bo'));
    tab1.awareness.setLocalState({ cursor: 1 });
    pump([tab1, tab2, bo]);
    echo(tab2, [tab1.doc.clientID]);
    pump([tab1, tab2, bo]);
    tab1.disconnect();
    pump([tab2, bo]);
    expect(bo.awareness.getStates().has(tab1.doc.clientID)).toBe(false);
  });
});

/** What a watcher sees once a session with `options` sets `state` (each call a fresh room). */
function shownAs(options: SessionOptions, state: Record<string, unknown>): unknown {
  const room = newRoom();
  const [shower, watcher] = [new TestClient(), new TestClient()];
  connect(room, shower, options);
  connect(room, watcher, person('watcher', 'Watcher'));
  shower.awareness.setLocalState(state);
  pump([shower, watcher]);
  return watcher.awareness.getStates().get(shower.doc.clientID);
}

describe('what a session shows comes from its token', () => {
  it('[SY17] the name and role shown are the identity\'s, whatever the client claims; a colour only if it is one', () => {
    const ana = person('ana', 'Ana');
    expect(shownAs(ana, { user: { name: 'Facilitator', role: 'facilitator', color: '#a2392b' }, cursor: { anchor: 1 } })).toEqual({
      user: { name: 'Ana', role: 'participant', color: '#a2392b' },
      cursor: { anchor: 1 },
    });
    expect(shownAs(ana, { user: { name: 'Ana', color: 'red;background:url(https://evil.example)' } })).toEqual({ user: { name: 'Ana', role: 'participant' } });
  });

  it('[SY17] the participant id (or facilitator link) shown is the identity\'s: a claimed one is replaced, or dropped where the identity has none', () => {
    const ana: SessionOptions = { canWrite: () => true, identity: { key: 'participant:p-ana', name: 'Ana', role: 'participant', participantId: 'p-ana' } };
    expect(shownAs(ana, { user: { id: 'p-bo', name: 'Ana', color: '#a2392b' } })).toEqual({ user: { id: 'p-ana', name: 'Ana', role: 'participant', color: '#a2392b' } });
    // A reader shows who it is, its id included (the presence list groups by it).
    const reader: SessionOptions = { canWrite: () => false, identity: { key: 'participant:p-cy', name: 'Cy', role: 'participant', participantId: 'p-cy' } };
    expect(shownAs(reader, { user: { name: 'Cy' }, cursor: { anchor: 1 } })).toEqual({ user: { id: 'p-cy', name: 'Cy', role: 'participant' } });
    // The facilitator has no participant id: a page claiming one (someone else's) shows none.
    expect(shownAs(person('facilitator', null, 'facilitator'), { user: { id: 'p-ana', link: 'k-other', name: 'Moderadora' } })).toEqual({
      user: { name: 'Moderadora', role: 'facilitator' },
    });
    // A facilitator signed in through a link shows that link, not the one it claims; a participant never shows one.
    const coFacilitator: SessionOptions = { canWrite: () => true, identity: { key: 'facilitator', name: null, role: 'facilitator', participantId: null, linkId: 'k-co' } };
    expect(shownAs(coFacilitator, { user: { link: 'k-owner', name: 'Bo' } })).toEqual({ user: { link: 'k-co', name: 'Bo', role: 'facilitator' } });
    expect(shownAs(ana, { user: { link: 'k-owner', name: 'Ana' } })).toEqual({ user: { id: 'p-ana', name: 'Ana', role: 'participant' } });
  });

  it('[SY17] the facilitator, who has no name on record, keeps the name their page gives; the role is the token\'s', () => {
    expect(shownAs(person('facilitator', null, 'facilitator'), { user: { name: 'Moderadora', role: 'participant' } })).toEqual({
      user: { name: 'Moderadora', role: 'facilitator' },
    });
  });

  it('[SY17] a session that may not write shows who it is and nothing more', () => {
    const reader = person('cy', 'Cy', 'participant', false);
    const state = { user: { name: 'Cy', color: '#2e6b30' }, cursor: { anchor: 3 }, announcement: 'Everyone go to http://evil.example' };
    expect(shownAs(reader, state)).toEqual({ user: { name: 'Cy', role: 'participant', color: '#2e6b30' } });
  });

  it('[SY17] a session told to carry no awareness (the server-written state document) sets none', () => {
    const room = newRoom();
    const [participant, watcher] = [new TestClient(), new TestClient()];
    connect(room, participant, { ...person('cy', 'Cy', 'participant', false), awareness: 'none' });
    connect(room, watcher, { ...person('bo', 'Bo', 'participant', false), awareness: 'none' });
    participant.awareness.setLocalState({ user: { name: 'Facilitator', role: 'facilitator' }, announcement: 'Everyone go to http://evil.example' });
    pump([participant, watcher]);
    expect(room.awareness.getStates().size).toBe(0);
    expect(watcher.awareness.getStates().has(participant.doc.clientID)).toBe(false);
  });
});

describe('keeping a lone client\'s connection alive', () => {
  it('[SY18] a client alone on a document hears its own renewal back', () => {
    const room = newRoom();
    const alone = new TestClient();
    alone.awareness.setLocalState({ user: { name: 'Ana' } });
    connect(room, alone, person('ana', 'Ana'));
    pump([alone]);
    const before = awarenessFrames(alone).length;
    // What the awareness timer does every 15 s: the same state again, with the next clock.
    alone.awareness.setLocalState(alone.awareness.getLocalState());
    expect(awarenessFrames(alone)).toHaveLength(before + 1);
    pump([alone]);
    expect(alone.awareness.getLocalState()).toEqual({ user: { name: 'Ana' } });
  });

  it('[SY18] every session that was sent nothing for a keep-alive period gets a frame that changes nothing', async () => {
    const timers = new FakeTimers();
    const { manager } = newManager({ storage: new MemoryStorage(), timers, keepAliveMs: 10_000 });
    const quiet = await connectClient(manager);
    const busy = await connectClient(manager);
    pump([quiet, busy]);
    timers.advance(10_000); // the period in which both joined: neither was quiet
    const before = { quiet: quiet.transport.sent.length, busy: busy.transport.sent.length };
    busy.awareness.setLocalState({ cursor: 1 }); // sent to both (SY18), so neither is quiet now
    timers.advance(10_000);
    expect(quiet.transport.sent.length).toBe(before.quiet + 1);
    timers.advance(10_000);
    const frames = awarenessFrames(quiet);
    expect(frames.at(-1)).toEqual(new Uint8Array([MessageType.Awareness, 1, 0]));
    expect(quiet.transport.sent.length).toBe(before.quiet + 2);
    expect(busy.transport.sent.length).toBe(before.busy + 2);
    // A stock client reads it and nothing changes.
    pump([quiet, busy]);
    expect(quiet.awareness.getStates().get(busy.doc.clientID)).toEqual({ cursor: 1 });
  });
});

/** Two processes on one storage and fan-out bus; Ana on the first, Bo on the second. */
async function anaAndBoOnTwoProcesses() {
  const storage = new MemoryStorage();
  const bus = new MemoryFanOutBus();
  const one = newManager({ storage, fanOut: bus.connect() });
  const two = newManager({ storage, fanOut: bus.connect() }).manager;
  const ana = await connectClient(one.manager, DOC, person('ana', 'Ana'));
  const bo = await connectClient(two, DOC, person('bo', 'Bo'));
  return { two, ana, bo };
}

describe('awareness ownership across processes', () => {
  it('[MP2] [SY16] a person on one process cannot set the client id of someone on another', async () => {
    const { two, ana, bo } = await anaAndBoOnTwoProcesses();
    const mallory = await connectClient(two, DOC, person('mallory', 'Mallory', 'participant', false));
    ana.awareness.setLocalState({ user: { name: 'Ana' } });
    pump([ana, bo, mallory]);
    sendAs(mallory, ana.doc.clientID, 99, { user: { name: 'Alice (spoofed by Mallory)' } });
    pump([ana, bo, mallory]);
    expect(bo.awareness.getStates().get(ana.doc.clientID)).toEqual({ user: { name: 'Ana', role: 'participant' } });
    expect(ana.awareness.getLocalState()).toEqual({ user: { name: 'Ana' } });
  });

  it('[MP2] [SY16] a client that moved to another process keeps its presence when its old session ends', async () => {
    const { two, ana, bo } = await anaAndBoOnTwoProcesses();
    ana.awareness.setLocalState({ user: { name: 'Ana' }, cursor: 1 });
    pump([ana, bo]);
    // Ana's client opens a socket to process two while one still holds the old one.
    const old = ana.connection!;
    await connectClient(two, DOC, person('ana', 'Ana'), ana);
    ana.awareness.setLocalState({ user: { name: 'Ana' }, cursor: 2 });
    pump([ana, bo]);
    old.close();
    pump([ana, bo]);
    expect(bo.awareness.getStates().get(ana.doc.clientID)).toEqual({ user: { name: 'Ana', role: 'participant' }, cursor: 2 });
    // And when she leaves for good, she is gone everywhere.
    ana.disconnect();
    pump([bo]);
    expect(bo.awareness.getStates().has(ana.doc.clientID)).toBe(false);
  });
});
