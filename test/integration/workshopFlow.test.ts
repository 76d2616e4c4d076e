import { readPeople, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { connectClient, waitForSync } from '../helpers/providers';
import { startTestServer } from '../helpers/testServer';

describe('the workshop flow through the API and the live state document', () => {
  it('assigns rooms balanced and reproducibly; late joiners go to the smallest room', async () => {
    const server = await startTestServer();
    const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const w = await createWorkshopWith(server.url, names, { rooms: 3 });
    const base = `/workshops/${w.workshopId}`;
    const first = await api(server.url, 'POST', `${base}/assignment`, { seed: 'ccnso' }, w.facilitatorToken);
    expect(first.status).toBe(200);
    const sizes = first.body.rooms.map((r: { participantIds: string[] }) => r.participantIds.length);
    expect(sizes.reduce((a: number, b: number) => a + b, 0)).toBe(7);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const again = await api(server.url, 'POST', `${base}/assignment`, { seed: 'ccnso' }, w.facilitatorToken);
    expect(again.body.rooms).toEqual(first.body.rooms);

    const late = await api(server.url, 'POST', `${base}/participants`, { name: 'Late', joinCode: w.joinCode });
    const smallest = first.body.rooms.reduce((a: any, b: any) => (b.participantIds.length < a.participantIds.length ? b : a));
    expect(late.body.participant.room).toBe(smallest.number);
  });

  it('moves people, appoints rapporteurs by members, lets the facilitator override', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen', 'Dede'], { rooms: 2 });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    const { body } = await api(server.url, 'POST', `${base}/assignment`, { seed: 's1' }, f);
    const room1: string[] = body.rooms[0].participantIds;
    const room2: string[] = body.rooms[1].participantIds;
    const token = (id: string) => w.participants.find((p) => p.id === id)!.token;

    // A member appoints a fellow member; a member of another room may not.
    const ok = await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room1[1] }, token(room1[0]!));
    expect(ok.status).toBe(200);
    expect(ok.body.room.rapporteurId).toBe(room1[1]);
    const refused = await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room2[0] }, token(room2[0]!));
    expect(refused.status).toBe(403);
    const notMember = await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room2[0] }, f);
    expect(notMember.status).toBe(400);
    const override = await api(server.url, 'PUT', `${base}/rooms/1/rapporteur`, { participantId: room1[0] }, f);
    expect(override.body.room.rapporteurId).toBe(room1[0]);

    // Moving the rapporteur away clears the badge of the room they left.
    const moved = await api(server.url, 'PATCH', `${base}/participants/${room1[0]}`, { room: 2 }, f);
    expect(moved.body.participant.room).toBe(2);
    const state = (await api(server.url, 'GET', base, undefined, f)).body;
    expect(state.rooms[0].rapporteurId).toBeNull();
    expect(state.rooms[1].participantIds).toContain(room1[0]);
  });

  it('every change reaches the live state document without a reload; clients cannot write it', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1, breakoutMinutes: 30 });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), w.participants[0]!.token);
    await waitForSync(live.provider);
    const state = live.doc.getMap<any>('state');
    expect(state.get('workshop').phase).toBe('lobby');

    await api(server.url, 'POST', `${base}/participants`, { name: 'Bo', joinCode: w.joinCode });
    await vi.waitFor(() => expect(readPeople(state)?.map((p) => p.name)).toEqual(['Ana', 'Bo']), 5000);

    const before = Date.now();
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, f);
    await vi.waitFor(() => expect(state.get('workshop').phase).toBe('breakout'), 5000);
    const endsAt = state.get('workshop').endsAt as number;
    expect(endsAt).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 30 * 60_000);

    await api(server.url, 'POST', `${base}/clock`, { action: 'extend', minutes: 5 }, f);
    await vi.waitFor(() => expect(state.get('workshop').endsAt).toBe(endsAt + 5 * 60_000), 5000);
    await api(server.url, 'POST', `${base}/clock`, { action: 'pause' }, f);
    await vi.waitFor(() => expect(state.get('workshop').paused).toBe(true), 5000);

    await api(server.url, 'POST', `${base}/broadcast`, { message: 'Five minutes to wrap up' }, f);
    await vi.waitFor(() => expect(state.get('broadcast').message).toBe('Five minutes to wrap up'), 5000);

    // A client's own write to the state document is never applied.
    live.doc.getMap<any>('state').set('workshop', { phase: 'closed' });
    const check = (await api(server.url, 'GET', base, undefined, f)).body;
    expect(check.workshop.phase).toBe('breakout');
    const fresh = connectClient(server.wsUrl, stateDocName(w.workshopId), f);
    await waitForSync(fresh.provider);
    expect(fresh.doc.getMap<any>('state').get('workshop').phase).toBe('breakout');
  });

  it('the phase clock survives a server restart', async () => {
    let server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana'], { rooms: 1 });
    const base = `/workshops/${w.workshopId}`;
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, w.facilitatorToken);
    const before = (await api(server.url, 'GET', base, undefined, w.facilitatorToken)).body.workshop.endsAt;
    server = await server.restart();
    const after = (await api(server.url, 'GET', base, undefined, w.facilitatorToken)).body;
    expect(after.workshop.phase).toBe('breakout');
    expect(after.workshop.endsAt).toBe(before);
    expect(after.rooms.length).toBe(1);
  });

  it('the facilitator sees each room’s progress and who is online, without reading the table', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo'], { rooms: 1, suggestions: ['Share information', 'Best practice'] });
    const base = `/workshops/${w.workshopId}`;
    await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, w.facilitatorToken);
    const ana = connectClient(server.wsUrl, `${w.workshopId}/room/1`, w.participants[0]!.token);
    await waitForSync(ana.provider);
    const progress = await api(server.url, 'GET', `${base}/progress`, undefined, w.facilitatorToken);
    expect(progress.status).toBe(200);
    expect(progress.body.rooms).toEqual([
      expect.objectContaining({ number: 1, rows: 2, ratingsFilled: 0, ratingsTotal: 4, rapporteurId: null, online: [w.participants[0]!.id] }),
    ]);
    expect(JSON.stringify(progress.body)).not.toContain('Share information');
  });
});
