import { readPeople, readRooms, roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { freshTarget, startCluster } from '../helpers/cluster';
import type { ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitForSync } from '../helpers/providers';
import { addMarker } from '../helpers/tableMarkers';
import { startTestServer } from '../helpers/testServer';

// Issue 17, items 4–6, over real HTTP and real sockets: help from a room, time per room, a message
// to one room, and the progress the console reads. Rules: packages/core/SPEC.md [HP*][RM*][TR*][RP*],
// access: docs/ACCESS.md.

async function breakoutWithTwoRooms() {
  const server = await startTestServer();
  const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2 });
  const base = `/workshops/${w.workshopId}`;
  const f = w.facilitatorToken;
  expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 'facil' }, f)).status).toBe(200);
  expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
  const state = (await api(server.url, 'GET', base, undefined, f)).body;
  const tokenOf = (id: string) => w.participants.find((p) => p.id === id)!.token;
  const room1 = (state.rooms[0].participantIds as string[]).map(tokenOf);
  const room2 = (state.rooms[1].participantIds as string[]).map(tokenOf);
  const roomsNow = async () => (await api(server.url, 'GET', base, undefined, f)).body.rooms as any[];
  return { server, w, base, f, room1, room2, roomsNow };
}

describe('help from a room, over HTTP and the state document', () => {
  it('[HP1] two members raise at the same moment: one call, seen live by a state-document reader; another room cannot raise or lower it', async () => {
    const { server, w, base, f, room1, room2, roomsNow } = await breakoutWithTwoRooms();
    const watcher = connectClient(server.wsUrl, stateDocName(w.workshopId), f);
    await waitForSync(watcher.provider);
    const [a, b] = await Promise.all(room1.map((t) => api(server.url, 'POST', `${base}/rooms/1/help`, undefined, t)));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(a!.body.room.help.raisedAt).toBe(b!.body.room.help.raisedAt);
    await vi.waitFor(() => {
      const rooms = readRooms(watcher.doc.getMap('state'))!;
      expect(rooms[0]!.help).not.toBeNull();
      expect(rooms[1]!.help).toBeNull();
    }, 5000);
    // Nothing about who raised it goes into the state: a room asks, not a person.
    expect(JSON.stringify((readRooms(watcher.doc.getMap('state'))!)[0]!.help)).not.toMatch(/p_/);
    expect(readPeople(watcher.doc.getMap('state'))).toHaveLength(4);
    const before = await roomsNow();
    for (const method of ['POST', 'DELETE']) {
      const res = await api(server.url, method, `${base}/rooms/1/help`, undefined, room2[0]);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await roomsNow()).toEqual(before);
    const progress = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body.rooms;
    expect(progress[0].helpSince).toBe(a!.body.room.help.raisedAt);
    expect(progress[1].helpSince).toBeNull();
  });

  it('[HP2][HP3][RM1] lowered by the room; answered by a message to that room only; [HP4] gone after the break-out', async () => {
    const { server, base, f, room1, room2, roomsNow } = await breakoutWithTwoRooms();
    await api(server.url, 'POST', `${base}/rooms/1/help`, undefined, room1[0]);
    expect((await api(server.url, 'DELETE', `${base}/rooms/1/help`, undefined, room1[1])).status).toBe(200);
    expect((await roomsNow())[0].help).toBeNull();
    await api(server.url, 'POST', `${base}/rooms/2/help`, undefined, room2[0]);
    const sent = await api(server.url, 'PUT', `${base}/rooms/2/message`, { message: 'On my way to room 2' }, f);
    expect(sent.status).toBe(200);
    const rooms = await roomsNow();
    expect(rooms[1].message.at).toEqual(expect.any(Number));
    expect(rooms[1].help).toBeNull();
    expect(rooms[0].message).toBeNull();
    const text = (token: string, room: number) => api(server.url, 'GET', `${base}/rooms/${room}/message`, undefined, token);
    expect((await text(room2[1]!, 2)).body.message).toEqual({ message: 'On my way to room 2', at: rooms[1].message.at });
    expect((await text(f, 2)).body.message.message).toBe('On my way to room 2');
    expect((await text(room1[0]!, 1)).body.message).toBeNull();
    // A participant cannot message a room; an empty message is refused with its own code.
    expect((await api(server.url, 'PUT', `${base}/rooms/1/message`, { message: 'hi' }, room1[0])).status).toBe(403);
    expect((await api(server.url, 'PUT', `${base}/rooms/1/message`, { message: '  ' }, f)).body.error.code).toBe('invalid_message');
    await api(server.url, 'POST', `${base}/rooms/1/help`, undefined, room1[0]);
    expect((await api(server.url, 'POST', `${base}/phase`, { phase: 'reporting' }, f)).status).toBe(200);
    expect((await roomsNow()).every((r) => r.help === null && r.message === null)).toBe(true);
    const late = await api(server.url, 'POST', `${base}/rooms/1/help`, undefined, room1[0]);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_in_breakout');
  });

  it('[RM3] the text of a message to room 2 reaches room 2 and the facilitator only: never the state document, the GET or another room', async () => {
    const { server, w, base, f, room1, room2 } = await breakoutWithTwoRooms();
    const secret = 'Bo, please let Dede finish her point';
    const watchers = [connectClient(server.wsUrl, stateDocName(w.workshopId), room1[0]!), connectClient(server.wsUrl, stateDocName(w.workshopId), room2[0]!)];
    await Promise.all(watchers.map((c) => waitForSync(c.provider)));
    expect((await api(server.url, 'PUT', `${base}/rooms/2/message`, { message: secret }, f)).status).toBe(200);
    // Both state-document readers see that room 2 has a message, neither receives its words.
    for (const watcher of watchers) {
      await vi.waitFor(() => expect((readRooms(watcher.doc.getMap('state'))!)[1]!.message).not.toBeNull(), 5000);
      expect(JSON.stringify(watcher.doc.toJSON())).not.toContain('let Dede');
    }
    for (const token of [...room1, ...room2]) {
      expect(JSON.stringify((await api(server.url, 'GET', base, undefined, token)).body)).not.toContain('let Dede');
    }
    // Room 1's members and someone of no room are refused; room 2's members read it.
    for (const token of room1) {
      const res = await api(server.url, 'GET', `${base}/rooms/2/message`, undefined, token);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('let Dede');
    }
    const late = await api(server.url, 'POST', `${base}/participants`, { name: 'Late', joinCode: w.joinCode });
    expect(late.status).toBe(201);
    expect((await api(server.url, 'GET', `${base}/rooms/2/message`, undefined, late.body.token)).status).toBe(403);
    expect((await api(server.url, 'GET', `${base}/rooms/2/message`, undefined, room2[1]!)).body.message.message).toBe(secret);
  });
});

