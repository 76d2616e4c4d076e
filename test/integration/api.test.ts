import { describe, expect, it } from 'vitest';
import { api, createWorkshopWith } from '../helpers/api';
import { startTestServer } from '../helpers/testServer';

const expectError = (res: { status: number; body: any }, status: number, code?: string) => {
  expect(res.status).toBe(status);
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(5);
  if (code) expect(res.body.error.code).toBe(code);
};

describe('the workshop API', () => {
  it('answers /healthz', async () => {
    const server = await startTestServer();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('creates a workshop and lets people join with its code', async () => {
    const server = await startTestServer();
    const created = await api(server.url, 'POST', '/workshops', { title: 'Purpose', suggestions: ['A', 'B'], rooms: 2 });
    expect(created.status).toBe(201);
    expect(created.body.workshop.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(created.body.joinCode).toMatch(/^[A-Z2-9]{6}$/);
    expect(typeof created.body.facilitatorToken).toBe('string');

    const found = await api(server.url, 'GET', `/join/${created.body.joinCode.toLowerCase()}`);
    expect(found.body.workshop.id).toBe(created.body.workshop.id);

    const joined = await api(server.url, 'POST', `/workshops/${created.body.workshop.id}/participants`, {
      name: '  Ana  ',
      joinCode: created.body.joinCode,
    });
    expect(joined.status).toBe(201);
    expect(joined.body.participant).toEqual({ id: expect.any(String), name: 'Ana', room: null });
    expect(typeof joined.body.token).toBe('string');
  });

  it('a participant sees names but never a token', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo']);
    const seen = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.participants[0]!.token);
    expect(seen.status).toBe(200);
    expect(seen.body.participants.map((p: { name: string }) => p.name)).toEqual(['Ana', 'Bo']);
    expect(seen.body.workshop).toMatchObject({ id: w.workshopId, title: 'ccNSO purpose review', phase: 'lobby', endsAt: null });
    const text = JSON.stringify(seen.body);
    expect(text).not.toContain(w.facilitatorToken);
    for (const p of w.participants) expect(text).not.toContain(p.token);
  });

  it('rejects bad bodies with 400 and the contract error shape', async () => {
    const server = await startTestServer();
    expectError(await api(server.url, 'POST', '/workshops', '{not json'), 400);
    expectError(await api(server.url, 'POST', '/workshops', {}), 400, 'invalid_body');
    expectError(await api(server.url, 'POST', '/workshops', { title: '   ' }), 400);
    expectError(await api(server.url, 'POST', '/workshops', { title: 'x', rooms: 0 }), 400);
    expectError(await api(server.url, 'POST', '/workshops', { title: 'x', rooms: 'four' }), 400);
    expect((await server.workshops.all()).length).toBe(0);
  });

  it('refuses wrong join codes and bad names, and changes nothing', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, []);
    const join = (body: unknown) => api(server.url, 'POST', `/workshops/${w.workshopId}/participants`, body);
    expectError(await join({ name: 'Ana', joinCode: 'ZZZZZZ' }), 403, 'wrong_join_code');
    expectError(await join({ name: '', joinCode: w.joinCode }), 400);
    expectError(await join({ name: '   ', joinCode: w.joinCode }), 400);
    expectError(await join({ name: 'x'.repeat(200), joinCode: w.joinCode }), 400);
    expectError(await join({ joinCode: w.joinCode }), 400);
    expectError(await api(server.url, 'GET', '/join/NOPE42'), 404);
    expectError(await api(server.url, 'POST', '/workshops/nope/participants', { name: 'A', joinCode: w.joinCode }), 404);
    const state = await api(server.url, 'GET', `/workshops/${w.workshopId}`, undefined, w.facilitatorToken);
    expect(state.body.participants).toEqual([]);
  });

  it('checks the role of every facilitator action', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo']);
    const asAna = w.participants[0]!.token;
    const base = `/workshops/${w.workshopId}`;
    expectError(await api(server.url, 'POST', `${base}/assignment`, {}, asAna), 403, 'forbidden');
    expectError(await api(server.url, 'POST', `${base}/phase`, { phase: 'breakout' }, asAna), 403);
    expectError(await api(server.url, 'PATCH', `${base}/participants/${w.participants[1]!.id}`, { room: 1 }, asAna), 403);
    expectError(await api(server.url, 'POST', `${base}/broadcast`, { message: 'hi' }, asAna), 403);
    expectError(await api(server.url, 'GET', `${base}/progress`, undefined, asAna), 403);
    expectError(await api(server.url, 'POST', `${base}/assignment`, {}), 401, 'unauthorized');
    expectError(await api(server.url, 'POST', `${base}/assignment`, {}, 'rt1.forged.token'), 401);
    const state = await api(server.url, 'GET', base, undefined, w.facilitatorToken);
    expect(state.body.workshop.phase).toBe('lobby');
    expect(state.body.rooms).toEqual([]);
  });

  it('refuses unknown phases and moves to rooms that do not exist, changing nothing', async () => {
    const server = await startTestServer();
    const w = await createWorkshopWith(server.url, ['Ana', 'Bo', 'Chen'], { rooms: 2 });
    const base = `/workshops/${w.workshopId}`;
    const f = w.facilitatorToken;
    expect((await api(server.url, 'POST', `${base}/assignment`, { seed: 'one' }, f)).status).toBe(200);
    const before = (await api(server.url, 'GET', base, undefined, f)).body;
    expectError(await api(server.url, 'POST', `${base}/phase`, { phase: 'party' }, f), 400);
    expectError(await api(server.url, 'PATCH', `${base}/participants/${w.participants[0]!.id}`, { room: 7 }, f), 422);
    expectError(await api(server.url, 'PATCH', `${base}/participants/nobody`, { room: 1 }, f), 404);
    const after = (await api(server.url, 'GET', base, undefined, f)).body;
    expect(after.rooms).toEqual(before.rooms);
    expect(after.workshop.phase).toBe('lobby');
  });
});
