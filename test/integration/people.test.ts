import { roomDocName, stateDocName } from '@roomtable/core';
import { describe, expect, it, vi } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { freshTarget, startCluster } from '../helpers/cluster';
import { connectClient, waitForClose, waitForSync } from '../helpers/providers';
import type { ServerProcess } from '../helpers/serverProcess';
import { addMarker, markersIn } from '../helpers/tableMarkers';
import { startTestServer } from '../helpers/testServer';

// People and roles over real HTTP and real sockets. Rule ids: packages/core/SPEC.md [FL*] [PE*].

/** Rooms assigned (Ana and Cy in room 1 with Ana its rapporteur, Bo in room 2), break-out running. */
async function breakout(url: string) {
  const w = await createWorkshopWith(url, ['Ana', 'Bo', 'Cy'], { rooms: 2 });
  const f = w.facilitatorToken;
  const [ana, bo, cy] = w.participants as [(typeof w.participants)[0], (typeof w.participants)[0], (typeof w.participants)[0]];
  expect((await api(url, 'POST', `/workshops/${w.workshopId}/assignment`, { seed: 's' }, f)).status).toBe(200);
  expect((await api(url, 'PATCH', `/workshops/${w.workshopId}/participants/${ana.id}`, { room: 1 }, f)).status).toBe(200);
  expect((await api(url, 'PATCH', `/workshops/${w.workshopId}/participants/${cy.id}`, { room: 1 }, f)).status).toBe(200);
  expect((await api(url, 'PATCH', `/workshops/${w.workshopId}/participants/${bo.id}`, { room: 2 }, f)).status).toBe(200);
  expect((await api(url, 'PUT', `/workshops/${w.workshopId}/rooms/1/rapporteur`, { participantId: ana.id }, ana.token)).status).toBe(200);
  expect((await api(url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, f)).status).toBe(200);
  return { ...w, ana, bo, cy };
}