describe('time per room', () => {
  it('[TR1][TR2][TR3] one room gets 5 more minutes: its own end moves, the break-out ends with it', async () => {
    const { server, base, f, room1, roomsNow } = await breakoutWithTwoRooms();
    const start = (await api(server.url, 'GET', base, undefined, f)).body.workshop.endsAt as number;
    const res = await api(server.url, 'POST', `${base}/rooms/2/time`, { minutes: 5 }, f);
    expect(res.status).toBe(200);
    const rooms = await roomsNow();
    expect(rooms[1].endsAt).toBe(start + 5 * 60_000);
    expect(rooms[0].endsAt).toBe(start);
    expect(rooms[0].offsetMs).toBe(-5 * 60_000);
    expect((await api(server.url, 'GET', base, undefined, f)).body.workshop.endsAt).toBe(start + 5 * 60_000);
    expect((await api(server.url, 'POST', `${base}/rooms/2/time`, { minutes: 5 }, room1[0])).status).toBe(403);
    expect((await api(server.url, 'POST', `${base}/rooms/9/time`, { minutes: 5 }, f)).status).toBe(404);
    expect((await api(server.url, 'POST', `${base}/rooms/1/time`, { minutes: 500 }, f)).body.error.code).toBe('invalid_minutes');
  });
});

describe('room progress', () => {
  it('[RP1][RP2] complete rows, missing ratings and the last edit seen, from the document', async () => {
    const { server, w, base, f, room1 } = await breakoutWithTwoRooms();
    const first = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body.rooms;
    expect(first[0]).toMatchObject({ rows: 0, completeRows: 0, ratingsMissing: 0, lastActivityAt: null });
    const member = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), room1[0]!);
    await waitForSync(member.provider);
    const before = Date.now();
    addMarker(member.doc, 'idea');
    await vi.waitFor(async () => {
      const rooms = (await api(server.url, 'GET', `${base}/progress`, undefined, f)).body.rooms;
      expect(rooms[0]).toMatchObject({ rows: 1, completeRows: 0, ratingsMissing: 2 });
      expect(rooms[0].lastActivityAt).toBeGreaterThanOrEqual(before);
      expect(rooms[1].lastActivityAt).toBeNull();
    }, 5000);
  });
});

describe('across server processes (PostgreSQL and Redis)', () => {
  it('[HP1][TR1][RP2] help raised on one process reaches a console on another at once; time and last edit follow too', async () => {
    const [a, b] = (await startCluster(freshTarget(), 2)) as [ServerProcess, ServerProcess];
    const w = await createWorkshopWith(a.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2 });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    expect((await api(a.url, 'POST', `${base}/assignment`, { seed: 'cluster' }, f)).status).toBe(200);
    expect((await api(b.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
    const rooms = (await api(a.url, 'GET', base, undefined, f)).body.rooms as Array<{ participantIds: string[] }>;
    const member = w.participants.find((p) => p.id === rooms[0]!.participantIds[0])!;

    const consoleOnB = connectClient(b.wsUrl, stateDocName(w.workshopId), f);
    await waitForSync(consoleOnB.provider);
    // The progress view on B reads (and so watches) room 1 before anyone edits it.
    expect((await api(b.url, 'GET', `${base}/progress`, undefined, f)).body.rooms[0].lastActivityAt).toBeNull();

    expect((await api(a.url, 'POST', `${base}/rooms/1/help`, undefined, member.token)).status).toBe(200);
    await vi.waitFor(() => expect((readRooms(consoleOnB.doc.getMap('state'))![0]!).help).not.toBeNull(), 5000);
    expect((await api(b.url, 'POST', `${base}/rooms/1/time`, { minutes: 5 }, f)).status).toBe(200);
    expect((await api(a.url, 'GET', base, undefined, member.token)).body.rooms[1].offsetMs).toBe(-5 * 60_000);

    const editor = connectClient(a.wsUrl, roomDocName(w.workshopId, 1), member.token);
    await waitForSync(editor.provider);
    addMarker(editor.doc, 'from-process-a');
    await vi.waitFor(async () => {
      const progress = (await api(b.url, 'GET', `${base}/progress`, undefined, f)).body.rooms;
      expect(progress[0].rows).toBe(1);
      expect(progress[0].lastActivityAt).not.toBeNull();
      expect(progress[0].helpSince).not.toBeNull();
    }, 10_000);
  });
});
