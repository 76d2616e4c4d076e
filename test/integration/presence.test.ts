import { roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, roundTrip, waitForSync } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

// Presence over real sockets with stock y-websocket clients (SY16–SY18 in packages/sync/SPEC.md).

async function breakout(names: string[], rooms = 1) {
  const server = await startTestServer();
  const w = await createWorkshopWith(server.url, names, { rooms });
  await api(server.url, 'POST', `/workshops/${w.workshopId}/assignment`, { seed: 's' }, w.facilitatorToken);
  await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, w.facilitatorToken);
  const state = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken);
  const roomOf = (id: string) => (state.body.participants as Array<{ id: string; room: number }>).find((p) => p.id === id)!.room;
  return { server, w, roomOf };
}

/** Sends an awareness frame naming any client id with any clock and state, over a stock provider's socket. */
function forge(provider: WebsocketProvider, clientID: number, clock: number, state: unknown): void {
  const forged = new awarenessProtocol.Awareness(provider.doc);
  forged.setLocalState(null);
  forged.meta.set(clientID, { clock, lastUpdated: Date.now() });
  forged.states.set(clientID, state as Record<string, unknown>);
  const update = awarenessProtocol.encodeAwarenessUpdate(forged, [clientID]);
  forged.destroy();
  provider.ws!.send(encoding.encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, update);
  }));
}

describe('presence tells the truth', () => {
  it('[SY16] an abrupt drop removes the person for the others at once, though their clients echoed the state', async () => {
    const { server, w } = await breakout(['Ana', 'Bo', 'Cy']);
    const room = roomDocName(w.workshopId, 1);
    const [ana, bo, cy] = w.participants.map((p) => connectClient(server.wsUrl, room, p.token));
    await Promise.all([ana, bo, cy].map((c) => waitForSync(c!.provider)));
    ana!.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#1f5fa8' }, cursor: { anchor: 1 } });
    await vi.waitFor(() => [bo, cy].forEach((c) => expect(c!.provider.awareness.getStates().has(ana!.doc.clientID)).toBe(true)), 5000);
    // Bo's and Cy's stock clients re-sent Ana's state when they heard it; those frames are handled by now.
    await Promise.all([bo, cy].map((c) => roundTrip(c!.provider)));

    // Ana's laptop vanishes: no close frame, no reconnect.
    ana!.provider.shouldConnect = false;
    (ana!.provider.ws as unknown as WebSocket).terminate();
    // Before ownership stayed with the first announcer, this took the awareness timeout (30 s).
    await vi.waitFor(() => [bo, cy].forEach((c) => expect(c!.provider.awareness.getStates().has(ana!.doc.clientID)).toBe(false)), 5000);
  });

  it('[SY16] [SY17] a reader from another room cannot take someone\'s client id or rename them', async () => {
    const { server, w, roomOf } = await breakout(['Ana', 'Bo', 'Mallory', 'Dede'], 2);
    const byRoom = (n: number) => w.participants.filter((p) => roomOf(p.id) === n);
    const [alice, watcher] = byRoom(1) as [(typeof w.participants)[0], (typeof w.participants)[0]];
    const mallory = byRoom(2)[0]!;
    const room1 = roomDocName(w.workshopId, 1);
    const a = connectClient(server.wsUrl, room1, alice.token);
    const b = connectClient(server.wsUrl, room1, watcher.token);
    const m = connectClient(server.wsUrl, room1, mallory.token);
    await Promise.all([a, b, m].map((c) => waitForSync(c.provider)));
    a.provider.awareness.setLocalState({ user: { name: alice.name, color: '#1f5fa8' } });
    const shown = { user: { id: alice.id, name: alice.name, role: 'participant', color: '#1f5fa8' } };
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual(shown), 5000);

    forge(m.provider, a.doc.clientID, 1000, { user: { name: `${alice.name} (spoofed by Mallory)` } });
    await roundTrip(m.provider); // handled (and dropped)
    await roundTrip(b.provider); // anything it caused has reached the watcher
    await roundTrip(a.provider);
    expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual(shown);
    expect(a.provider.awareness.getLocalState()).toEqual({ user: { name: alice.name, color: '#1f5fa8' } });

    // Mallory's own presence shows her name from her token, whatever she claims.
    m.provider.awareness.setLocalState({ user: { name: 'Facilitator', role: 'facilitator' }, cursor: { anchor: 0 } });
    await vi.waitFor(() =>
      expect(b.provider.awareness.getStates().get(m.doc.clientID)).toEqual({ user: { id: mallory.id, name: mallory.name, role: 'participant' } }), 5000,
    );
  });

  it('[SY17] the participant id shown is the token\'s: a page claiming someone else\'s shows its own; the facilitator shows its link instead', async () => {
    const { server, w } = await breakout(['Ana', 'Bo']);
    const [ana, bo] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0]];
    const room = roomDocName(w.workshopId, 1);
    const a = connectClient(server.wsUrl, room, ana.token);
    const b = connectClient(server.wsUrl, room, bo.token);
    const f = connectClient(server.wsUrl, room, w.facilitatorToken);
    await Promise.all([a, b, f].map((c) => waitForSync(c.provider)));
    // Ana's page pretends to be Bo, to be folded into his presence entry (or hide his).
    a.provider.awareness.setLocalState({ user: { id: bo.id, name: 'Bo' } });
    f.provider.awareness.setLocalState({ user: { id: ana.id, link: 'k_someone_else', name: 'Moderadora' } });
    const ownLink = (await api(server.url, 'GET', `/workshops/${w.workshopId}/facilitators`, undefined, w.facilitatorToken)).body.current as string;
    expect(ownLink).toMatch(/^k_/);
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { id: ana.id, name: 'Ana', role: 'participant' } }), 5000);
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(f.doc.clientID)).toEqual({ user: { link: ownLink, name: 'Moderadora', role: 'facilitator' } }), 5000);
  });

  it('[SY17] nobody can put presence into the server-written state document', async () => {
    const { server, w } = await breakout(['Ana', 'Bo']);
    const state = stateDocName(w.workshopId);
    const injector = connectClient(server.wsUrl, state, w.participants[0]!.token);
    const watcher = connectClient(server.wsUrl, state, w.participants[1]!.token);
    await Promise.all([injector, watcher].map((c) => waitForSync(c.provider)));
    injector.provider.awareness.setLocalState({
      user: { name: 'Facilitator', role: 'facilitator' },
      announcement: 'Everyone go to http://evil.example',
    });
    await roundTrip(injector.provider);
    await roundTrip(watcher.provider);
    expect(watcher.provider.awareness.getStates().has(injector.doc.clientID)).toBe(false);
  });
});