describe('facilitator links', () => {
  it('[FL1][FL2] the owner link is listed, a co-facilitator is invited, shown again and revoked; their socket closes', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana']);
    const listed = await api(server.url, 'GET', `/workshops/${w.workshopId}/facilitators`, undefined, w.facilitatorToken);
    expect(listed.status).toBe(200);
    expect(listed.body.links).toHaveLength(1);
    expect(listed.body.links[0]).toMatchObject({ label: 'Owner', revokedAt: null });
    expect(listed.body.current).toBe(listed.body.links[0].id);

    const invited = await api(server.url, 'POST', `/workshops/${w.workshopId}/facilitators`, { label: 'Bo (co-facilitator)' }, w.facilitatorToken);
    expect(invited.status).toBe(201);
    const co = invited.body.token as string;
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'breakout' }, co)).status).toBe(200);
    // A participant cannot invite, and nobody can revoke the link in their own hand.
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/facilitators`, { label: 'x' }, w.participants[0]!.token)).status).toBe(403);
    const own = await api(server.url, 'DELETE', `/workshops/${w.workshopId}/facilitators/${invited.body.link.id}`, undefined, co);
    expect([own.status, own.body.error.code]).toEqual([409, 'own_link']);
    const again = await api(server.url, 'POST', `/workshops/${w.workshopId}/facilitators/${invited.body.link.id}/token`, undefined, w.facilitatorToken);
    expect(again.status).toBe(200);

    const live = connectClient(server.wsUrl, stateDocName(w.workshopId), again.body.token);
    await waitForSync(live.provider);
    const closed = waitForClose(live.provider);
    const revoked = await api(server.url, 'DELETE', `/workshops/${w.workshopId}/facilitators/${invited.body.link.id}`, undefined, w.facilitatorToken);
    expect(revoked.status).toBe(200);
    expect(revoked.body.link.revokedAt).not.toBeNull();
    expect((await closed).code).toBe(4411);
    for (const token of [co, again.body.token as string]) {
      const refused = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, token);
      expect([refused.status, refused.body.error.code]).toEqual([401, 'link_revoked']);
    }
    const shownAgain = await api(server.url, 'POST', `/workshops/${w.workshopId}/facilitators/${invited.body.link.id}/token`, undefined, w.facilitatorToken);
    expect([shownAgain.status, shownAgain.body.error.code]).toEqual([409, 'link_already_revoked']);
    // The owner goes on.
    expect((await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken)).status).toBe(200);
  });

  it('[FL2] a link revoked through one process is refused by another at once, and its socket there closes', async () => {
    const target = freshTarget();
    const [a, b] = (await startCluster(target, 2)) as [ServerProcess, ServerProcess];
    const w = await createWorkshopWith(a.url, ['Ana']);
    const invited = await api(a.url, 'POST', `/workshops/${w.workshopId}/facilitators`, { label: 'Bo' }, w.facilitatorToken);
    const co = invited.body.token as string;
    await vi.waitFor(async () => expect((await api(b.url, 'GET', `/workshops/${w.workshopId}`, undefined, co)).status).toBe(200), 5000);
    const live = connectClient(b.wsUrl, stateDocName(w.workshopId), co);
    await waitForSync(live.provider);
    const closed = waitForClose(live.provider);
    expect((await api(a.url, 'DELETE', `/workshops/${w.workshopId}/facilitators/${invited.body.link.id}`, undefined, w.facilitatorToken)).status).toBe(200);
    expect((await closed).code).toBe(4411);
    const refused = await api(b.url, 'GET', `/workshops/${w.workshopId}`, undefined, co);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'link_revoked']);
  });
});

describe('one person, one seat', () => {
  it('[PE4] joining again from a device holding a seat continues it; a device link opens the same seat elsewhere', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana']);
    const ana = w.participants[0]!;
    const again = await api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, { name: 'Ana', joinCode: w.joinCode }, ana.token);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ participant: { id: ana.id, name: 'Ana' }, continued: true });
    const device = await api(server.url, 'POST', `/workshops/${w.workshopId}/device-link`, undefined, ana.token);
    expect(device.body).toMatchObject({ role: 'participant', participantId: ana.id });
    const state = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, device.body.token);
    expect(state.body.me.participantId).toBe(ana.id);
    expect(state.body.participants).toHaveLength(1);
    // Without a seat in hand, a join is a new person (the facilitator can merge them [PE2]).
    const fresh = await api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, { name: 'Ana', joinCode: w.joinCode });
    expect(fresh.status).toBe(201);
    expect(fresh.body.participant.id).not.toBe(ana.id);
  });

  it('[PE1] a removed person is refused at once, told so on their open socket, and what they wrote stays', async () => {
    const server = await startTestServer();
    const w = await breakout(server.url);
    const room = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), w.ana.token);
    const state = connectClient(server.wsUrl, stateDocName(w.workshopId), w.ana.token);
    await Promise.all([waitForSync(room.provider), waitForSync(state.provider)]);
    addMarker(room.doc, 'written by Ana');
    const cy = connectClient(server.wsUrl, roomDocName(w.workshopId, 1), w.cy.token);
    await vi.waitFor(() => expect(markersIn(cy.doc)).toContain('written by Ana'), 5000);

    const closes = [waitForClose(room.provider), waitForClose(state.provider)];
    const removed = await api(server.url, 'DELETE', `/workshops/${w.workshopId}/participants/${w.ana.id}`, undefined, w.facilitatorToken);
    expect(removed.status).toBe(200);
    expect((await Promise.all(closes)).map((c) => c.code)).toEqual([4410, 4410]);
    const refused = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.ana.token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'person_removed']);
    const view = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken);
    expect(view.body.participants.map((p: { name: string }) => p.name)).toEqual(['Bo', 'Cy']);
    expect(view.body.rooms[0]).toMatchObject({ number: 1, rapporteurId: null });
    const snapshot = await api(server.url, 'POST', `/workshops/${w.workshopId}/snapshots`, {}, w.facilitatorToken);
    expect(snapshot.status).toBe(201);
    expect(markersIn(cy.doc)).toContain('written by Ana');
    // Reconnecting with the old token is refused with the same reason.
    const back = connectClient(server.wsUrl, stateDocName(w.workshopId), w.ana.token);
    expect((await waitForClose(back.provider)).code).toBe(4410);
  });

  it('[PE2][PE3] a duplicate merged into the first entry: one person, the duplicate device continues as them and can present', async () => {
    const server = await startTestServer();
    const w = await breakout(server.url);
    // Ana opens the join link on her phone and joins again by name: a late joiner, in room 2.
    const dup = await api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, { name: 'Ana', joinCode: w.joinCode });
    expect(dup.body.participant.room).toBe(2);
    const phone = connectClient(server.wsUrl, stateDocName(w.workshopId), dup.body.token);
    await waitForSync(phone.provider);
    const reconnect = waitForClose(phone.provider);
    const merged = await api(server.url, 'POST', `/workshops/${w.workshopId}/participants/${dup.body.participant.id}/merge`, { into: w.ana.id }, w.facilitatorToken);
    expect(merged.status).toBe(200);
    expect(merged.body.participant).toMatchObject({ id: w.ana.id, room: 1 });
    // The phone's socket is told to reconnect, and its token now opens Ana's seat.
    expect((await reconnect).code).toBe(1013);
    await waitForSync(phone.provider, 10_000);
    const seen = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, dup.body.token);
    expect(seen.body.me.participantId).toBe(w.ana.id);
    expect(seen.body.participants.filter((p: { name: string }) => p.name === 'Ana')).toHaveLength(1);
    expect(seen.body.rooms[0].rapporteurId).toBe(w.ana.id);
    expect((await api(server.url, 'POST', `/workshops/${w.workshopId}/phase`, { phase: 'reporting' }, w.facilitatorToken)).status).toBe(200);
    const present = await api(server.url, 'PUT', `/workshops/${w.workshopId}/plenary/presenting`, { room: 1 }, dup.body.token);
    expect(present.status).toBe(200);
  });
});
